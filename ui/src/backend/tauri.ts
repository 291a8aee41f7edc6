import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { open } from "@tauri-apps/plugin-dialog";
import type { AgentInfo } from "../bindings/AgentInfo";
import type { AppInfo } from "../bindings/AppInfo";
import type { CatalogueStatus } from "../bindings/CatalogueStatus";
import type { ConnectionReport } from "../bindings/ConnectionReport";
import type { HubSettings } from "../bindings/HubSettings";
import type { DatasetDetails } from "../bindings/DatasetDetails";
import type { DatasetVersion } from "../bindings/DatasetVersion";
import type { Draft } from "../bindings/Draft";
import type { FirstRows } from "../bindings/FirstRows";
import type { HistoryPoint } from "../bindings/HistoryPoint";
import type { HostInput } from "../bindings/HostInput";
import type { HostView } from "../bindings/HostView";
import type { JobState } from "../bindings/JobState";
import type { NotificationSettings } from "../bindings/NotificationSettings";
import type { OpenedRequest } from "../bindings/OpenedRequest";
import type { Plan } from "../bindings/Plan";
import type { Progress } from "../bindings/Progress";
import type { RefreshReport } from "../bindings/RefreshReport";
import type { RequestCheck } from "../bindings/RequestCheck";
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
import type { StatusReport } from "../bindings/StatusReport";
import { asApiError } from "./errors";
import type { Backend } from "./index";

/** Invokes a Tauri command; a rejection is always an ApiError. */
async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw asApiError(e);
  }
}

async function subscribe(event: string, callback: () => void): Promise<() => void> {
  try {
    return await listen(event, () => callback());
  } catch (e) {
    throw asApiError(e);
  }
}

export class TauriBackend implements Backend {
  appInfo(): Promise<AppInfo> {
    return call("app_info");
  }

  localCheckout(): Promise<string | null> {
    return call("local_checkout");
  }

  openLocalCheckout(path: string): Promise<StatusReport> {
    return call("open_local_checkout", { path });
  }

  localStatus(): Promise<StatusReport> {
    return call("local_status");
  }

  closeLocalCheckout(): Promise<void> {
    return call("close_local_checkout");
  }

  secretStatuses(): Promise<SecretStatus[]> {
    return call("secret_statuses");
  }

  setSecret(id: SecretId, value: string): Promise<SecretStatus> {
    return call("set_secret", { id, value });
  }

  clearSecret(id: SecretId): Promise<SecretStatus> {
    return call("clear_secret", { id });
  }

  onLocalStatusChanged(callback: () => void): Promise<() => void> {
    return subscribe("local-status-changed", callback);
  }

  async pickFolder(): Promise<string | null> {
    try {
      const picked = await open({ directory: true, multiple: false });
      return typeof picked === "string" ? picked : null;
    } catch (e) {
      throw asApiError(e);
    }
  }

  catalogueSearch(query: SearchQuery): Promise<SearchResults> {
    return call("catalogue_search", { query });
  }

  catalogueStatus(): Promise<CatalogueStatus> {
    return call("catalogue_status");
  }

  refreshCatalogue(full: boolean, onProgress: (progress: Progress) => void): Promise<RefreshReport> {
    const channel = new Channel<Progress>();
    channel.onmessage = onProgress;
    return call("refresh_catalogue", { full, onProgress: channel });
  }

  cancelCatalogueRefresh(): Promise<void> {
    return call("cancel_catalogue_refresh");
  }

  searchHub(text: string): Promise<SearchResults> {
    return call("search_hub", { text });
  }

  datasetDetails(id: string, revision: string | null): Promise<DatasetDetails> {
    return call("dataset_details", { id, revision });
  }

  firstRows(id: string, config: string, split: string): Promise<FirstRows> {
    return call("first_rows", { id, config, split });
  }

  setFavourite(id: string, favourite: boolean): Promise<void> {
    return call("set_favourite", { id, favourite });
  }

  hubSettings(): Promise<HubSettings> {
    return call("hub_settings");
  }

