import { useEffect, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { RequestSettings } from "../bindings/RequestSettings";
import { asApiError, useBackend } from "../backend";

/** Where requests go, as saved; `setSettings` takes what a save answered. */
export function useRequestSettings() {
  const backend = useBackend();
  const [settings, setSettings] = useState<RequestSettings | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let cancelled = false;
    backend.requestSettings().then(
      (value) => {
        if (!cancelled) setSettings(value);
      },
      (e: unknown) => {
        if (!cancelled) setError(asApiError(e));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend]);

  return { settings, error, setSettings };
}
