import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { HostView } from "../bindings/HostView";
import { asApiError, useBackend } from "../backend";
import { useBackendEvent } from "./useBackendEvent";
import { useThrottledCallback } from "./useThrottledCallback";

/** Hosts report up to every ~2 s each: read them again at most twice a second. */
const MIN_RELOAD_MS = 500;

/** Every host as the desktop watches it, read again whenever one of them changes. */
export function useHosts() {
  const backend = useBackend();
  const [hosts, setHosts] = useState<HostView[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const alive = useRef(true);
  // Bumped by every read, so that a late answer never replaces a newer one.
  const seq = useRef(0);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const next = await backend.hosts();
      if (!alive.current || mine !== seq.current) return;
      setHosts(next);
      setError(null);
    } catch (e) {
      if (alive.current && mine === seq.current) setError(asApiError(e));
    }
  }, [backend]);

  const throttled = useThrottledCallback(() => void reload(), MIN_RELOAD_MS);
  useEffect(() => {
    throttled();
  }, [throttled]);
  const onHostsChanged = useCallback((callback: () => void) => backend.onHostsChanged(callback), [backend]);
  useBackendEvent(onHostsChanged, throttled, setError);

  return { hosts, error, reload };
}
