import { useCallback, useEffect, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { DatasetDetails } from "../bindings/DatasetDetails";
import { asApiError, useBackend } from "../backend";

interface State {
  details: DatasetDetails | null;
  error: ApiError | null;
  loading: boolean;
}

/** A dataset's details; `reload` asks again, keeping what is shown meanwhile. */
export function useDatasetDetails(id: string) {
  const backend = useBackend();
  const [state, setState] = useState<State>({ details: null, error: null, loading: true });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    backend.datasetDetails(id, null).then(
      (details) => {
        if (!cancelled) setState({ details, error: null, loading: false });
      },
      (e: unknown) => {
        if (!cancelled) setState((s) => ({ details: s.details, error: asApiError(e), loading: false }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, id, attempt]);

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  const setFavourite = useCallback(
    (favourite: boolean) => setState((s) => (s.details ? { ...s, details: { ...s.details, favourite } } : s)),
    [],
  );

  return { ...state, reload, setFavourite };
}
