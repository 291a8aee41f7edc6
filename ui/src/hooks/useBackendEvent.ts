import { useEffect } from "react";
import type { ApiError } from "../bindings/ApiError";
import { asApiError } from "../backend";

/**
 * Listens to a backend broadcast while `enabled`: `subscribe` resolves to an unsubscribe
 * function, which also runs when the component goes away before it resolved.
 */
export function useBackendEvent(
  subscribe: (callback: () => void) => Promise<() => void>,
  onEvent: () => void,
  onError: (error: ApiError) => void,
  enabled = true,
) {
  useEffect(() => {
    if (!enabled) return;
    let unsubscribe: (() => void) | undefined;
    let stopped = false;
    subscribe(onEvent).then(
      (off) => {
        if (stopped) off();
        else unsubscribe = off;
      },
      (e: unknown) => {
        if (!stopped) onError(asApiError(e));
      },
    );
    return () => {
      stopped = true;
      unsubscribe?.();
    };
  }, [subscribe, onEvent, onError, enabled]);
}
