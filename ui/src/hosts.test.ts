import { describe, expect, it } from "vitest";
import type { ConnectionState } from "./bindings/ConnectionState";
import { age, connectionLabel, connectionTone, gpuSummary, isSyncReady, updatedText } from "./hosts";
import { H100, gpu, hostView, installedAgent, snapshot } from "./backend/hostBuilders";

const NOW = new Date("2026-01-02T03:04:05Z");

describe("connectionLabel", () => {
  it("names every state", () => {
    const states: Array<[ConnectionState, string]> = [
      [{ state: "connecting" }, "Connecting…"],
      [{ state: "connected", since: "2026-01-01T00:00:00Z" }, "Connected"],
      [{ state: "lost", detail: "", retry_at: "2026-01-02T03:04:09Z", retry_in_seconds: 9 }, "Lost — retrying in 4 s"],
      [{ state: "lost", detail: "", retry_at: "2026-01-02T03:04:00Z", retry_in_seconds: 0 }, "Lost — retrying now…"],
      [{ state: "lost", detail: "", retry_at: "soon", retry_in_seconds: 7 }, "Lost — retrying in 7 s"],
      [{ state: "auth_failed", detail: "" }, "Authentication failed"],
      [{ state: "host_key_unknown", key: null }, "Unknown host key"],
      [{ state: "host_key_changed", detail: "" }, "Host key changed!"],
      [{ state: "failed", detail: "" }, "Cannot connect"],
    ];
    expect(states.map(([c]) => connectionLabel(c, NOW))).toEqual(states.map(([, label]) => label));
    expect(connectionTone({ state: "host_key_changed", detail: "" })).toBe("error");
    expect(connectionTone({ state: "connected", since: "" })).toBe("ok");
  });
});

describe("age", () => {
  it("counts seconds, then minutes", () => {
    expect(age("2026-01-02T03:04:02Z", NOW)).toBe("3 s");
    expect(age("2026-01-02T03:02:00Z", NOW)).toBe("2 min 5 s");
    expect(age("not a date", NOW)).toBeNull();
    expect(updatedText("2026-01-02T03:04:02Z", NOW)).toBe("updated 3 s ago");
    expect(updatedText("2026-01-02T03:04:05.200Z", NOW)).toBe("updated just now");
    expect(updatedText(null, NOW)).toBe("no report yet");
  });
});

describe("isSyncReady", () => {
  it("needs hugflow installed and a checkout", () => {
    const installed = installedAgent("1", "1", "same", "/x");
    expect(isSyncReady(hostView("a", { agent: installed, checkout: "~/g" }))).toBe(true);
    expect(isSyncReady(hostView("a", { agent: installed }))).toBe(false);
    expect(isSyncReady(hostView("a", { agent: { state: "missing" }, checkout: "~/g" }))).toBe(false);
  });
});

describe("gpuSummary", () => {
  const at = new Date("2026-01-02T03:04:05Z");
  it("counts the GPUs, averages their utilisation and sums their memory", () => {
    const gpus = [gpu(H100, 0, 0.5), gpu(H100, 1, 0.76)];
    // 50 and 76 %; 57,091 + 65,573 of 2 × 81,559 MiB.
    expect(gpuSummary(snapshot(at, gpus))).toBe("2 GPUs · 63 % util · 119.8 / 159.3 GiB");
  });

  it("leaves out what nvidia-smi reports as N/A, and says nothing without GPUs", () => {
    const unknown = { ...gpu(H100, 0, 0.5), utilization_gpu: null, memory_used_mib: null };
    expect(gpuSummary(snapshot(at, [unknown]))).toBe("1 GPU · — util");
    expect(gpuSummary(snapshot(at, [unknown, gpu(H100, 1, 0.5)]))).toBe("2 GPUs · 50 % util · 55.8 / 79.6 GiB");
    expect(gpuSummary(snapshot(at, []))).toBeNull();
    expect(gpuSummary(snapshot(at, [], { gpu_status: { state: "no_nvidia_smi" } }))).toBeNull();
  });
});
