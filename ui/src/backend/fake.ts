import type { ApiError } from "../bindings/ApiError";
import type { AppInfo } from "../bindings/AppInfo";
import type { SecretId } from "../bindings/SecretId";
import type { SecretStatus } from "../bindings/SecretStatus";
import type { StatusReport } from "../bindings/StatusReport";
import { apiError } from "./errors";
import type { Backend } from "./index";

export interface FakeBackendData {
  appInfo?: AppInfo;
  /** Folders that are valid checkouts, with the report each one gives. */
  checkouts?: Record<string, StatusReport>;
  /** The remembered checkout folder. */
  remembered?: string | null;
  secrets?: SecretStatus[];
  /** What a secret falls back to when its keyring entry is cleared (default: not set). */
  secretFallbacks?: Partial<Record<SecretId, SecretStatus>>;
  /** What the folder picker returns. */
  pickFolderResult?: string | null;
  /** Delay of every call, to look like a real backend in the browser. */
  latencyMs?: number;
}

type Method = keyof Backend;

const DEFAULT_APP_INFO: AppInfo = {
  version: "0.0.0-fake",
  data_dir: "/tmp/hugflow-fake/data",
  log_dir: "/tmp/hugflow-fake/logs",
  database: "/tmp/hugflow-fake/data/hugflow.sqlite3",
};

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** An in-memory backend for tests and for `npm run dev` in a plain browser. */
export class FakeBackend implements Backend {
  info: AppInfo;
  checkouts: Map<string, StatusReport>;
  remembered: string | null;
  secrets: SecretStatus[];
  secretFallbacks: Partial<Record<SecretId, SecretStatus>>;
  pickFolderResult: string | null;
  latencyMs: number;
  /** Names of the methods called, in order. */
  readonly calls: Method[] = [];
  private readonly failures = new Map<Method, ApiError[]>();
  private readonly listeners = new Set<() => void>();

  constructor(data: FakeBackendData = {}) {
    this.info = data.appInfo ?? DEFAULT_APP_INFO;
    this.checkouts = new Map(Object.entries(clone(data.checkouts ?? {})));
    this.remembered = data.remembered ?? null;
    this.secrets = clone(data.secrets ?? []);
    this.secretFallbacks = clone(data.secretFallbacks ?? {});
    this.pickFolderResult = data.pickFolderResult ?? null;
    this.latencyMs = data.latencyMs ?? 0;
  }

  /** Makes the next call of `method` reject with `error`. */
  failNext(method: Method, error: ApiError): void {
    const queue = this.failures.get(method) ?? [];
    queue.push(error);
    this.failures.set(method, queue);
  }

  /** Replaces the report of a checkout folder (without notifying). */
  setReport(path: string, report: StatusReport): void {
    this.checkouts.set(path, clone(report));
  }

  /** Fires `local-status-changed` as the Rust watcher would. */
  emitLocalStatusChanged(): void {
    for (const listener of [...this.listeners]) listener();
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  callCount(method: Method): number {
    return this.calls.filter((m) => m === method).length;
  }

  private async enter(method: Method): Promise<void> {
    this.calls.push(method);
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const failure = this.failures.get(method)?.shift();
    if (failure) throw clone(failure);
  }

  async appInfo(): Promise<AppInfo> {
    await this.enter("appInfo");
    return clone(this.info);
  }

  async localCheckout(): Promise<string | null> {
    await this.enter("localCheckout");
    return this.remembered;
  }

  async openLocalCheckout(path: string): Promise<StatusReport> {
    await this.enter("openLocalCheckout");
    if (path.trim() === "") throw apiError("invalid_input", "The checkout path is empty.");
    const report = this.checkouts.get(path);
    if (!report) {
      throw apiError(
        "not_a_checkout",
        `${path} is not a Hugflow checkout: it has no .hugflow-state/ folder.`,
      );
    }
    this.remembered = path;
    return clone(report);
  }

  async localStatus(): Promise<StatusReport> {
    await this.enter("localStatus");
    if (this.remembered === null) throw apiError("no_checkout", "No checkout folder is open.");
    const report = this.checkouts.get(this.remembered);
    if (!report) throw apiError("io", `The checkout folder ${this.remembered} no longer exists.`);
    return clone(report);
  }

  async closeLocalCheckout(): Promise<void> {
    await this.enter("closeLocalCheckout");
    this.remembered = null;
  }

  async secretStatuses(): Promise<SecretStatus[]> {
    await this.enter("secretStatuses");
    return clone(this.secrets);
  }

  async setSecret(id: SecretId, value: string): Promise<SecretStatus> {
    await this.enter("setSecret");
    if (value.trim() === "") throw apiError("invalid_input", "The value is empty.");
    // The fake never stores the value itself: only that the keyring now has one.
    return this.update(id, { set: true, source: "keyring", env_var: null });
  }

  async clearSecret(id: SecretId): Promise<SecretStatus> {
    await this.enter("clearSecret");
    const fallback = this.secretFallbacks[id];
    return this.update(id, fallback ?? { set: false, source: null, env_var: null });
  }

  async onLocalStatusChanged(callback: () => void): Promise<() => void> {
    await this.enter("onLocalStatusChanged");
    const listener = () => callback();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async pickFolder(): Promise<string | null> {
    await this.enter("pickFolder");
    return this.pickFolderResult;
  }

  private update(id: SecretId, change: Pick<SecretStatus, "set" | "source" | "env_var">): SecretStatus {
    const index = this.secrets.findIndex((s) => s.id === id);
    const current = this.secrets[index];
    if (index < 0 || current === undefined) throw apiError("invalid_input", `Unknown secret ${id}.`);
    const next: SecretStatus = { ...current, set: change.set, source: change.source, env_var: change.env_var };
    this.secrets[index] = next;
    return clone(next);
  }
}
