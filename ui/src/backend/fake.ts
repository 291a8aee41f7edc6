import type { ApiError } from "../bindings/ApiError";
import type { AgentInfo } from "../bindings/AgentInfo";
import type { AppInfo } from "../bindings/AppInfo";
import type { CatalogueEntry } from "../bindings/CatalogueEntry";
import type { CatalogueStatus } from "../bindings/CatalogueStatus";
import type { ConnectionReport } from "../bindings/ConnectionReport";
import type { DatasetDetails } from "../bindings/DatasetDetails";
import type { DatasetVersion } from "../bindings/DatasetVersion";
import type { Draft } from "../bindings/Draft";
import type { FirstRows } from "../bindings/FirstRows";
import type { GithubAccount } from "../bindings/GithubAccount";
import type { GitopsRepository } from "../bindings/GitopsRepository";
import type { HistoryPoint } from "../bindings/HistoryPoint";
import type { HostInput } from "../bindings/HostInput";
import type { HostView } from "../bindings/HostView";
import type { HubSettings } from "../bindings/HubSettings";
import type { JobState } from "../bindings/JobState";
import type { NotificationSettings } from "../bindings/NotificationSettings";
import type { OpenedRequest } from "../bindings/OpenedRequest";
import type { Plan } from "../bindings/Plan";
import type { Progress } from "../bindings/Progress";
import type { RefreshReport } from "../bindings/RefreshReport";
import type { RequestCheck } from "../bindings/RequestCheck";
import type { RequestItem } from "../bindings/RequestItem";
import type { RequestSettings } from "../bindings/RequestSettings";
import type { RequestsView } from "../bindings/RequestsView";
import type { Rerun } from "../bindings/Rerun";
import type { RetrainHistory } from "../bindings/RetrainHistory";
import type { RunSource } from "../bindings/RunSource";
import type { RunsReport } from "../bindings/RunsReport";
import type { SearchQuery } from "../bindings/SearchQuery";
import type { SearchResults } from "../bindings/SearchResults";
import type { SecretId } from "../bindings/SecretId";
import type { SecretStatus } from "../bindings/SecretStatus";
import type { SpacesReport } from "../bindings/SpacesReport";
import type { SpacesSettings } from "../bindings/SpacesSettings";
import type { SshHostChoice } from "../bindings/SshHostChoice";
import type { StatusReport } from "../bindings/StatusReport";
import type { SyncLogEntry } from "../bindings/SyncLogEntry";
import { apiError } from "./errors";
import { offlineDetails, searchEntries } from "./fakeCatalogue";
import type { ClusterStatus } from "../bindings/ClusterStatus";
import type { StageOutcome } from "../bindings/StageOutcome";
import type { StageSpec } from "../bindings/StageSpec";
import { FakeHosts, type FakeHostsData } from "./fakeHosts";
import { FakeRuns, type FakeRunsData } from "./fakeRuns";
import { FakeSetup, type FakeSetupData } from "./fakeSetup";
import { FakeSpaces, type FakeSpacesData } from "./fakeSpaces";
import { duplicateMessage, findDuplicate, sortRequests, webHost } from "./fakeRequests";
import { plannedDraft, requestSettingsAnswer } from "./fakeRules";
import type { Backend } from "./index";

