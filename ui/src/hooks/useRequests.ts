import { useCallback, useState } from "react";
import { useBackend } from "../backend";
import { useLiveRead } from "./useLiveRead";

/** The Requests page's view: read from the local database, again whenever a poll changed it. */
export function useRequests() {
  const backend = useBackend();
  const read = useCallback(() => backend.requests(), [backend]);
  const subscribe = useCallback((callback: () => void) => backend.onRequestsChanged(callback), [backend]);
  const { value: view, error, reload, apply, alive } = useLiveRead(read, subscribe);
  const [refreshing, setRefreshing] = useState(false);

  const refresh = useCallback(async () => {
    setRefreshing(true);
    try {
      // When the poll fails the backend keeps why: the view read next carries it.
      if (!(await apply(() => backend.refreshRequests())) && alive.current) await reload();
    } finally {
      if (alive.current) setRefreshing(false);
    }
  }, [backend, apply, reload, alive]);

  return { view, error, refreshing, refresh };
}
