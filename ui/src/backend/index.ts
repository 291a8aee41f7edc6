import type { DatasetVersion } from "../bindings/DatasetVersion";
import type { JobState } from "../bindings/JobState";
import type { Rerun } from "../bindings/Rerun";
import type { RetrainHistory } from "../bindings/RetrainHistory";
import type { RunSource } from "../bindings/RunSource";
import type { RunsReport } from "../bindings/RunsReport";
import type { SpacesReport } from "../bindings/SpacesReport";
import type { SpacesSettings } from "../bindings/SpacesSettings";
import type { SyncLogEntry } from "../bindings/SyncLogEntry";
import type { AgentInfo } from "../bindings/AgentInfo";
import type { ClusterStatus } from "../bindings/ClusterStatus";
import type { StageOutcome } from "../bindings/StageOutcome";
import type { StageSpec } from "../bindings/StageSpec";
import type { AppInfo } from "../bindings/AppInfo";
import type { CatalogueStatus } from "../bindings/CatalogueStatus";
import type { ConnectionReport } from "../bindings/ConnectionReport";
import type { DatasetDetails } from "../bindings/DatasetDetails";
import type { Draft } from "../bindings/Draft";
import type { FirstRows } from "../bindings/FirstRows";
import type { GithubAccount } from "../bindings/GithubAccount";
import type { GitopsRepository } from "../bindings/GitopsRepository";
import type { HistoryPoint } from "../bindings/HistoryPoint";
import type { HostInput } from "../bindings/HostInput";
import type { HostView } from "../bindings/HostView";
import type { HubSettings } from "../bindings/HubSettings";
import type { NotificationSettings } from "../bindings/NotificationSettings";
import type { OpenedRequest } from "../bindings/OpenedRequest";
import type { Plan } from "../bindings/Plan";
import type { Progress } from "../bindings/Progress";
import type { RefreshReport } from "../bindings/RefreshReport";
import type { RequestCheck } from "../bindings/RequestCheck";
import type { RequestSettings } from "../bindings/RequestSettings";
import type { RequestsView } from "../bindings/RequestsView";
import type { SearchQuery } from "../bindings/SearchQuery";
import type { SearchResults } from "../bindings/SearchResults";
import type { SecretId } from "../bindings/SecretId";
import type { SecretStatus } from "../bindings/SecretStatus";
import type { SshHostChoice } from "../bindings/SshHostChoice";
import type { StatusReport } from "../bindings/StatusReport";

/**
 * Everything the UI asks of the desktop shell. Every method may reject with an `ApiError`
 * (`{ code, message, detail }`); use `asApiError` on whatever a rejection holds.
 */
export interface Backend {
  appInfo(): Promise<AppInfo>;
  /**
   * Says, once, that the first page has painted, `pageMs` after the page began to load: the app
   * logs it (`make bench` times start-up by it).
   */
  uiPainted(pageMs: number): Promise<void>;
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

  /** Local full-text search over the catalogue; fast enough to call on every keystroke. */
  catalogueSearch(query: SearchQuery): Promise<SearchResults>;
  catalogueStatus(): Promise<CatalogueStatus>;
  /**
   * Refreshes the catalogue from the Hub (a full crawl when `full` or when it is empty),
   * reporting progress as it reads pages. Rejects with `busy` when one already runs.
   */
  refreshCatalogue(full: boolean, onProgress: (progress: Progress) => void): Promise<RefreshReport>;
  /** Stops the running refresh between pages; it then resolves with `cancelled: true`. */
  cancelCatalogueRefresh(): Promise<void>;
  /** Asks the Hub when the local catalogue has no match; the results are kept in the catalogue. */
  searchHub(text: string): Promise<SearchResults>;
  /**
   * A dataset live from the Hub. When the Hub cannot be reached it resolves with `offline: true`
   * and what the catalogue knows; rejects with `not_found`, `gated`, `unauthorized`,
   * `rate_limited`, `offline` (not in the catalogue either) or `hub_error`.
   */
  datasetDetails(id: string, revision: string | null): Promise<DatasetDetails>;
  /** The dataset viewer's first rows of one split. */
  firstRows(id: string, config: string, split: string): Promise<FirstRows>;
  setFavourite(id: string, favourite: boolean): Promise<void>;

  /** The Hub endpoint and its dataset viewer's, as in effect. */
  hubSettings(): Promise<HubSettings>;
  /** Saves both (empty: the default); rejects with `invalid_input` for a URL Rust refuses. */
  setHubSettings(endpoint: string, viewerEndpoint: string): Promise<HubSettings>;
  /** Asks the Hub, whoami with the token if one is set, and the viewer; says what each answered. */
  testHubConnection(): Promise<ConnectionReport>;

  requestSettings(): Promise<RequestSettings>;
  /** Saves the repository, base branch and API URL; rejects with `invalid_input` for a bad one. */
  setRequestSettings(settings: RequestSettings): Promise<RequestSettings>;
  setNotificationSettings(notifications: NotificationSettings): Promise<RequestSettings>;
  /** The draft's YAML, path, branch and errors; local and instant, for every keystroke. */
  planRequest(draft: Draft): Promise<Plan>;
  /** The plan and whether an open PR, the base branch or a host already has it (asks GitHub). */
  checkRequest(draft: Draft): Promise<RequestCheck>;
  /**
   * Opens the request PR (through a fork without push access). Rejects with `duplicate`,
   * `not_configured`, `unauthorized`, `rate_limited`, `offline`, `github` or `invalid_input`.
   */
  createRequest(draft: Draft): Promise<OpenedRequest>;
  /** The Requests page as last polled, from the local database. */
  requests(): Promise<RequestsView>;
  /** Polls GitHub now. */
  refreshRequests(): Promise<RequestsView>;
  /** Opens an https page of the GitHub host in the browser; rejects for any other URL. */
  openUrl(url: string): Promise<void>;
  /** Calls `callback` whenever a poll changed the requests; resolves to an unsubscribe function. */
  onRequestsChanged(callback: () => void): Promise<() => void>;

