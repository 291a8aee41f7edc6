import type { AppInfo } from "../bindings/AppInfo";
import type { SecretId } from "../bindings/SecretId";
import type { SecretStatus } from "../bindings/SecretStatus";
import type { StatusReport } from "../bindings/StatusReport";

/**
 * Everything the UI asks of the desktop shell. Every method may reject with an `ApiError`
 * (`{ code, message, detail }`); use `asApiError` on whatever a rejection holds.
 */
export interface Backend {
  appInfo(): Promise<AppInfo>;
  /** The remembered checkout folder, if any. */
  localCheckout(): Promise<string | null>;
  /** Validates the folder, remembers it and starts watching it. */
  openLocalCheckout(path: string): Promise<StatusReport>;
  /** Rejects with `no_checkout` when none is chosen. */
  localStatus(): Promise<StatusReport>;
  closeLocalCheckout(): Promise<void>;
  secretStatuses(): Promise<SecretStatus[]>;
  setSecret(id: SecretId, value: string): Promise<SecretStatus>;
  clearSecret(id: SecretId): Promise<SecretStatus>;
  /** Calls `callback` whenever the watched checkout changes; resolves to an unsubscribe function. */
  onLocalStatusChanged(callback: () => void): Promise<() => void>;
  /** A native folder picker; null when cancelled. */
  pickFolder(): Promise<string | null>;
}

export { apiError, asApiError, isApiError } from "./errors";
export { BackendProvider, useBackend } from "./context";
