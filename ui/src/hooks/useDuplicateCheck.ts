import { useEffect, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { Draft } from "../bindings/Draft";
import type { Duplicate } from "../bindings/Duplicate";
import { asApiError, useBackend } from "../backend";

/** The check asks GitHub: wait until typing pauses. */
export const CHECK_DELAY_MS = 400;

type Answer = { key: string; duplicate: Duplicate | null; error: ApiError | null };

/** Whether `draft` duplicates an open PR, a merged request or a host's download; only asked when `enabled`. */
export function useDuplicateCheck(draft: Draft, enabled: boolean) {
  const backend = useBackend();
  const key = JSON.stringify(draft);
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      backend.checkRequest(JSON.parse(key) as Draft).then(
        (check) => {
          if (!cancelled) setAnswer({ key, duplicate: check.duplicate, error: null });
        },
        (e: unknown) => {
          if (!cancelled) setAnswer({ key, duplicate: null, error: asApiError(e) });
        },
      );
    }, CHECK_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [backend, key, enabled]);

  const mine = enabled && answer?.key === key ? answer : null;
  return { duplicate: mine?.duplicate ?? null, error: mine?.error ?? null, checking: enabled && mine === null };
}
