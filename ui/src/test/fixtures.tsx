import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import type { DatasetStatus } from "../bindings/DatasetStatus";
import type { DownloadProgress } from "../bindings/DownloadProgress";
import type { SecretStatus } from "../bindings/SecretStatus";
import type { StatusReport } from "../bindings/StatusReport";
import { BackendProvider } from "../backend";
import { FakeBackend, type FakeBackendData } from "../backend/fake";

export const ROOT = "/srv/gitops";

/** A naive UTC timestamp as the state files hold it, `hours` before now. */
export function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3_600_000).toISOString().replace("Z", "000");
}

export function dataset(overrides: Partial<DatasetStatus> = {}): DatasetStatus {
  const storage = overrides.storage_name ?? "mozilla-foundation__common_voice_11_0__subset_ms__split_train__rev_main";
  return {
    hf_id: "mozilla-foundation/common_voice_11_0",
    description: "Malay ASR training data",
    revision: "main",
    subset: "ms",
    split: "train",
    download_mode: "specific",
    storage_name: storage,
    size_bytes: 3221225472,
    file_count: 12044,
    added_at: hoursAgo(72),
    path: `/data/datasets/${storage}`,
    present: true,
    ...overrides,
  };
}

export function progress(overrides: Partial<DownloadProgress> = {}): DownloadProgress {
  return {
    storage_name: "openslr__librispeech_asr__rev_main",
    hf_id: "openslr/librispeech_asr",
    status: "downloading",
    downloaded_files: 1500,
    total_files: 281241,
    percent_complete: 42.5,
    started_at: hoursAgo(2),
    last_update: hoursAgo(0.1),
    current_file: "train.clean.100/0001.parquet",
    eta: "15h 2m",
    ...overrides,
  };
}

export function report(overrides: Partial<StatusReport> = {}): StatusReport {
  return {
    schema: 1,
    root: ROOT,
    state_dir: `${ROOT}/.hugflow-state`,
    storage_root: "/data/datasets",
    last_updated: hoursAgo(72),
    datasets: [],
    in_progress: [],
    ...overrides,
  };
}

export function secrets(): SecretStatus[] {
  return [
    { id: "hf_token", label: "Hugging Face token", set: true, source: "environment", env_var: "HF_TOKEN", keyring: null, saved_for: null, other_origin: null },
    { id: "github_token", label: "GitHub token", set: true, source: "gh_cli", env_var: null, keyring: null, saved_for: null, other_origin: null },
    { id: "slack_webhook", label: "Slack webhook URL", set: false, source: null, env_var: null, keyring: null, saved_for: null, other_origin: null },
  ];
}

/** Renders `ui` over a FakeBackend; `prepare` runs before the first render (e.g. to queue failures). */
export function renderWith(ui: ReactElement, data: FakeBackendData = {}, prepare?: (backend: FakeBackend) => void) {
  const backend = new FakeBackend(data);
  prepare?.(backend);
  const result = render(<BackendProvider backend={backend}>{ui}</BackendProvider>);
  return { backend, ...result };
}
