import type { ClusterStatus } from "../bindings/ClusterStatus";
import type { NodeStage } from "../bindings/NodeStage";
import type { NodeStageState } from "../bindings/NodeStageState";
import type { StageRecord } from "../bindings/StageRecord";

/** Builders of `hugflow cluster --json` answers for the cluster page's tests. */

export function nodeStage(state: NodeStageState, overrides: Partial<NodeStage> = {}): NodeStage {
  const done = state === "verified" ? 3_000 : 0;
  return { state, bytes_done: done, bytes_total: 3_000, files_done: 0, files_total: 3, files_reused: 0, job_id: "7", updated_at: "2026-12-04T10:00:00Z", ...overrides };
}

export function stageRecord(storageName: string, nodes: Record<string, NodeStage>, job = "7"): StageRecord {
  return { schema: 1, storage_name: storageName, hf_id: "acme/speech", commit: "c0ffee", target: "/local/nvme/datasets", job_id: job, submitted_at: "2026-12-04T10:00:00Z", nodes };
}

/** A cluster of `nodes` (8 H100 each, partition `debug`) with these records. */
export function clusterStatus(nodes: string[], datasets: StageRecord[] = []): ClusterStatus {
  return {
    schema: 1,
    nodes: nodes.map((name) => ({ name, state: "idle", cpus: 64, gpus: 8, gres: "gpu:h100:8", partitions: ["debug"] })),
    jobs: [],
    datasets,
  };
}
