import { useCallback } from "react";
import { useBackend } from "../backend";
import { noEvents } from "./ticks";
import { useLiveRead } from "./useLiveRead";

/** The added hosts, read once: for pickers that only need their names and paths. */
export function useHostList() {
  const backend = useBackend();
  const read = useCallback(() => backend.hosts(), [backend]);
  const { value: hosts, error } = useLiveRead(read, noEvents);
  return { hosts, error };
}
