import { useCallback } from "react";
import type { RunSource } from "../bindings/RunSource";
import { useBackend } from "../backend";
import { everyWhileVisible } from "./ticks";
import { usePolledRead } from "./usePolledRead";

/** Runs change while they run: the folder is read again every 10 s while the window is visible. */
export const RESCAN_MS = 10_000;
const rescan = everyWhileVisible(RESCAN_MS);

/** What one run folder holds, read when shown, every 10 s while visible, and on Refresh. */
export function useRunsScan(source: RunSource) {
  const backend = useBackend();
  const { host, path } = source;
  const read = useCallback(() => backend.scanRuns({ host, path }), [backend, host, path]);
  const { value: report, ...rest } = usePolledRead(read, rescan);
  return { report, ...rest };
}
