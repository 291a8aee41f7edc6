import { useCallback } from "react";
import { useBackend } from "../backend";
import { useLiveRead } from "./useLiveRead";

/** Hosts report up to every ~2 s each: read them again at most twice a second. */
const MIN_RELOAD_MS = 500;

/** Every host as the desktop watches it, read again whenever one of them changes. */
export function useHosts() {
  const backend = useBackend();
  const read = useCallback(() => backend.hosts(), [backend]);
  const subscribe = useCallback((callback: () => void) => backend.onHostsChanged(callback), [backend]);
  const { value: hosts, error, reload } = useLiveRead(read, subscribe, MIN_RELOAD_MS);
  return { hosts, error, reload };
}
