import { useCallback, useEffect, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { DatasetDetails } from "../bindings/DatasetDetails";
import type { Refs } from "../bindings/Refs";
import { asApiError, useBackend } from "../backend";

interface State {
  details: DatasetDetails | null;
  /** The revision `details` are of (null: the Hub's default branch). */
  detailsRevision: string | null;
  /** The last branches and tags seen: they are the repository's, whatever the revision. */
  refs: Refs | null;
  /** The last failure, and the revision it was for. */
  failure: { revision: string | null; error: ApiError } | null;
  loading: boolean;
}

/**
 * A dataset's details at `revision` (null: the default branch). `reload` asks again, keeping
 * what is shown meanwhile; another revision shows no details (`details` is null) until its
 * own arrive, so files and card are never those of the previous one.
 */
export function useDatasetDetails(id: string, revision: string | null) {
  const backend = useBackend();
  const [state, setState] = useState<State>({ details: null, detailsRevision: null, refs: null, failure: null, loading: true });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    backend.datasetDetails(id, revision).then(
      (details) => {
        if (!cancelled) setState((s) => ({ details, detailsRevision: revision, refs: details.refs ?? s.refs, failure: null, loading: false }));
      },
      (e: unknown) => {
        if (!cancelled) setState((s) => ({ ...s, failure: { revision, error: asApiError(e) }, loading: false }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, id, revision, attempt]);

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  const setFavourite = useCallback(
    (favourite: boolean) => setState((s) => (s.details ? { ...s, details: { ...s.details, favourite } } : s)),
    [],
  );

  // What belongs to another revision is not shown.
  return {
    details: state.detailsRevision === revision ? state.details : null,
    refs: state.refs,
    error: state.failure?.revision === revision ? state.failure.error : null,
    loading: state.loading,
    reload,
    setFavourite,
  };
}
