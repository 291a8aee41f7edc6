import type { ApiError } from "../bindings/ApiError";
import type { ErrorCode } from "../bindings/ErrorCode";

// A Record so that a code added on the Rust side fails the type check until it is listed here.
const KNOWN: Record<ErrorCode, true> = {
  not_a_checkout: true,
  no_checkout: true,
  state_corrupt: true,
  config: true,
  keyring_unavailable: true,
  invalid_input: true,
  database: true,
  io: true,
  busy: true,
  not_found: true,
  not_found_or_private: true,
  disabled: true,
  gated: true,
  unauthorized: true,
  rate_limited: true,
  offline: true,
  hub_error: true,
  viewer_unauthenticated: true,
  viewer_not_ready: true,
  viewer_unavailable: true,
  not_configured: true,
  duplicate: true,
  github: true,
  ssh: true,
  not_allowed: true,
  outdated: true,
};
const CODES = Object.keys(KNOWN) as readonly ErrorCode[];

export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === "string" &&
    (CODES as readonly string[]).includes(v.code) &&
    typeof v.message === "string" &&
    (v.detail === null || v.detail === undefined || typeof v.detail === "string")
  );
}

/** Every backend rejection as an ApiError; anything else becomes an `io` error. */
export function asApiError(e: unknown): ApiError {
  if (isApiError(e)) return { code: e.code, message: e.message, detail: e.detail ?? null };
  const message = e instanceof Error ? e.message : String(e);
  return { code: "io", message, detail: null };
}

export function apiError(code: ErrorCode, message: string, detail: string | null = null): ApiError {
  return { code, message, detail };
}