export interface FakeBackendData extends FakeHostsData, FakeRunsData, FakeSpacesData, FakeSetupData {
  appInfo?: AppInfo;
  /** Folders that are valid checkouts, with the report each one gives. */
  checkouts?: Record<string, StatusReport>;
  /** The remembered checkout folder. */
  remembered?: string | null;
  secrets?: SecretStatus[];
  /** What a secret falls back to when its keyring entry is cleared (default: not set). */
  secretFallbacks?: Partial<Record<SecretId, SecretStatus>>;
  /** The origin a token saved now is bound to (the configured Hub endpoint's or GitHub API URL's, which Rust works out). */
  secretOrigins?: Partial<Record<SecretId, string>>;
  /** What the folder picker returns. */
  pickFolderResult?: string | null;
  /** Delay of every call, to look like a real backend in the browser. */
  latencyMs?: number;
  /** The local catalogue. */
  catalogue?: CatalogueEntry[];
  /** Datasets only the Hub knows: a refresh or a Hub search brings them into the catalogue. */
  hub?: CatalogueEntry[];
  /**
   * What `datasetDetails` answers online, by id, or by `id@revision` (see `detailsKey`) for a
   * revision that differs from the default; offline answers are built from the catalogue.
   */
  details?: Record<string, DatasetDetails>;
  /** What `firstRows` answers, by `id/config/split` (see `firstRowsKey`). */
  firstRows?: Record<string, FirstRows>;
  refreshedAt?: string | null;
  endpoint?: string;
  /** Totals are counted up to this many, as the real catalogue's (default: no cap). */
  countCap?: number | null;
  /** The Hub cannot be reached: refresh, Hub search and first rows reject, details come from the catalogue. */
  offline?: boolean;
  /** Progress reports a refresh sends before it finishes. */
  refreshSteps?: number;
  /** Pause between two refresh steps. */
  refreshStepMs?: number;
  /** A refresh waits after its first report until `releaseRefresh()` or a cancel. */
  holdRefresh?: boolean;
  /** Default: huggingface.co and its viewer, datasets-server.huggingface.co. */
  hubSettings?: HubSettings;
  /** What "Test connection" answers (default: all reachable, no token). */
  connection?: ConnectionReport;
  /** Default: no GitOps repository, github.com, every notification on. */
  requestSettings?: RequestSettings;
  /** The request PRs of the GitOps repository, as the last poll saw them. */
  requests?: RequestItem[];
  /** The GitHub user of the token (default `you`). */
  login?: string;
  polledAt?: string | null;
  /** Why the last poll failed. */
  requestsError?: ApiError | null;
  /** The user cannot push to the GitOps repository: PRs come from a fork. */
  forkRequests?: boolean;
}

export function detailsKey(id: string, revision: string): string {
  return `${id}@${revision}`;
}

export function firstRowsKey(id: string, config: string, split: string): string {
  return `${id}/${config}/${split}`;
}

type Method = keyof Backend;

const EMPTY_FILTERS: SearchQuery["filters"] = {
  tasks: [],
  languages: [],
  modalities: [],
  size_categories: [],
  licenses: [],
  gated: null,
  on_host: false,
};

const DEFAULT_APP_INFO: AppInfo = {
  version: "0.0.0-fake",
  commit: "0000000",
  data_dir: "/tmp/hugflow-fake/data",
  log_dir: "/tmp/hugflow-fake/logs",
  database: "/tmp/hugflow-fake/data/hugflow.sqlite3",
};

export const DEFAULT_REQUEST_SETTINGS: RequestSettings = {
  repo: "",
  base_branch: "",
  api_url: "https://api.github.com",
  notifications: { complete: true, failed: true, merged: true, comment: true },
};

/** GitHub's timestamps: `2026-01-02T03:04:05Z`. */
const githubNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