  setHubSettings(endpoint: string, viewerEndpoint: string): Promise<HubSettings> {
    return call("set_hub_settings", { endpoint, viewerEndpoint });
  }

  testHubConnection(): Promise<ConnectionReport> {
    return call("test_hub_connection");
  }

  requestSettings(): Promise<RequestSettings> {
    return call("request_settings");
  }

  setRequestSettings(settings: RequestSettings): Promise<RequestSettings> {
    return call("set_request_settings", { settings });
  }

  setNotificationSettings(notifications: NotificationSettings): Promise<RequestSettings> {
    return call("set_notification_settings", { notifications });
  }

  planRequest(draft: Draft): Promise<Plan> {
    return call("plan_request", { draft });
  }

  checkRequest(draft: Draft): Promise<RequestCheck> {
    return call("check_request", { draft });
  }

  createRequest(draft: Draft): Promise<OpenedRequest> {
    return call("create_request", { draft });
  }

  requests(): Promise<RequestsView> {
    return call("requests");
  }

  refreshRequests(): Promise<RequestsView> {
    return call("refresh_requests");
  }

  openUrl(url: string): Promise<void> {
    return call("open_url", { url });
  }

  onRequestsChanged(callback: () => void): Promise<() => void> {
    return subscribe("requests-changed", callback);
  }

  hosts(): Promise<HostView[]> {
    return call("hosts");
  }

  hostHistory(name: string): Promise<HistoryPoint[]> {
    return call("host_history", { name });
  }

  sshConfigHosts(): Promise<string[]> {
    return call("ssh_config_hosts");
  }

  addHost(input: HostInput): Promise<HostView> {
    return call("add_host", { input });
  }

  removeHost(name: string): Promise<void> {
    return call("remove_host", { name });
  }

  trustHostKey(name: string, fingerprint: string): Promise<void> {
    return call("trust_host_key", { name, fingerprint });
  }

  retryHost(name: string): Promise<void> {
    return call("retry_host", { name });
  }

  installAgent(name: string): Promise<AgentInfo> {
    return call("install_agent", { name });
  }

  startHostSync(name: string, draft: Draft): Promise<string> {
    return call("start_host_sync", { name, draft });
  }

  cancelHostSync(name: string, id: string): Promise<void> {
    return call("cancel_host_sync", { name, id });
  }

  hostSyncLog(name: string, id: string): Promise<string[]> {
    return call("host_sync_log", { name, id });
  }

  onHostsChanged(callback: () => void): Promise<() => void> {
    return subscribe("hosts-changed", callback);
  }

  runSources(): Promise<RunSource[]> {
    return call("run_sources");
  }

  addRunSource(source: RunSource): Promise<RunSource[]> {
    return call("add_run_source", { source });
  }

  removeRunSource(source: RunSource): Promise<RunSource[]> {
    return call("remove_run_source", { source });
  }

  scanRuns(source: RunSource): Promise<RunsReport> {
    return call("scan_runs", { source });
  }

  runFileTail(source: RunSource, file: string, lines: number): Promise<string[]> {
    return call("run_file_tail", { source, file, lines });
  }

  rerunFlow(source: RunSource, flow: string): Promise<Rerun> {
    return call("rerun_flow", { source, flow });
  }

  cancelRerun(source: RunSource, flow: string): Promise<JobState> {
    return call("cancel_rerun", { source, flow });
  }

  retrainHistory(host: string | null): Promise<RetrainHistory> {
    return call("retrain_history", { host });
  }

  datasetVersions(repo: string): Promise<DatasetVersion[]> {
    return call("dataset_versions", { repo });
  }

  spacesSettings(): Promise<SpacesSettings> {
    return call("spaces_settings");
  }

  saveSpacesSettings(settings: SpacesSettings): Promise<void> {
    return call("save_spaces_settings", { settings });
  }

  spaces(): Promise<SpacesReport> {
    return call("spaces");
  }

  restartSpace(id: string): Promise<void> {
    return call("restart_space", { id });
  }

  pauseSpace(id: string): Promise<void> {
    return call("pause_space", { id });
  }
}
