import type { SyncEvent } from "../bindings/SyncEvent";
import type { SyncLogEntry } from "../bindings/SyncLogEntry";
import type { FakeHostsData } from "./fakeHosts";
import { H100, H200, gpus, history, hostView, installedAgent, job, jobId, snapshot } from "./hostBuilders";

const line = (event: SyncEvent): SyncLogEntry => ({ kind: "event", event });

/** The demo's hosts: two HGX servers, one whose key is not trusted yet, one that dropped off. */
export function demoHosts(now: Date, agentVersion: string): FakeHostsData {
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
  const iso = (seconds: number) => ago(seconds).toISOString();
  const running = jobId(ago(1_800), 0x3fa1c2d4);
  const ci = "ci-openslr__librispeech_asr__rev_main";
  const failed = jobId(ago(86_400), 0x0b7e11aa);
  const hgxA = hostView("hgx-a", {
    storage_root: "/data/datasets",
    checkout: "~/hugflow-gitops",
    connection: { state: "connected", since: iso(3 * 3_600) },
    snapshot: snapshot(ago(1), gpus(H100, 8, now.getTime(), [6, 7])),
    updated_at: iso(1),
    agent: installedAgent(agentVersion, agentVersion, "same"),
    jobs: [
      job(running, "Revolab/repetitive_conversations", {
        started_at: iso(1_800),
        progress: {
          storage_name: "Revolab__repetitive_conversations__rev_main",
          hf_id: "Revolab/repetitive_conversations",
          status: "downloading",
          downloaded_files: 1_500,
          total_files: 4_210,
          percent_complete: 35.6,
          started_at: iso(1_800),
          last_update: iso(2),
          current_file: "data/train-00012-of-00040.parquet",
          eta: "54m",
        },
      }),
      job(ci, "openslr/librispeech_asr", { origin: "ci", kind: null, state: "complete", pid: null, started_at: iso(30 * 3_600), ended_at: iso(26 * 3_600) }),
      job(failed, "google/fleurs", {
        state: "failed",
        pid: null,
        started_at: iso(86_400),
        ended_at: iso(86_340),
        error: "google/fleurs is gated and the token has no access",
      }),
    ],
  });
  const hgxB = hostView("hgx-b", {
    storage_root: "/raid/datasets",
    connection: { state: "connected", since: iso(26 * 3_600) },
    snapshot: snapshot(ago(38), gpus(H200, 8, now.getTime() - 38_000)),
    updated_at: iso(38),
    stale: true,
    agent: { state: "missing" },
  });
  const lab = hostView("dgx-lab", {
    connection: { state: "host_key_unknown", key: { key_type: "ED25519", fingerprint: "SHA256:iaB7NDMqT0zq0dXgM3n2Jc8aYk1u6p9hVwQeRrS4t5E" } },
  });
  const old = hostView("ml@10.0.0.7:2222", {
    storage_root: "/scratch/datasets",
    connection: { state: "lost", detail: "ssh: connect to host 10.0.0.7 port 2222: Connection timed out", retry_at: iso(-4), retry_in_seconds: 4 },
    snapshot: snapshot(ago(600), [], { gpu_status: { state: "no_nvidia_smi" }, load: { one: 0.4, five: 0.3, fifteen: 0.2 } }),
    updated_at: iso(600),
    stale: true,
  });
  return {
    hosts: [hgxA, hgxB, lab, old],
    hostHistory: { "hgx-a": history(H100, 8, now, [6, 7]), "hgx-b": history(H200, 8, ago(38)) },
    sshConfigHosts: ["hgx-a", "hgx-b", "hgx-c", "dgx-lab", "gpu-box"],
    hostSyncLogs: {
      [running]: [
        line({ event: "note", message: "waiting for another sync on this host to finish" }),
        line({ event: "planned", hf_id: "Revolab/repetitive_conversations", commit: "8f2c1e0d9b7a6c5d4e3f", source_revision: "main", files: 4_210, bytes: 46_170_898_432, warnings: [], notes: [] }),
        line({ event: "progress", task: "Downloading", bytes_done: 16_436_838_400, bytes_total: 46_170_898_432, files_done: 1_500, files_total: 4_210, rate: 9_437_184, eta_seconds: 3_150 }),
      ],
      [failed]: [line({ event: "failed", kind: "gated", message: "google/fleurs is gated and the token has no access", suggestion: "accept the dataset's terms on the Hub with the token's account, then sync again" })],
    },
    agentVersion,
    liveHostsMs: 2_000,
  };
}
