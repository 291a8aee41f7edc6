import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import { asApiError } from "../backend";
import { useBackendEvent } from "./useBackendEvent";
import { useThrottledCallback } from "./useThrottledCallback";

/**
 * A view read from the backend once, and again whenever `subscribe`'s broadcast fires (at most
 * once per `minIntervalMs`). A late answer never replaces a newer one. `read` and `subscribe`
 * must be stable (useCallback): a new `read` is read again (the last value stays until it
 * answers, so key the component instead when the new read is about something else).
 */
export function useLiveRead<T>(
  read: () => Promise<T>,
  subscribe: (callback: () => void) => Promise<() => void>,
  minIntervalMs = 0,
) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const alive = useRef(true);
  // Bumped by every read, so that a late answer never replaces a newer one.
  const seq = useRef(0);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  /** Shows what `load` answers; `false` when it failed (the error is then shown). */
  const apply = useCallback(async (load: () => Promise<T>): Promise<boolean> => {
    const mine = ++seq.current;
    try {
      const next = await load();
      if (alive.current && mine === seq.current) {
        setValue(next);
        setError(null);
      }
      return true;
    } catch (e) {
      if (alive.current && mine === seq.current) setError(asApiError(e));
      return false;
    }
  }, []);

  const reload = useCallback(() => apply(read), [apply, read]);
  const throttled = useThrottledCallback(() => void reload(), minIntervalMs);
  useEffect(() => {
    throttled();
  }, [throttled, read]);
  useBackendEvent(subscribe, throttled, setError);

  return { value, error, reload, apply, alive };
}
