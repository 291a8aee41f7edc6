import type { AgentInfo } from "../bindings/AgentInfo";
import type { ApiError } from "../bindings/ApiError";
import type { ClusterStatus } from "../bindings/ClusterStatus";
import type { StageOutcome } from "../bindings/StageOutcome";
import type { StageSpec } from "../bindings/StageSpec";
import type { Draft } from "../bindings/Draft";
import type { Gpu } from "../bindings/Gpu";
import type { HistoryPoint } from "../bindings/HistoryPoint";
import type { HostInput } from "../bindings/HostInput";
import type { HostView } from "../bindings/HostView";
import type { SyncLogEntry } from "../bindings/SyncLogEntry";
import { apiError } from "./errors";
import { hostAnswer, plannedDraft, stageRejection } from "./fakeRules";
import { activity, gpu, historyPoint, hostView, installedAgent, job, jobId, type GpuModel } from "./hostBuilders";

export interface FakeHostsData {
  /** The watched hosts, in the order added. */
  hosts?: HostView[];
  /** What `hostHistory` answers, by host name. */
  hostHistory?: Record<string, HistoryPoint[]>;
  /** Host names of ~/.ssh/config; the added ones are left out of `sshConfigHosts`. */
  sshConfigHosts?: string[];
  /** What `hostSyncLog` answers, by job id. */
  hostSyncLogs?: Record<string, SyncLogEntry[]>;
  /** This app's version: what `installAgent` installs (default `0.1.0`). */
  agentVersion?: string;
  /** The demo: connected hosts report new numbers every this many ms while someone listens. */
  liveHostsMs?: number;
  /** What `hostCluster` answers for each login node: its cluster, or the error it fails with. */
  clusters?: Record<string, ClusterStatus | { error: ApiError }>;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The FakeBackend's hosts: what the watcher threads of the desktop would report, in memory. */
export class FakeHosts {
  hosts: HostView[];
  history: Map<string, HistoryPoint[]>;
  sshConfig: string[];
  logs: Map<string, SyncLogEntry[]>;
  agentVersion: string;
  /** `[name, fingerprint]` of every `trustHostKey` call. */
  readonly trusted: Array<[string, string]> = [];
  /** Every `startHostSync` call. */
  readonly syncs: Array<{ host: string; draft: Draft }> = [];
  /** `[name, id]` of every `cancelHostSync` call. */
  readonly cancelled: Array<[string, string]> = [];
  readonly retried: string[] = [];
  /** Every `stageOnCluster` call. */
  readonly staged: Array<{ host: string; storageName: string; spec: StageSpec }> = [];
  clusters: Map<string, ClusterStatus | { error: ApiError }>;
  private readonly listeners = new Set<() => void>();
  private readonly liveMs: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private jobs = 0;

  constructor(data: FakeHostsData) {
    this.hosts = clone(data.hosts ?? []);
    this.history = new Map(Object.entries(clone(data.hostHistory ?? {})));
    this.sshConfig = [...(data.sshConfigHosts ?? [])];
    this.logs = new Map(Object.entries(clone(data.hostSyncLogs ?? {})));
    this.agentVersion = data.agentVersion ?? "0.1.0";
    this.liveMs = data.liveHostsMs ?? 0;
    this.clusters = new Map(Object.entries(clone(data.clusters ?? {})));
  }

  /** Fires `hosts-changed` as a host's watcher would. */
  emit(): void {
    for (const listener of [...this.listeners]) listener();
  }

