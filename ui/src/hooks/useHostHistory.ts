import { useCallback, useEffect, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { HistoryPoint } from "../bindings/HistoryPoint";
import { asApiError, useBackend } from "../backend";
import { useBackendEvent } from "./useBackendEvent";
import { useThrottledCallback } from "./useThrottledCallback";

const EVERY_MS = 5_000;

/** The last hour of a host, read every 5 s and when the host changes (at most every 5 s). */
export function useHostHistory(name: string) {
  const backend = useBackend();
  const [points, setPoints] = useState<HistoryPoint[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(() => {
    backend.hostHistory(name).then(
      (next) => {
        setPoints(next);
        setError(null);
      },
      (e: unknown) => setError(asApiError(e)),
    );
  }, [backend, name]);

  const reload = useThrottledCallback(load, EVERY_MS);
  useEffect(() => {
    load();
    const timer = setInterval(reload, EVERY_MS);
    return () => clearInterval(timer);
  }, [load, reload]);
  const onHostsChanged = useCallback((callback: () => void) => backend.onHostsChanged(callback), [backend]);
  useBackendEvent(onHostsChanged, reload, setError);

  return { points, error };
}
