import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { Progress } from "../bindings/Progress";
import type { RefreshReport } from "../bindings/RefreshReport";
import { asApiError, useBackend } from "../backend";

export interface RefreshState {
  running: boolean;
  full: boolean;
  cancelling: boolean;
  /** The latest progress report of the running refresh. */
  progress: Progress | null;
  /** What the last refresh did. */
  report: RefreshReport | null;
}

const IDLE: RefreshState = { running: false, full: false, cancelling: false, progress: null, report: null };

/**
 * Runs catalogue refreshes with their progress. `start` resolves to the error, if any, so the
 * caller decides how to show it (an offline banner with a retry, or the error banner).
 */
export function useCatalogueRefresh(onFinished: () => void) {
  const backend = useBackend();
  const [state, setState] = useState<RefreshState>(IDLE);
  const alive = useRef(true);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const start = useCallback(
    async (full: boolean): Promise<ApiError | null> => {
      setState({ running: true, full, cancelling: false, progress: null, report: null });
      try {
        const report = await backend.refreshCatalogue(full, (progress) => {
          if (alive.current) setState((s) => (s.running ? { ...s, progress } : s));
        });
        if (alive.current) setState({ ...IDLE, report });
        return null;
      } catch (e) {
        if (alive.current) setState(IDLE);
        return asApiError(e);
      } finally {
        if (alive.current) finished.current();
      }
    },
    [backend],
  );

  const cancel = useCallback(async (): Promise<ApiError | null> => {
    setState((s) => (s.running ? { ...s, cancelling: true } : s));
    try {
      await backend.cancelCatalogueRefresh();
      return null;
    } catch (e) {
      return asApiError(e);
    }
  }, [backend]);

  const dismissReport = useCallback(() => setState((s) => ({ ...s, report: null })), []);

  return { state, start, cancel, dismissReport };
}
