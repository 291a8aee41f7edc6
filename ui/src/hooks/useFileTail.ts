import { useCallback } from "react";
import type { RunSource } from "../bindings/RunSource";
import { useBackend } from "../backend";
import { noEvents } from "./ticks";
import { useLiveRead } from "./useLiveRead";

/** Lines a log tail asks for. */
export const TAIL_LINES = 200;

/** The last lines of a run's file; read again whenever `version` changes (a new scan of a live run). */
export function useFileTail(source: RunSource, file: string, version: string) {
  const backend = useBackend();
  const { host, path } = source;
  // `version` is not used by the read itself: a new one is what makes it read again.
  const read = useCallback(() => backend.runFileTail({ host, path }, file, TAIL_LINES), [backend, host, path, file, version]);
  const { value: lines, error } = useLiveRead(read, noEvents);
  return { lines, error };
}
