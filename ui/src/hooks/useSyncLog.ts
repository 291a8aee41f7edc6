import { useCallback, useEffect, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { SyncLogEntry } from "../bindings/SyncLogEntry";
import { asApiError, useBackend } from "../backend";

const FOLLOW_MS = 5_000;

/** The log of sync `id` on host `name`; read again every 5 s while `live`. */
export function useSyncLog(name: string, id: string, live: boolean) {
  const backend = useBackend();
  const [lines, setLines] = useState<SyncLogEntry[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(() => {
    backend.hostSyncLog(name, id).then(
      (next) => {
        setLines(next);
        setError(null);
      },
      (e: unknown) => setError(asApiError(e)),
    );
  }, [backend, name, id]);

  useEffect(() => {
    load();
    if (!live) return;
    const timer = setInterval(load, FOLLOW_MS);
    return () => clearInterval(timer);
  }, [load, live]);

  return { lines, error };
}
