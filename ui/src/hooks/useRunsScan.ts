import { useCallback } from "react";
import type { RunSource } from "../bindings/RunSource";
import type { RunsReport } from "../bindings/RunsReport";
import { useBackend } from "../backend";
import { anyRerunRunning } from "../rerun";
import { everyWhileVisible } from "./ticks";
import { usePolledRead, type Hurry } from "./usePolledRead";

/** Runs change while they run: the folder is read again every 10 s while the window is visible. */
export const RESCAN_MS = 10_000;
/** A re-run started from here is watched closer: every 3 s while one runs, to show it end soon after it does. */
export const RERUN_RESCAN_MS = 3_000;
const rescan = everyWhileVisible(RESCAN_MS);
const whileRerunning: Hurry<RunsReport> = {
  subscribe: everyWhileVisible(RERUN_RESCAN_MS),
  needs: anyRerunRunning,
};

/** What one run folder holds, read when shown, every 10 s while visible (3 s while a re-run runs), and on Refresh. */
export function useRunsScan(source: RunSource) {
  const backend = useBackend();
  const { host, path } = source;
  const read = useCallback(() => backend.scanRuns({ host, path }), [backend, host, path]);
  const { value: report, ...rest } = usePolledRead(read, rescan, whileRerunning);
  return { report, ...rest };
}