  subscribe(callback: () => void): () => void {
    const listener = () => callback();
    this.listeners.add(listener);
    if (this.liveMs > 0 && this.timer === null) this.timer = setInterval(() => this.tick(), this.liveMs);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  list(): HostView[] {
    return clone(this.hosts);
  }

  historyOf(name: string): HistoryPoint[] {
    this.host(name);
    return clone(this.history.get(name) ?? []);
  }

  sshConfigHosts(): string[] {
    return this.sshConfig.filter((name) => !this.hosts.some((h) => h.name === name));
  }

  add(input: HostInput): HostView {
    const answer = hostAnswer(input);
    if ("rejected" in answer) throw answer.rejected;
    const { name, ...paths } = answer.saved;
    const marked = input.cluster === undefined ? {} : { cluster: input.cluster };
    const existing = this.hosts.find((h) => h.name === name);
    if (existing) Object.assign(existing, paths, marked);
    else this.hosts.push(hostView(name, { ...paths, ...marked }));
    this.emit();
    return clone(this.host(name));
  }

  remove(name: string): void {
    this.host(name);
    this.hosts = this.hosts.filter((h) => h.name !== name);
    this.emit();
  }

  trust(name: string, fingerprint: string): void {
    this.trusted.push([name, fingerprint]);
    const host = this.host(name);
    const { connection } = host;
    if (connection.state !== "host_key_unknown" || connection.key === null) {
      throw apiError("invalid_input", `${name} is not waiting for a host key to be trusted`);
    }
    if (connection.key.fingerprint !== fingerprint) {
      throw apiError("invalid_input", `${name}'s key is now ${connection.key.fingerprint}, not the ${fingerprint} you checked; check it again`);
    }
    host.connection = { state: "connecting" };
    this.emit();
  }

  retry(name: string): void {
    this.retried.push(name);
    const host = this.host(name);
    if (host.connection.state !== "connected") host.connection = { state: "connecting" };
    this.emit();
  }

  install(name: string): AgentInfo {
    const host = this.host(name);
    const info: AgentInfo = { version: this.agentVersion, path: "~/.local/bin/hugflow" };
    // What is installed is this app's own build.
    host.agent = installedAgent(info.version, this.agentVersion, "same", info.path);
    this.emit();
    return clone(info);
  }

  startSync(name: string, draft: Draft): string {
    this.syncs.push({ host: name, draft: clone(draft) });
    const plan = plannedDraft(draft);
    if (plan.errors.length > 0) throw apiError("invalid_input", `the request is not valid yet: ${plan.errors.map((e) => e.message).join("; ")}`);
    const host = this.ready(name);
    const now = new Date();
    const id = jobId(now, ++this.jobs);
    host.jobs.unshift(job(id, plan.hf_id, { kind: plan.kind, storage_name: plan.storage_name, started_at: now.toISOString() }));
    this.logs.set(id, [{ kind: "event", event: { event: "started", id, pid: 52_311, log: `/srv/gitops/.hugflow-state/jobs/${id}/log.jsonl` } }]);
    this.emit();
    return id;
  }

  cancel(name: string, id: string): void {
    this.cancelled.push([name, id]);
    const found = this.ready(name).jobs.find((j) => j.id === id);
    if (!found) throw apiError("not_found", `${name} has no sync ${id}`);
    if (found.state === "running") Object.assign(found, { state: "cancelled", ended_at: new Date().toISOString(), pid: null });
    this.emit();
  }

  log(name: string, id: string): SyncLogEntry[] {
    this.ready(name);
    return clone(this.logs.get(id) ?? []);
  }

  cluster(name: string): ClusterStatus {
    this.loginNode(name);
    const answer = this.clusters.get(name);
    if (answer === undefined) throw apiError("ssh", `\`sinfo\` was not found on ${name}: install Slurm's client (Debian: slurm-client)`);
    if ("error" in answer) throw clone(answer.error);
    return clone(answer);
  }

  /** As the desktop: the core's rule first (its answers from rules.json), then a job of pending nodes. */
  stage(name: string, storageName: string, spec: StageSpec): StageOutcome {
    this.staged.push({ host: name, storageName, spec: clone(spec) });
    this.loginNode(name);
    const rejected = stageRejection(storageName, spec);
    if (rejected !== null) throw apiError("invalid_input", rejected);
    const status = this.cluster(name);
    const jobId = String(100 + this.staged.length);
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const names = spec.nodes === null || spec.nodes === undefined ? status.nodes.filter((n) => n.partitions.includes(spec.partition ?? "")).map((n) => n.name) : status.nodes.map((n) => n.name);
    const pending = { state: "pending", bytes_done: 0, bytes_total: 0, files_done: 0, files_total: 0, files_reused: 0, job_id: jobId, updated_at: now } as const;
    const record = { schema: 1, storage_name: storageName, hf_id: storageName, commit: "0".repeat(40), target: spec.target, job_id: jobId, submitted_at: now, nodes: Object.fromEntries(names.map((n) => [n, { ...pending }])) };
    status.datasets = [...status.datasets.filter((d) => d.storage_name !== storageName), record];
    status.jobs = [{ job_id: jobId, kind: "stage", storage_name: storageName, state: "PENDING", nodes: spec.nodes ?? names.join(","), reason: "None" }, ...status.jobs];
    this.clusters.set(name, status);
    return { schema: 1, storage_name: storageName, job_id: jobId, job_state: "PENDING", succeeded: false, record: clone(record) };
  }

  /** As the desktop's `cluster_checkout` and `agent_on`: a marked login node with hugflow. */
  private loginNode(name: string): HostView {
    const host = this.host(name);
    if (!host.cluster) throw apiError("not_configured", `${name} is not marked as a Slurm login node; edit it on the Hosts page and tick "Slurm login node"`);
    if (host.agent.state !== "installed") {
      throw apiError("not_configured", `hugflow is not installed on ${name} (or ${name} is not connected); install it from the host's page`);
    }
    return host;
  }

  private host(name: string): HostView {
    const host = this.hosts.find((h) => h.name === name);
    if (!host) throw apiError("not_found", `no host ${name} is added; add it on the Hosts page`);
    return host;
  }

  /** As the desktop's `agent_ready`: the host needs a checkout and an installed agent. */
  private ready(name: string): HostView {
    const host = this.host(name);
    if (host.checkout === null) throw apiError("not_configured", `${name} has no GitOps checkout path; set it on the host's page`);
    if (host.agent.state !== "installed") {
      throw apiError("not_configured", `hugflow is not installed on ${name} (or ${name} is not connected); install it from the host's page`);
    }
    return host;
  }

  /** The demo's heartbeat: new numbers for every connected host that is not stale. */
  private tick(): void {
    const now = Date.now();
    for (const host of this.hosts) {
      const snap = host.snapshot;
      const first = snap?.gpus[0];
      if (host.connection.state !== "connected" || host.stale || !snap || !first) continue;
      const idle = snap.gpus.filter((g) => (g.utilization_gpu ?? 0) < 5).map((g) => g.index);
      snap.gpus = snap.gpus.map((g) => gpu(modelOf(g), g.index, activity(g.index, now, idle.includes(g.index))));
      snap.taken_at = host.updated_at = new Date(now).toISOString();
      const points = this.history.get(host.name) ?? [];
      points.push(historyPoint(modelOf(first), snap.gpus.length, now, idle));
      this.history.set(host.name, points.filter((p) => p.at_ms > now - 3_600_000));
      for (const j of host.jobs) {
        if (j.state === "running" && j.progress) j.progress.percent_complete = Math.min(99.9, j.progress.percent_complete + 0.05);
      }
    }
    this.emit();
  }
}

const modelOf = (g: Gpu): GpuModel => ({ name: g.name, memoryMib: g.memory_total_mib ?? 0, powerLimitW: g.power_limit_w ?? 0 });
