import type { HistoryPoint } from "../bindings/HistoryPoint";
import type { HostView } from "../bindings/HostView";
import { H100, H200, gpu, hostView, installedAgent, snapshot, type GpuModel } from "../backend/hostBuilders";

export const FINGERPRINT = "SHA256:iaB7NDMqT0zq0dXgM3n2Jc8aYk1u6p9hVwQeRrS4t5E";

const secondsAgo = (s: number) => new Date(Date.now() - s * 1000).toISOString();

/** A connected host whose `count` GPUs of `model` are each half busy, reported `ago` seconds ago. */
export function connected(name: string, model: GpuModel = H100, overrides: Partial<HostView> = {}, ago = 3): HostView {
  const at = new Date(Date.now() - ago * 1000);
  return hostView(name, {
    storage_root: "/data/datasets",
    connection: { state: "connected", since: secondsAgo(3_600) },
    snapshot: snapshot(at, Array.from({ length: 8 }, (_, i) => gpu(model, i, 0.5))),
    updated_at: at.toISOString(),
    ...overrides,
  });
}

/** hgx-a (8 H100, fresh) and hgx-b (8 H200, stale). */
export function twoHosts(): HostView[] {
  return [connected("hgx-a"), connected("hgx-b", H200, { stale: true }, 40)];
}

export function unknownKey(name = "dgx-lab"): HostView {
  return hostView(name, { connection: { state: "host_key_unknown", key: { key_type: "ED25519", fingerprint: FINGERPRINT } } });
}

/** A host with hugflow installed and a checkout: syncs can start on it. */
export function ready(name = "hgx-a", overrides: Partial<HostView> = {}): HostView {
  return connected(name, H100, {
    checkout: "~/gitops",
    agent: installedAgent("0.1.0", "0.1.0", "same"),
    ...overrides,
  });
}

/** Points 2 s apart where every GPU's utilisation is the value given for that point. */
export function flatHistory(utilisations: number[], gpus = 8): HistoryPoint[] {
  return utilisations.map((u, i) => ({
    at_ms: 1_700_000_000_000 + i * 2_000,
    gpus: Array.from({ length: gpus }, (_, index) => ({ index, utilization_gpu: u, memory_used_mib: 40_960, temperature_c: 60, power_draw_w: 350 })),
    disk_used_fraction: 0.5,
    load_one: 12,
  }));
}
