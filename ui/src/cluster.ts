import type { ClusterStatus } from "./bindings/ClusterStatus";
import type { NodeStage } from "./bindings/NodeStage";
import type { StageRecord } from "./bindings/StageRecord";
import type { StageSpec } from "./bindings/StageSpec";

/**
 * The cluster page's reading of `hugflow cluster --json`: which nodes the datasets × nodes
 * matrix has, what each cell says, and whether a staging job still runs (the page then reads
 * faster). Display only: the checks of what a stage may name are Rust's (`StageSpec::check`).
 */

export type CellState = "verified" | "copying" | "pending" | "failed" | "missing";

export interface Cell {
  state: CellState;
  /** `verified`, `copying 40 %`, `pending`, `failed`, `missing`. */
  label: string;
  /** Why it failed, as the node wrote it. */
  reason: string | null;
}

/** The matrix's columns: Slurm's nodes in its order, then any node only a record names. */
export function matrixNodes(status: ClusterStatus): string[] {
  const names = status.nodes.map((n) => n.name);
  const extra = new Set<string>();
  for (const record of status.datasets) for (const node of Object.keys(record.nodes)) if (!names.includes(node)) extra.add(node);
  return [...names, ...[...extra].sort()];
}

/** Whole percent of bytes in place (the CLI's `copying n %`). */
export function percent(stage: NodeStage): number {
  if (stage.state === "verified") return 100;
  if (stage.bytes_total <= 0) return 0;
  return Math.floor((Math.min(stage.bytes_done, stage.bytes_total) * 100) / stage.bytes_total);
}

export function cellOf(record: StageRecord, node: string): Cell {
  const stage = record.nodes[node];
  if (stage === undefined) return { state: "missing", label: "missing", reason: null };
  switch (stage.state) {
    case "copying":
      return { state: "copying", label: `copying ${percent(stage)} %`, reason: null };
    case "failed":
      return { state: "failed", label: "failed", reason: stage.reason ?? "no reason recorded" };
    default:
      return { state: stage.state, label: stage.state, reason: null };
  }
}

/** Whether a node of any dataset is still pending or copying. */
export function stagingRuns(status: ClusterStatus): boolean {
  return status.datasets.some((d) => Object.values(d.nodes).some((n) => n?.state === "pending" || n?.state === "copying"));
}

/** What the error of reading the cluster asks the user to do next, by its code. */
export function clusterErrorHint(code: string): string {
  switch (code) {
    case "not_configured":
      return "Install hugflow on the login node (above), or tick “Slurm login node” in the host's settings.";
    case "offline":
      return "The login node cannot be reached; the page reads it again when it is back.";
    case "outdated":
      return "Upgrade Hugflow Desktop or hugflow on the login node so they speak the same format.";
    default:
      return "Run `hugflow cluster` on the login node to see the same error; Slurm's client (sinfo, squeue, sbatch) must work there.";
  }
}

/** The form's fields as a `StageSpec`: nodes or a partition (with a count), and the target. */
export function stageSpec(mode: "nodes" | "partition", nodes: string, partition: string, count: string, target: string): StageSpec {
  const trimmedCount = count.trim();
  return mode === "nodes"
    ? { nodes: nodes.trim(), partition: null, nodes_count: null, target: target.trim() }
    : { nodes: null, partition: partition.trim(), nodes_count: trimmedCount === "" ? null : Number(trimmedCount), target: target.trim() };
}

/**
 * The host part of an SSH target as `hugflow-remote`'s `Target::parse` reads it (a `Host`
 * of ~/.ssh/config or `[user@]host[:port]`, an IPv6 address in brackets), lowercase and
 * without its domain: `ml@GPU-01.cluster.local:2222` → `gpu-01`. An IP address is kept whole.
 */
export function shortHostName(target: string): string {
  const input = target.trim();
  const at = input.lastIndexOf("@");
  const rest = at === -1 ? input : input.slice(at + 1);
  let host: string;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    host = close === -1 ? rest.slice(1) : rest.slice(1, close);
  } else {
    const colon = rest.indexOf(":");
    host = colon === -1 ? rest : rest.slice(0, colon);
  }
  host = host.toLowerCase();
  if (host.includes(":") || /^[0-9.]+$/.test(host)) return host;
  const dot = host.indexOf(".");
  return dot === -1 ? host : host.slice(0, dot);
}

/** The name alone, lowercase, without its domain: how a Slurm node name and a saved host's name are compared. */
function bareName(name: string): string {
  const lower = name.trim().toLowerCase();
  const dot = lower.indexOf(".");
  return dot <= 0 || /^[0-9.]+$/.test(lower) ? lower : lower.slice(0, dot);
}

/**
 * The saved host a Slurm node is, so that its row shows that host's live GPUs and links to
 * its page: the node's name against each host's name, then against the host part of its SSH
 * target, case-insensitively and ignoring a domain (`gpu-01` is `GPU-01.cluster.local` and
 * `ml@gpu-01:2222`). The first host of the list wins; null when none is the node.
 */
export function nodeHost<H extends { name: string }>(node: string, hosts: readonly H[]): H | null {
  const key = bareName(node);
  if (key === "") return null;
  return hosts.find((h) => bareName(h.name) === key) ?? hosts.find((h) => shortHostName(h.name) === key) ?? null;
}
