import { useEffect, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { FirstRows } from "../bindings/FirstRows";
import { asApiError, useBackend } from "../backend";

type State = { kind: "loading" } | { kind: "ready"; rows: FirstRows } | { kind: "error"; error: ApiError };

/** The viewer's first rows of one split; a late answer for another split is dropped. */
export function useFirstRows(id: string, config: string, split: string): State {
  const backend = useBackend();
  const [state, setState] = useState<State>({ kind: "loading" });

  useEffect(() => {
    let cancelled = false;
    setState({ kind: "loading" });
    backend.firstRows(id, config, split).then(
      (rows) => {
        if (!cancelled) setState({ kind: "ready", rows });
      },
      (e: unknown) => {
        if (!cancelled) setState({ kind: "error", error: asApiError(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, id, config, split]);

  return state;
}