  /** Every host, in the order added, as last watched. */
  hosts(): Promise<HostView[]>;
  /** The last hour of a host, oldest first, one point per ~2 s. */
  hostHistory(name: string): Promise<HistoryPoint[]>;
  /** Host names of ~/.ssh/config not added yet. */
  sshConfigHosts(): Promise<string[]>;
  /**
   * Adds a host and starts watching it, or changes the paths of one already added (same name).
   * Rejects with `invalid_input` for a name or path that cannot be sent to the host.
   */
  addHost(input: HostInput): Promise<HostView>;
  removeHost(name: string): Promise<void>;
  /** Trusts the key the user checked; `fingerprint` is the one shown, so a key that changed since is refused. */
  trustHostKey(name: string, fingerprint: string): Promise<void>;
  /** Connects again now instead of waiting for the next attempt. */
  retryHost(name: string): Promise<void>;
  /** Copies hugflow to the host's ~/.local/bin over SSH; only on the user's explicit request. */
  installAgent(name: string): Promise<AgentInfo>;
  /** Starts a detached sync of `draft` on the host; resolves to the job id. */
  startHostSync(name: string, draft: Draft): Promise<string>;
  cancelHostSync(name: string, id: string): Promise<void>;
  /** The sync's log so far: the engine's events, and other text the host printed (stderr). */
  hostSyncLog(name: string, id: string): Promise<SyncLogEntry[]>;
  /** Calls `callback` whenever a host's state, snapshot, agent or jobs change; resolves to an unsubscribe function. */
  onHostsChanged(callback: () => void): Promise<() => void>;
  /**
   * A Slurm login node's cluster (`hugflow cluster --json` over SSH): nodes, staging jobs, each
   * staged dataset node by node. Rejects with `not_configured` for a host not marked as a login
   * node or without hugflow, and with the host's own error (e.g. sinfo missing) otherwise.
   */
  hostCluster(name: string): Promise<ClusterStatus>;
  /**
   * Submits one Slurm job copying `storageName` from the shared storage to `spec.target` on the
   * nodes; resolves at once. Rejects with `invalid_input` (the Rust rule's message) for a bad spec.
   */
  stageOnCluster(name: string, storageName: string, spec: StageSpec): Promise<StageOutcome>;

  /** The run folders the Runs page shows, in the order added. */
  runSources(): Promise<RunSource[]>;
  /**
   * Adds a run folder (a local folder, or a folder on an added host) and resolves to the new list.
   * Rejects with `invalid_input` for an unknown host or a path that cannot be sent to it.
   */
  addRunSource(source: RunSource): Promise<RunSource[]>;
  removeRunSource(source: RunSource): Promise<RunSource[]>;
  /** Reads every ductaflow run and huldra artifact under the folder (over SSH for a host). */
  scanRuns(source: RunSource): Promise<RunsReport>;
  /** The last `lines` lines of a run's file; `file` is relative to the source's path, as in the report. */
  runFileTail(source: RunSource, file: string, lines: number): Promise<string[]>;
  /**
   * Re-runs a flow in its own folder (`flow` is its path, relative to the source's folder, as in
   * the report): `python <flow>.py --config <its saved config> --output-dir <its folder>`,
   * detached on the source's host (or this computer), so that it outlives the app. Resolves to
   * the re-run's record; a scan then carries its state on the flow (`rerun`), and what it prints
   * is `<flow>/.hugflow/rerun.log`. Rejects when it has no saved config, its script cannot be
   * found, or it is being re-run already.
   */
  rerunFlow(source: RunSource, flow: string): Promise<Rerun>;
  /** Stops the flow's running re-run; resolves to the state it ended in. */
  cancelRerun(source: RunSource, flow: string): Promise<JobState>;

  /** The retrain orchestrator's recorded runs: on a host's checkout over SSH, or in the local checkout (`host: null`). */
  retrainHistory(host: string | null): Promise<RetrainHistory>;
  /** A metadata repo's `dataset_metadata.json` versions from its commits, oldest first. */
  datasetVersions(repo: string): Promise<DatasetVersion[]>;

  spacesSettings(): Promise<SpacesSettings>;
  saveSpacesSettings(settings: SpacesSettings): Promise<void>;
  /** Each configured Space's runtime and, for workers, the iterations in their results dataset. */
  spaces(): Promise<SpacesReport>;
  /** Restarts a Space (needs a Hub token with write access). */
  restartSpace(id: string): Promise<void>;
  pauseSpace(id: string): Promise<void>;

  /** Whether the first-run setup was finished or skipped (a profile set up by hand counts as done). */
  setupDone(): Promise<boolean>;
  /** Records that the setup is done, so the next start opens the catalogue. */
  finishSetup(): Promise<void>;
  /** Where the GitHub token comes from and GitHub's login for it; never the token. */
  githubAccount(): Promise<GithubAccount>;
  /**
   * Looks the GitOps repository up on GitHub and, when it is there, saves it in the Requests
   * settings. Rejects with `invalid_input`, `not_found`, `unauthorized`, `offline`, …
   */
  setupGitopsRepo(repo: string): Promise<GitopsRepository>;
  /** The Host entries of the ssh config not added yet, each with Add host's verdict on its name. */
  setupSshHosts(): Promise<SshHostChoice[]>;
}

export { apiError, asApiError, isApiError } from "./errors";
export { BackendProvider, useBackend } from "./context";
