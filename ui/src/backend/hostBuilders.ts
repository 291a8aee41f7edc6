import type { AgentState } from "../bindings/AgentState";
import type { Gpu } from "../bindings/Gpu";
import type { HistoryPoint } from "../bindings/HistoryPoint";
import type { HostSnapshot } from "../bindings/HostSnapshot";
import type { HostView } from "../bindings/HostView";
import type { JobSummary } from "../bindings/JobSummary";
import type { VersionRelation } from "../bindings/VersionRelation";

/**
 * Builders of believable host data for the demo and the tests: GPUs that follow a smooth,
 * deterministic load over time, snapshots and an hour of history.
 */

export interface GpuModel {
  name: string;
  memoryMib: number;
  powerLimitW: number;
}

export const H100: GpuModel = { name: "NVIDIA H100 80GB HBM3", memoryMib: 81_559, powerLimitW: 700 };
export const H200: GpuModel = { name: "NVIDIA H200", memoryMib: 143_771, powerLimitW: 700 };

/** How busy GPU `index` is at `atMs` (0 to 1); an idle GPU stays near 0. */
export function activity(index: number, atMs: number, idle = false): number {
  if (idle) return 0;
  const t = atMs / 1000;
  const wave = 0.72 + 0.18 * Math.sin(t / 240 + index * 1.7) + 0.08 * Math.sin(t / 37 + index);
  return Math.min(1, Math.max(0, wave));
}

/** GPU `index` of `model` at a given activity. */
export function gpu(model: GpuModel, index: number, busy: number): Gpu {
  const idle = busy < 0.05;
  const memory = idle ? 4 : Math.round(model.memoryMib * (0.5 + 0.4 * busy));
  return {
    index,
    uuid: `GPU-${index.toString(16).padStart(8, "0")}-4e1b-9c3a-${model.name.length.toString(16).padStart(12, "0")}`,
    name: model.name,
    utilization_gpu: Math.round(busy * 100),
    utilization_memory: Math.round(busy * 60),
    memory_used_mib: memory,
    memory_total_mib: model.memoryMib,
    temperature_c: Math.round(31 + 42 * busy),
    power_draw_w: Math.round(68 + (model.powerLimitW - 68) * busy * 0.92),
    power_limit_w: model.powerLimitW,
    ecc_uncorrected: 0,
    pstate: idle ? "P8" : "P0",
    processes: idle ? [] : [{ pid: 41_000 + index * 17, name: "python3", used_memory_mib: memory - 520, mig_uuid: null }],
  };
}

/** A host's GPUs at `atMs`; the indexes in `idle` do nothing. */
export function gpus(model: GpuModel, count: number, atMs: number, idle: readonly number[] = []): Gpu[] {
  return Array.from({ length: count }, (_, i) => gpu(model, i, activity(i, atMs, idle.includes(i))));
}

const TB = 1024 ** 4;

export function snapshot(at: Date, gpuList: Gpu[], overrides: Partial<HostSnapshot> = {}): HostSnapshot {
  const busy = gpuList.reduce((sum, g) => sum + (g.utilization_gpu ?? 0), 0) / 100;
  return {
    schema: 1,
    taken_at: at.toISOString(),
    gpus: gpuList,
    gpu_status: { state: "ok" },
    disks: [{ filesystem: "/dev/md0", mount: "/data", size_bytes: 28 * TB, used_bytes: 17.4 * TB, available_bytes: 10.6 * TB }],
    load: { one: 4 + busy * 3, five: 3.8 + busy * 2.9, fifteen: 3.5 + busy * 2.7 },
    memory: { total_bytes: 2 * TB, available_bytes: 1.2 * TB },
    ...overrides,
  };
}

/** One history point of `count` GPUs of `model` at `atMs`. */
export function historyPoint(model: GpuModel, count: number, atMs: number, idle: readonly number[] = [], diskUsed = 0.62): HistoryPoint {
  const list = gpus(model, count, atMs, idle);
  return {
    at_ms: atMs,
    gpus: list.map((g) => ({
      index: g.index,
      utilization_gpu: g.utilization_gpu,
      memory_used_mib: g.memory_used_mib,
      temperature_c: g.temperature_c,
      power_draw_w: g.power_draw_w,
    })),
    disk_used_fraction: diskUsed + (atMs % 3_600_000) / 3_600_000 / 200,
    load_one: 4 + list.reduce((sum, g) => sum + (g.utilization_gpu ?? 0), 0) / 33,
  };
}

/** The hour before `now`, a point every `stepMs`, oldest first. */
export function history(model: GpuModel, count: number, now: Date, idle: readonly number[] = [], stepMs = 2_000): HistoryPoint[] {
  const end = now.getTime();
  const points: HistoryPoint[] = [];
  for (let at = end - 3_600_000 + stepMs; at <= end; at += stepMs) points.push(historyPoint(model, count, at, idle));
  return points;
}

export function hostView(name: string, overrides: Partial<HostView> = {}): HostView {
  return {
    name,
    storage_root: null,
    checkout: null,
    connection: { state: "connecting" },
    snapshot: null,
    updated_at: null,
    stale: false,
    agent: { state: "unknown" },
    jobs: [],
    cluster: false,
    ...overrides,
  };
}

/**
 * An installed agent. The relation is given, not worked out: the rule lives in Rust, and a
 * fake that compared versions itself could drift from it.
 */
export function installedAgent(version: string, app: string, relation: VersionRelation, path = "/home/ml/.local/bin/hugflow"): AgentState {
  return { state: "installed", info: { version, path }, version: { app, relation } };
}

export function job(id: string, hfId: string, overrides: Partial<JobSummary> = {}): JobSummary {
  return {
    id,
    origin: "desktop",
    kind: "add",
    hf_id: hfId,
    storage_name: `${hfId.replace("/", "__")}__rev_main`,
    state: "running",
    pid: 52_311,
    started_at: null,
    ended_at: null,
    progress: null,
    error: null,
    ...overrides,
  };
}

/** A job id as `hugflow jobs start` makes them: `20260102T030405Z-0a1b2c3d`. */
export function jobId(at: Date, n: number): string {
  return `${at.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z-${n.toString(16).padStart(8, "0")}`;
}
