import { useCallback } from "react";
import type { RunSource } from "../bindings/RunSource";
import { useBackend } from "../backend";
import { noEvents } from "./ticks";
import { useLiveRead } from "./useLiveRead";

/** The saved run folders; `replace` shows the list an add or a remove answered. */
export function useRunSources() {
  const backend = useBackend();
  const read = useCallback(() => backend.runSources(), [backend]);
  const { value: sources, error, apply } = useLiveRead(read, noEvents);
  const replace = useCallback((next: RunSource[]) => void apply(() => Promise.resolve(next)), [apply]);
  return { sources, error, replace };
}
