import type { ConnectionState } from "./bindings/ConnectionState";
import type { HostSnapshot } from "./bindings/HostSnapshot";
import type { HostView } from "./bindings/HostView";
import type { JobState } from "./bindings/JobState";
import { formatDuration, parseTimestamp } from "./format";

export type Tone = "ok" | "warn" | "error";

/** Seconds until the next connection attempt of a lost host, counted down from `retry_at`. */
export function retrySeconds(connection: Extract<ConnectionState, { state: "lost" }>, now: Date): number {
  const at = parseTimestamp(connection.retry_at);
  if (at === null) return Math.max(0, connection.retry_in_seconds);
  return Math.max(0, Math.round((at.getTime() - now.getTime()) / 1000));
}

/** "Connected", "Lost — retrying in 4 s", "Host key changed!", … */
export function connectionLabel(connection: ConnectionState, now: Date): string {
  switch (connection.state) {
    case "connecting":
      return "Connecting…";
    case "connected":
      return "Connected";
    case "lost": {
      const seconds = retrySeconds(connection, now);
      return seconds > 0 ? `Lost — retrying in ${seconds} s` : "Lost — retrying now…";
    }
    case "auth_failed":
      return "Authentication failed";
    case "host_key_unknown":
      return "Unknown host key";
    case "host_key_changed":
      return "Host key changed!";
    case "failed":
      return "Cannot connect";
  }
}

export function connectionTone(connection: ConnectionState): Tone {
  switch (connection.state) {
    case "connected":
      return "ok";
    case "connecting":
    case "lost":
    case "host_key_unknown":
      return "warn";
    default:
      return "error";
  }
}

/** "3 s", "2 min 5 s": how long ago `value` was. */
export function age(value: string, now: Date): string | null {
  const at = parseTimestamp(value);
  if (at === null) return null;
  return formatDuration(Math.max(0, (now.getTime() - at.getTime()) / 1000));
}

/** "updated 3 s ago", "updated just now", or that nothing came yet. */
export function updatedText(updatedAt: string | null, now: Date): string {
  if (updatedAt === null) return "no report yet";
  const ago = age(updatedAt, now);
  if (ago === null) return `updated ${updatedAt}`;
  return ago === "0 s" ? "updated just now" : `updated ${ago} ago`;
}

/** `61.2` for 62,669 MiB. */
export function gib(mib: number): string {
  return (mib / 1024).toFixed(1);
}

/** `—` for what nvidia-smi reports as N/A. */
export function orDash(value: number | null, unit: string, digits = 0): string {
  return value === null ? "—" : `${value.toFixed(digits)}${unit}`;
}

/** `used / total`, 0 to 1; null when either is unknown. */
export function fraction(used: number | null, total: number | null): number | null {
  return used === null || total === null || total <= 0 ? null : used / total;
}

/**
 * A host's GPUs in one line, from its last snapshot: `8 GPUs · 63 % util · 326.3 / 637.2 GiB`
 * (the mean utilisation of the GPUs that report one, the memory of those that report both
 * figures, summed); null when nvidia-smi could not read any GPU.
 */
export function gpuSummary(snapshot: HostSnapshot): string | null {
  const { gpus } = snapshot;
  if (snapshot.gpu_status.state !== "ok" || gpus.length === 0) return null;
  const utils = gpus.flatMap((g) => (g.utilization_gpu === null ? [] : [g.utilization_gpu]));
  const util = utils.length === 0 ? null : utils.reduce((a, b) => a + b, 0) / utils.length;
  const memory = gpus.filter((g) => g.memory_used_mib !== null && g.memory_total_mib !== null);
  const parts = [gpus.length === 1 ? "1 GPU" : `${gpus.length} GPUs`, `${orDash(util, " %")} util`];
  if (memory.length > 0) {
    const used = memory.reduce((sum, g) => sum + (g.memory_used_mib ?? 0), 0);
    const total = memory.reduce((sum, g) => sum + (g.memory_total_mib ?? 0), 0);
    parts.push(`${gib(used)} / ${gib(total)} GiB`);
  }
  return parts.join(" · ");
}

export function runningSyncs(host: HostView): number {
  return host.jobs.filter((j) => j.state === "running").length;
}

/** Whether a sync can be started on the host: hugflow installed and a GitOps checkout set. */
export function isSyncReady(host: HostView): boolean {
  return host.agent.state === "installed" && host.checkout !== null;
}

export const JOB_STATE_LABELS: Record<JobState, string> = {
  running: "Running",
  complete: "Complete",
  failed: "Failed",
  cancelled: "Cancelled",
  lost: "Lost (the process died)",
};
