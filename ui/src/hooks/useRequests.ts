import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { RequestsView } from "../bindings/RequestsView";
import { asApiError, useBackend } from "../backend";
import { useBackendEvent } from "./useBackendEvent";

/** The Requests page's view: read from the local database, again whenever a poll changed it. */
export function useRequests() {
  const backend = useBackend();
  const [view, setView] = useState<RequestsView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [refreshing, setRefreshing] = useState(false);
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
      const next = await backend.requests();
      if (!alive.current || mine !== seq.current) return;
      setView(next);
      setError(null);
    } catch (e) {
      if (alive.current && mine === seq.current) setError(asApiError(e));
    }
  }, [backend]);

  useEffect(() => {
    void reload();
  }, [reload]);
  const onRequestsChanged = useCallback((callback: () => void) => backend.onRequestsChanged(callback), [backend]);
  const onReload = useCallback(() => void reload(), [reload]);
  useBackendEvent(onRequestsChanged, onReload, setError);

  const refresh = useCallback(async () => {
    setRefreshing(true);
    const mine = ++seq.current;
    try {
      const next = await backend.refreshRequests();
      if (alive.current && mine === seq.current) {
        setView(next);
        setError(null);
      }
    } catch {
      // The backend keeps why the poll failed: the view read next carries it.
      if (alive.current) await reload();
    } finally {
      if (alive.current) setRefreshing(false);
    }
  }, [backend, reload]);

  return { view, error, refreshing, refresh };
}
