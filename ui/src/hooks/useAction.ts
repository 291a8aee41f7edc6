import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import { asApiError } from "../backend";

/** One backend action behind a button: whether it runs, and why it last failed. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  /** Runs `action`; resolves to its result, or to undefined when it failed (then `error` says why). */
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (e) {
      if (alive.current) setError(asApiError(e));
      return undefined;
    } finally {
      if (alive.current) setBusy(false);
    }
  }, []);

  const clearError = useCallback(() => setError(null), []);
  return { busy, error, run, clearError };
}