const DEFAULT_HUB_SETTINGS: HubSettings = {
  endpoint: "https://huggingface.co",
  viewer_endpoint: "https://datasets-server.huggingface.co",
  default_viewer_endpoint: "https://datasets-server.huggingface.co",
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
  secretOrigins: Partial<Record<SecretId, string>>;
  pickFolderResult: string | null;
  latencyMs: number;
  /** Names of the methods called, in order. */
  readonly calls: Method[] = [];
  private readonly failures = new Map<Method, ApiError[]>();
  private readonly listeners = new Set<() => void>();
  catalogue: CatalogueEntry[];
  hub: CatalogueEntry[];
  details: Map<string, DatasetDetails>;
  rows: Map<string, FirstRows>;
  refreshedAt: string | null;
  endpoint: string;
  hubConfig: HubSettings;
  connection: ConnectionReport | null;
  countCap: number | null;
  offline: boolean;
  refreshSteps: number;
  refreshStepMs: number;
  holdRefresh: boolean;
  refreshing = false;
  /** `[id, favourite]` of every `setFavourite` call. */
  readonly favouriteCalls: Array<[string, boolean]> = [];
  /** `[id, revision]` of every `datasetDetails` call, failed ones too. */
  readonly detailsCalls: Array<[string, string | null]> = [];
  /** Every query `catalogueSearch` received. */
  readonly queries: SearchQuery[] = [];
  requestConfig: RequestSettings;
  requestItems: RequestItem[];
  login: string;
  polledAt: string | null;
  requestsError: ApiError | null;
  forkRequests: boolean;
  /** Every draft `planRequest` received. */
  readonly drafts: Draft[] = [];
  /** Every URL `openUrl` opened. */
  readonly openedUrls: string[] = [];
  private readonly requestListeners = new Set<() => void>();
  /** The hosts, their jobs and what was asked of them. */
  readonly fakeHosts: FakeHosts;
  /** The run folders, the retrain records and what was read of them. */
  readonly fakeRuns: FakeRuns;
  /** The watched Spaces and what was done to them. */
  readonly fakeSpaces: FakeSpaces;
  /** Whether the setup was done, and its GitHub answers. */
  readonly fakeSetup: FakeSetup;
  private cancelRequested = false;
  private release: (() => void) | null = null;

  constructor(data: FakeBackendData = {}) {
    this.info = data.appInfo ?? DEFAULT_APP_INFO;
    this.checkouts = new Map(Object.entries(clone(data.checkouts ?? {})));
    this.remembered = data.remembered ?? null;
    this.secrets = clone(data.secrets ?? []);
    this.secretFallbacks = clone(data.secretFallbacks ?? {});
    this.secretOrigins = clone(data.secretOrigins ?? {});
    this.pickFolderResult = data.pickFolderResult ?? null;
    this.latencyMs = data.latencyMs ?? 0;
    this.catalogue = clone(data.catalogue ?? []);
    this.hub = clone(data.hub ?? []);
    this.details = new Map(Object.entries(clone(data.details ?? {})));
    this.rows = new Map(Object.entries(clone(data.firstRows ?? {})));
    this.refreshedAt = data.refreshedAt ?? null;
    this.endpoint = data.endpoint ?? "https://huggingface.co/";
    this.hubConfig = clone(data.hubSettings ?? DEFAULT_HUB_SETTINGS);
    this.connection = clone(data.connection ?? null);
    this.countCap = data.countCap ?? null;
    this.offline = data.offline ?? false;
    this.refreshSteps = data.refreshSteps ?? 3;
    this.refreshStepMs = data.refreshStepMs ?? 0;
    this.holdRefresh = data.holdRefresh ?? false;
    this.requestConfig = clone(data.requestSettings ?? DEFAULT_REQUEST_SETTINGS);
    this.requestItems = clone(data.requests ?? []);
    this.login = data.login ?? "you";
    this.polledAt = data.polledAt ?? null;
    this.requestsError = data.requestsError ?? null;
    this.forkRequests = data.forkRequests ?? false;
    this.fakeHosts = new FakeHosts(data);
    this.fakeRuns = new FakeRuns(data, () => this.fakeHosts.hosts, () => this.remembered);
    this.fakeSpaces = new FakeSpaces(data);
    this.fakeSetup = new FakeSetup(data);
  }

  /** Lets a refresh held by `holdRefresh` go on to the end. */
  releaseRefresh(): void {
    this.holdRefresh = false;
    this.release?.();
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

  /** Fires `requests-changed` as a poll that saw something new would. */
  emitRequestsChanged(): void {
    for (const listener of [...this.requestListeners]) listener();
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

  async uiPainted(): Promise<void> {
    await this.enter("uiPainted");
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
    // The fake never stores the value itself: only that the keyring now has one, bound to the
    // origin configured now.
    const saved_for = this.secretOrigins[id] ?? null;
    return this.update(id, { set: true, source: "keyring", env_var: null, saved_for, other_origin: null });
  }

  async clearSecret(id: SecretId): Promise<SecretStatus> {
    await this.enter("clearSecret");
    const fallback = this.secretFallbacks[id];
    const unset = { set: false, source: null, env_var: null };
    return this.update(id, { ...(fallback ?? unset), saved_for: null, other_origin: null });
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

  async catalogueSearch(query: SearchQuery): Promise<SearchResults> {
    // Not counted in `calls`: it runs on every keystroke and would drown the rest.
    this.queries.push(clone(query));
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(this.latencyMs, 20)));
    const failure = this.failures.get("catalogueSearch")?.shift();
    if (failure) throw clone(failure);
    const { total, total_capped, items } = searchEntries(this.catalogue, query, this.countCap);
    return { total, total_capped, items: clone(items) };
  }

  async catalogueStatus(): Promise<CatalogueStatus> {
    await this.enter("catalogueStatus");
    return {
      count: this.catalogue.length,
      refreshed_at: this.refreshedAt,
      refreshing: this.refreshing,
      endpoint: this.endpoint,
    };
  }

  async refreshCatalogue(full: boolean, onProgress: (progress: Progress) => void): Promise<RefreshReport> {
    await this.enter("refreshCatalogue");
    if (this.offline) throw this.offlineError();
    if (this.refreshing) throw apiError("busy", "the catalogue is already being refreshed; wait for it or cancel it");
    this.refreshing = true;
    this.cancelRequested = false;
    const fullCrawl = full || this.catalogue.length === 0;
    const report: RefreshReport = { pages: 0, inserted: 0, updated: 0, unchanged: 0, pruned: 0, full_crawl: fullCrawl, cancelled: false };
    const incoming = [...this.hub];
    const steps = Math.max(1, this.refreshSteps);
    const perStep = Math.ceil(incoming.length / steps);
    try {
      for (let step = 0; step < steps; step++) {
        if (this.cancelRequested) {
          report.cancelled = true;
          break;
        }
        const page = incoming.slice(step * perStep, (step + 1) * perStep);
        for (const entry of page) this.upsert(entry, report);
        report.pages += 1;
        onProgress({
          task: fullCrawl ? "Reading the whole catalogue" : "Refreshing the catalogue",
          done: report.inserted + report.updated + report.unchanged,
          total: null,
          unit: "items",
          files: null,
          rate: null,
          eta_seconds: null,
          message: page[page.length - 1]?.id ?? null,
        });
        if (step < steps - 1) await this.pause();
      }
      if (!report.cancelled) this.refreshedAt = new Date().toISOString().replace("Z", "000");
      return report;
    } finally {
      this.refreshing = false;
    }
  }

  async cancelCatalogueRefresh(): Promise<void> {
    await this.enter("cancelCatalogueRefresh");
    if (!this.refreshing) return;
    this.cancelRequested = true;
    this.release?.();
  }

  async searchHub(text: string): Promise<SearchResults> {
    await this.enter("searchHub");
    if (this.offline) throw this.offlineError();
    const query: SearchQuery = { text, filters: EMPTY_FILTERS, sort: "downloads", limit: 100, offset: 0 };
    const { items } = searchEntries([...this.hub, ...this.catalogue.filter((c) => !this.hub.some((h) => h.id === c.id))], query);
    const ignored: RefreshReport = { pages: 0, inserted: 0, updated: 0, unchanged: 0, pruned: 0, full_crawl: false, cancelled: false };
    for (const entry of items) this.upsert(entry, ignored);
    const stored = items.map((i) => this.catalogue.find((c) => c.id === i.id) ?? i);
    return { total: stored.length, total_capped: false, items: clone(stored) };
  }

  async datasetDetails(id: string, revision: string | null): Promise<DatasetDetails> {
    this.detailsCalls.push([id, revision]);
    await this.enter("datasetDetails");
    const entry = this.catalogue.find((c) => c.id === id);
    if (this.offline) {
      if (!entry) throw this.offlineError();
      return clone(offlineDetails(entry, this.endpoint, this.offlineError().message, this.details.get(id)?.held_by ?? []));
    }
    const main = this.details.get(id);
    if (!main) throw apiError("not_found", `${id} does not exist on the Hub, or it is private and your token cannot see it.`);
    if (revision !== null && main.refs !== null) {
      const { branches, tags, converts } = main.refs;
      const known = [...branches, ...tags].some((r) => r.name === revision) || converts.some((r) => r.ref === revision);
      if (!known) throw apiError("not_found", `${id} has no revision ${revision}.`);
    }
    const details = (revision !== null ? this.details.get(detailsKey(id, revision)) : undefined) ?? main;
    return clone({ ...details, favourite: entry?.favourite ?? details.favourite });
  }

  async firstRows(id: string, config: string, split: string): Promise<FirstRows> {
    await this.enter("firstRows");
    if (this.offline) throw this.offlineError();
    const rows = this.rows.get(firstRowsKey(id, config, split));
    if (!rows) throw apiError("not_found", `The dataset viewer has no rows for ${id} ${config}/${split}.`);
    return clone(rows);
  }

  async setFavourite(id: string, favourite: boolean): Promise<void> {
    await this.enter("setFavourite");
    this.favouriteCalls.push([id, favourite]);
    const entry = this.catalogue.find((c) => c.id === id);
    if (entry) entry.favourite = favourite;
    const details = this.details.get(id);
    if (details) details.favourite = favourite;
  }

  async hubSettings(): Promise<HubSettings> {
    await this.enter("hubSettings");
    return clone(this.hubConfig);
  }

  /** Saves as given; what Rust refuses is queued with `failNext("setHubSettings", …)`. */
  async setHubSettings(endpoint: string, viewerEndpoint: string): Promise<HubSettings> {
    await this.enter("setHubSettings");
    const viewer = viewerEndpoint.trim();
    this.hubConfig = {
      ...this.hubConfig,
      endpoint: endpoint.trim() === "" ? DEFAULT_HUB_SETTINGS.endpoint : endpoint.trim(),
      viewer_endpoint: viewer === "" ? this.hubConfig.default_viewer_endpoint : viewer,
    };
    return clone(this.hubConfig);
  }

  async testHubConnection(): Promise<ConnectionReport> {
    await this.enter("testHubConnection");
    const reachable = { ok: true, detail: "reachable" };
    return clone(
      this.connection ?? {
        hub_endpoint: `${this.hubConfig.endpoint}/`,
        viewer_endpoint: `${this.hubConfig.viewer_endpoint}/`,
        hub: reachable,
        account: null,
        viewer: reachable,
      },
    );
  }

  async requestSettings(): Promise<RequestSettings> {
    await this.enter("requestSettings");
    return clone(this.requestConfig);
  }

  async setRequestSettings(settings: RequestSettings): Promise<RequestSettings> {
    await this.enter("setRequestSettings");
    const answer = requestSettingsAnswer(settings.repo, settings.api_url);
    if ("rejected" in answer) throw answer.rejected;
    const { notifications } = this.requestConfig;
    this.requestConfig = { ...answer.saved, base_branch: settings.base_branch.trim(), notifications };
    return clone(this.requestConfig);
  }

  async setNotificationSettings(notifications: NotificationSettings): Promise<RequestSettings> {
    await this.enter("setNotificationSettings");
    this.requestConfig = { ...this.requestConfig, notifications: clone(notifications) };
    return clone(this.requestConfig);
  }

  async planRequest(draft: Draft): Promise<Plan> {
    // Not counted in `calls`: it runs on every keystroke.
    this.drafts.push(clone(draft));
    const failure = this.failures.get("planRequest")?.shift();
    if (failure) throw clone(failure);
    return plannedDraft(draft);
  }

  async checkRequest(draft: Draft): Promise<RequestCheck> {
    await this.enter("checkRequest");
    const plan = plannedDraft(draft);
    if (plan.errors.length > 0) return { plan, duplicate: null };
    return { plan, duplicate: this.duplicateOf(plan) };
  }

  async createRequest(draft: Draft): Promise<OpenedRequest> {
    await this.enter("createRequest");
    const repo = this.repo();
    const plan = plannedDraft(draft);
    if (plan.errors.length > 0) {
      throw apiError("invalid_input", plan.errors.map((e) => `${e.field}: ${e.message}${e.hint ? ` (${e.hint})` : ""}`).join("; "));
    }
    const duplicate = this.duplicateOf(plan);
    if (duplicate) throw apiError("duplicate", duplicateMessage(duplicate));
    const number = Math.max(0, ...this.requestItems.map((i) => i.number)) + 1;
    const url = `https://${webHost(this.requestConfig.api_url)}/${repo}/pull/${number}`;
    const now = githubNow();
    this.requestItems.push({
      number,
      url,
      title: plan.title,
      kind: plan.kind,
      hf_id: plan.hf_id,
      storage_name: plan.storage_name,
      author: this.login,
      mine: true,
      pull: "open",
      state: { state: "pr_open" },
      checks: { state: "pending", failing: [] },
      events: [],
      created_at: now,
      updated_at: now,
    });
    this.emitRequestsChanged();
    const head = this.forkRequests ? `${this.login}:${plan.branch}` : plan.branch;
    return { number, url, branch: plan.branch, head, forked: this.forkRequests, path: plan.path, storage_name: plan.storage_name, login: this.login };
  }

  async requests(): Promise<RequestsView> {
    await this.enter("requests");
    return this.requestsView();
  }

  async refreshRequests(): Promise<RequestsView> {
    try {
      await this.enter("refreshRequests");
      this.repo();
    } catch (e) {
      this.requestsError = clone(e as ApiError);
      throw e;
    }
    this.requestsError = null;
    this.polledAt = githubNow();
    return this.requestsView();
  }

  /** Records the URL; which URLs open is the Rust allow-list's rule (tests refuse one with `failNext`). */
  async openUrl(url: string): Promise<void> {
    await this.enter("openUrl");
    this.openedUrls.push(url);
  }

  async onRequestsChanged(callback: () => void): Promise<() => void> {
    await this.enter("onRequestsChanged");
    const listener = () => callback();
    this.requestListeners.add(listener);
    return () => {
      this.requestListeners.delete(listener);
    };
  }

  async hosts(): Promise<HostView[]> {
    await this.enter("hosts");
    return this.fakeHosts.list();
  }

  async hostHistory(name: string): Promise<HistoryPoint[]> {
    await this.enter("hostHistory");
    return this.fakeHosts.historyOf(name);
  }

  async sshConfigHosts(): Promise<string[]> {
    await this.enter("sshConfigHosts");
    return this.fakeHosts.sshConfigHosts();
  }

  async addHost(input: HostInput): Promise<HostView> {
    await this.enter("addHost");
    return this.fakeHosts.add(input);
  }

  async removeHost(name: string): Promise<void> {
    await this.enter("removeHost");
    this.fakeHosts.remove(name);
  }

  async trustHostKey(name: string, fingerprint: string): Promise<void> {
    await this.enter("trustHostKey");
    this.fakeHosts.trust(name, fingerprint);
  }

  async retryHost(name: string): Promise<void> {
    await this.enter("retryHost");
    this.fakeHosts.retry(name);
  }

  async installAgent(name: string): Promise<AgentInfo> {
    await this.enter("installAgent");
    return this.fakeHosts.install(name);
  }

  async startHostSync(name: string, draft: Draft): Promise<string> {
    await this.enter("startHostSync");
    return this.fakeHosts.startSync(name, draft);
  }

  async cancelHostSync(name: string, id: string): Promise<void> {
    await this.enter("cancelHostSync");
    this.fakeHosts.cancel(name, id);
  }

  async hostSyncLog(name: string, id: string): Promise<SyncLogEntry[]> {
    await this.enter("hostSyncLog");
    return this.fakeHosts.log(name, id);
  }

  async onHostsChanged(callback: () => void): Promise<() => void> {
    await this.enter("onHostsChanged");
    return this.fakeHosts.subscribe(callback);
  }

  async hostCluster(name: string): Promise<ClusterStatus> {
    await this.enter("hostCluster");
    return this.fakeHosts.cluster(name);
  }

  async stageOnCluster(name: string, storageName: string, spec: StageSpec): Promise<StageOutcome> {
    await this.enter("stageOnCluster");
    return this.fakeHosts.stage(name, storageName, spec);
  }

  async runSources(): Promise<RunSource[]> {
    await this.enter("runSources");
    return this.fakeRuns.list();
  }

  async addRunSource(source: RunSource): Promise<RunSource[]> {
    await this.enter("addRunSource");
    return this.fakeRuns.add(source);
  }

  async removeRunSource(source: RunSource): Promise<RunSource[]> {
    await this.enter("removeRunSource");
    return this.fakeRuns.remove(source);
  }

  async scanRuns(source: RunSource): Promise<RunsReport> {
    await this.enter("scanRuns");
    return this.fakeRuns.scan(source);
  }

  async runFileTail(source: RunSource, file: string, lines: number): Promise<string[]> {
    await this.enter("runFileTail");
    return this.fakeRuns.tail(source, file, lines);
  }

  async rerunFlow(source: RunSource, flow: string): Promise<Rerun> {
    await this.enter("rerunFlow");
    return this.fakeRuns.rerun(source, flow);
  }

  async cancelRerun(source: RunSource, flow: string): Promise<JobState> {
    await this.enter("cancelRerun");
    return this.fakeRuns.cancelRerun(source, flow);
  }

  async retrainHistory(host: string | null): Promise<RetrainHistory> {
    await this.enter("retrainHistory");
    return this.fakeRuns.history(host);
  }

  async datasetVersions(repo: string): Promise<DatasetVersion[]> {
    await this.enter("datasetVersions");
    return this.fakeRuns.datasetVersions(repo);
  }

  async spacesSettings(): Promise<SpacesSettings> {
    await this.enter("spacesSettings");
    return clone(this.fakeSpaces.settings);
  }

  async saveSpacesSettings(settings: SpacesSettings): Promise<void> {
    await this.enter("saveSpacesSettings");
    this.fakeSpaces.save(settings);
  }

  async spaces(): Promise<SpacesReport> {
    await this.enter("spaces");
    return this.fakeSpaces.report();
  }

  async restartSpace(id: string): Promise<void> {
    await this.enter("restartSpace");
    this.fakeSpaces.restart(id);
  }

  async pauseSpace(id: string): Promise<void> {
    await this.enter("pauseSpace");
    this.fakeSpaces.pause(id);
  }

  async setupDone(): Promise<boolean> {
    await this.enter("setupDone");
    return this.fakeSetup.done;
  }

  async finishSetup(): Promise<void> {
    await this.enter("finishSetup");
    this.fakeSetup.done = true;
  }

  async githubAccount(): Promise<GithubAccount> {
    await this.enter("githubAccount");
    return this.fakeSetup.account(this.secrets, this.requestConfig.api_url, this.login);
  }

  async setupGitopsRepo(repo: string): Promise<GitopsRepository> {
    await this.enter("setupGitopsRepo");
    const found = this.fakeSetup.repository(repo, this.requestConfig);
    this.requestConfig = clone(found.settings);
    return clone(found);
  }

  async setupSshHosts(): Promise<SshHostChoice[]> {
    await this.enter("setupSshHosts");
    return FakeSetup.choices(this.fakeHosts.sshConfigHosts());
  }

  /** The GitOps repository; rejects as the real backend does when none is set. */
  private repo(): string {
    const { repo } = this.requestConfig;
    if (repo === "") throw apiError("not_configured", "no GitOps repository is set: enter it (owner/name) in Settings → Requests");
    return repo;
  }

  private duplicateOf(plan: Plan) {
    const repo = this.repo();
    const base = this.requestConfig.base_branch || "main";
    const fileUrl = `https://${webHost(this.requestConfig.api_url)}/${repo}/blob/${base}/${plan.path}`;
    return findDuplicate(plan, this.requestItems, this.details.get(plan.hf_id)?.held_by ?? [], fileUrl);
  }

  private requestsView(): RequestsView {
    const repo = this.requestConfig.repo;
    if (repo === "") return { repo: null, login: null, polled_at: null, items: [], error: clone(this.requestsError) };
    const polled = this.polledAt !== null;
    return { repo, login: polled ? this.login : null, polled_at: this.polledAt, items: clone(sortRequests(this.requestItems)), error: clone(this.requestsError) };
  }

  private offlineError() {
    return apiError("offline", `cannot reach ${this.endpoint} (connection refused); check the network or HF_ENDPOINT`);
  }

  private upsert(entry: CatalogueEntry, report: RefreshReport): void {
    const index = this.catalogue.findIndex((c) => c.id === entry.id);
    const existing = this.catalogue[index];
    if (existing === undefined) {
      this.catalogue.push(clone(entry));
      report.inserted += 1;
    } else if (existing.last_modified !== entry.last_modified) {
      this.catalogue[index] = { ...clone(entry), favourite: existing.favourite, hosts: existing.hosts };
      report.updated += 1;
    } else {
      report.unchanged += 1;
    }
  }

  private pause(): Promise<void> {
    if (!this.holdRefresh) {
      return this.refreshStepMs > 0 ? new Promise((resolve) => setTimeout(resolve, this.refreshStepMs)) : Promise.resolve();
    }
    return new Promise((resolve) => {
      this.release = () => {
        this.release = null;
        resolve();
      };
    });
  }

  private update(
    id: SecretId,
    change: Pick<SecretStatus, "set" | "source" | "env_var" | "saved_for" | "other_origin">,
  ): SecretStatus {
    const index = this.secrets.findIndex((s) => s.id === id);
    const current = this.secrets[index];
    if (index < 0 || current === undefined) throw apiError("invalid_input", `Unknown secret ${id}.`);
    const next: SecretStatus = {
      ...current,
      set: change.set,
      source: change.source,
      env_var: change.env_var,
      saved_for: change.saved_for,
      other_origin: change.other_origin,
    };
    this.secrets[index] = next;
    return clone(next);
  }
}
