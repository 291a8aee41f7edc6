import { useCallback } from "react";
import { useBackend } from "../backend";
import { noEvents } from "./ticks";
import { useLiveRead } from "./useLiveRead";

/** The Spaces the page watches, as saved. */
export function useSpacesSettings() {
  const backend = useBackend();
  const read = useCallback(() => backend.spacesSettings(), [backend]);
  const { value: settings, error } = useLiveRead(read, noEvents);
  return { settings, error };
}
