import { demoCatalogue } from "./demoCatalogue";
import { demoHubData } from "./demoDetails";
import { demoHosts } from "./demoHosts";
import { demoRequests } from "./demoRequests";
import { demoRetrain } from "./demoRetrain";
import { demoRuns } from "./demoRuns";
import { demoSpaces } from "./demoSpaces";
import type { FakeBackendData } from "./fake";

/** Shown by `npm run dev` in a plain browser: timestamps are relative to the page load. */
export function demoData(now: Date = new Date()): FakeBackendData {
  const ago = (hours: number) =>
    new Date(now.getTime() - hours * 3_600_000).toISOString().replace("Z", "").replace(/\.(\d{3})$/, ".$1000");
  const root = "/home/you/hugflow-gitops";
  const storage = "/data/datasets";
  const endpoint = "https://huggingface.co/";
  const { catalogue, hub } = demoCatalogue(now);
  return {
    catalogue,
    hub,
    ...demoHubData([...catalogue, ...hub], endpoint, now),
    ...demoRequests(now),
    ...demoHosts(now, "0.1.0-dev"),
    ...demoRuns(now),
    ...demoRetrain(now),
    ...demoSpaces(),
    endpoint,
    refreshedAt: ago(3),
    refreshSteps: 6,
    refreshStepMs: 400,
    appInfo: {
      version: "0.1.0-dev",
      commit: "1a2b3c4",
      data_dir: "/home/you/.local/share/hugflow-desktop",
      log_dir: "/home/you/.local/share/hugflow-desktop/logs",
      database: "/home/you/.local/share/hugflow-desktop/hugflow.sqlite3",
    },
    pickFolderResult: root,
    remembered: null,
    checkouts: {
      [root]: {
        schema: 1,
        root,
        state_dir: `${root}/.hugflow-state`,
        storage_root: storage,
        last_updated: ago(0.2),
        datasets: [
          {
            hf_id: "mozilla-foundation/common_voice_11_0",
            description: "Malay ASR training data",
            revision: "main",
            subset: "ms",
            split: "train",
            download_mode: "specific",
            storage_name: "mozilla-foundation__common_voice_11_0__subset_ms__split_train__rev_main",
            size_bytes: 3221225472,
            file_count: 12044,
            added_at: ago(72),
            path: `${storage}/mozilla-foundation__common_voice_11_0__subset_ms__split_train__rev_main`,
            present: true,
          },
          {
            hf_id: "openslr/librispeech_asr",
            description: "English ASR baseline",
            revision: "main",
            subset: null,
            split: "train",
            download_mode: "full",
            storage_name: "openslr__librispeech_asr__rev_main",
            size_bytes: 61203283968,
            file_count: 281241,
            added_at: ago(30),
            path: `${storage}/openslr__librispeech_asr__rev_main`,
            present: false,
          },
        ],
        in_progress: [
          {
            storage_name: "Revolab__repetitive_conversations__rev_main",
            hf_id: "Revolab/repetitive_conversations",
            status: "downloading",
            downloaded_files: 1500,
            total_files: 4210,
            percent_complete: 35.6,
            started_at: ago(1),
            last_update: ago(0.05),
            current_file: "data/train-00012-of-00040.parquet",
            eta: "1h 48m",
          },
        ],
      },
    },
    secrets: [
      { id: "hf_token", label: "Hugging Face token", set: true, source: "environment", env_var: "HF_TOKEN", keyring: null, saved_for: null, other_origin: null },
      { id: "github_token", label: "GitHub token", set: true, source: "gh_cli", env_var: null, keyring: null, saved_for: null, other_origin: null },
      { id: "slack_webhook", label: "Slack webhook URL", set: false, source: null, env_var: null, keyring: null, saved_for: null, other_origin: null },
    ],
  };
}
