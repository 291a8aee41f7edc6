import { useCallback, useEffect, useRef } from "react";

/**
 * A stable function that runs `action` at most once per `intervalMs`: a call inside the interval
 * is put off to its end, and any further calls meanwhile join that one.
 */
export function useThrottledCallback(action: () => void, intervalMs: number): () => void {
  const latest = useRef(action);
  const last = useRef(Number.NEGATIVE_INFINITY);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    latest.current = action;
  }, [action]);

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );

  return useCallback(() => {
    if (timer.current !== null) return;
    const run = () => {
      timer.current = null;
      last.current = Date.now();
      latest.current();
    };
    const wait = last.current + intervalMs - Date.now();
    if (wait <= 0) run();
    else timer.current = setTimeout(run, wait);
  }, [intervalMs]);
}
