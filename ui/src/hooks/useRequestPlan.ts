import { useEffect, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { Draft } from "../bindings/Draft";
import type { Plan } from "../bindings/Plan";
import { asApiError, useBackend } from "../backend";

type Answer = { key: string; plan: Plan | null; error: ApiError | null };

/**
 * The backend's plan of `draft`, asked again on every change. The last plan stays shown while
 * the next one is computed; `current` says whether it is the plan of this very draft.
 */
export function useRequestPlan(draft: Draft) {
  const backend = useBackend();
  const key = JSON.stringify(draft);
  const [answer, setAnswer] = useState<Answer>({ key: "", plan: null, error: null });

  useEffect(() => {
    let cancelled = false;
    backend.planRequest(JSON.parse(key) as Draft).then(
      (plan) => {
        if (!cancelled) setAnswer({ key, plan, error: null });
      },
      (e: unknown) => {
        if (!cancelled) setAnswer((a) => ({ ...a, key, error: asApiError(e) }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, key]);

  return { plan: answer.plan, error: answer.error, current: answer.key === key && answer.error === null };
}
