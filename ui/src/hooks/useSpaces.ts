import { useCallback } from "react";
import { useBackend } from "../backend";
import { everyWhileVisible } from "./ticks";
import { usePolledRead } from "./usePolledRead";

const reread = everyWhileVisible(30_000);

/** The watched Spaces as the Hub reports them, every 30 s while visible and on Refresh. */
export function useSpaces() {
  const backend = useBackend();
  const read = useCallback(() => backend.spaces(), [backend]);
  const { value: report, ...rest } = usePolledRead(read, reread);
  return { report, ...rest };
}
