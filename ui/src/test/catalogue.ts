import type { CatalogueEntry } from "../bindings/CatalogueEntry";
import type { DatasetDetails } from "../bindings/DatasetDetails";
import type { FirstRows } from "../bindings/FirstRows";
import type { TreeEntry } from "../bindings/TreeEntry";
import { hoursAgo } from "./fixtures";

export function entry(id: string, overrides: Partial<CatalogueEntry> = {}): CatalogueEntry {
  return {
    id,
    author: id.split("/")[0] ?? "",
    title: "",
    description: "",
    last_modified: "2025-01-01T00:00:00.000Z",
    downloads: 0,
    likes: 0,
    gated: "no",
    private: false,
    disabled: false,
    tags: [],
    hosts: [],
    favourite: false,
    ...overrides,
  };
}

const ASR = "task_categories:automatic-speech-recognition";

export const LIBRI = entry("openslr/librispeech_asr", {
  title: "LibriSpeech",
  description: "About 1,000 hours of read English speech",
  downloads: 90_000,
  likes: 400,
  last_modified: "2025-01-01T00:00:00.000Z",
  tags: [ASR, "language:en", "modality:audio", "license:cc-by-4.0"],
  hosts: ["local"],
});
export const VOICE = entry("mozilla-foundation/common_voice_11_0", {
  title: "Common Voice 11",
  description: "Crowd-sourced speech in many languages",
  downloads: 80_000,
  likes: 600,
  last_modified: "2025-02-01T00:00:00.000Z",
  tags: [ASR, "language:en", "language:ms", "modality:audio"],
  gated: "manual",
});
export const MALAY = entry("malaysia-ai/asr-malay", {
  description: "Malay conversational speech",
  downloads: 500,
  likes: 5,
  last_modified: "2025-03-01T00:00:00.000Z",
  tags: [ASR, "language:ms", "modality:audio"],
});
export const SOMEONE = entry("someone/asr", {
  description: "A tiny text classification set",
  downloads: 3,
  likes: 1,
  last_modified: "2025-04-01T00:00:00.000Z",
  tags: ["task_categories:text-classification", "language:en"],
});
export const SQUAD = entry("rajpurkar/squad", {
  title: "SQuAD",
  description: "Questions on Wikipedia articles",
  downloads: 70_000,
  likes: 300,
  last_modified: "2025-05-01T00:00:00.000Z",
  tags: ["task_categories:question-answering", "language:en", "modality:text"],
});

export function catalogue(): CatalogueEntry[] {
  return [LIBRI, VOICE, MALAY, SOMEONE, SQUAD].map((e) => ({ ...e }));
}

/** `n` datasets `bulk/dataset-00000` …, most downloaded first. */
export function many(n: number): CatalogueEntry[] {
  return Array.from({ length: n }, (_, i) =>
    entry(`bulk/dataset-${String(i).padStart(5, "0")}`, { downloads: n - i, description: `Bulk dataset number ${i}` }),
  );
}

const file = (path: string, size: number, lfs = false): TreeEntry => ({
  type: "file",
  oid: `oid-${path}`,
  size,
  path,
  lfs: lfs ? { oid: `sha-${path}`, size, pointerSize: 134 } : null,
});

export function details(overrides: Partial<DatasetDetails> = {}): DatasetDetails {
  return {
    info: {
      id: LIBRI.id,
      author: "openslr",
      sha: "0123456789abcdef0123456789abcdef01234567",
      lastModified: "2025-01-01T00:00:00.000Z",
      createdAt: "2022-03-02T23:29:22.000Z",
      private: false,
      gated: "no",
      disabled: false,
      downloads: 90_000,
      likes: 400,
      tags: LIBRI.tags,
      description: "LibriSpeech is a corpus of approximately 1000 hours of 16kHz read English speech.",
      cardData: {
        pretty_name: "LibriSpeech",
        license: ["cc-by-4.0"],
        language: ["en"],
        task_categories: ["automatic-speech-recognition"],
        configs: [{ config_name: "clean", data_files: "clean/*.parquet" }, { config_name: "other" }],
      },
      siblings: null,
      usedStorage: null,
    },
    offline: false,
    offline_reason: null,
    files: [
      file("README.md", 1024),
      file("clean/train-00000.parquet", 512 * 1024 ** 2, true),
      file("clean/train-00001.parquet", 512 * 1024 ** 2, true),
      file("other/test-00000.parquet", 512 * 1024 ** 2 - 1024, true),
    ],
    total_size: 1.5 * 1024 ** 3,
    refs: {
      branches: [{ name: "main", ref: "refs/heads/main", targetCommit: "0123456789abcdef0123456789abcdef01234567" }],
      tags: [{ name: "v2.0", ref: "refs/tags/v2.0", targetCommit: "fedcba9876543210fedcba9876543210fedcba98" }],
      converts: [],
    },
    splits: [
      { dataset: LIBRI.id, config: "clean", split: "train.100" },
      { dataset: LIBRI.id, config: "clean", split: "validation" },
      { dataset: LIBRI.id, config: "images", split: "train" },
    ],
    splits_note: null,
    splits_note_code: null,
    size: null,
    size_note: null,
    held_by: [
      {
        host: "local",
        storage_name: "openslr__librispeech_asr__rev_main",
        hf_id: LIBRI.id,
        revision: "main",
        subset: null,
        split: "train",
        path: "/data/datasets/openslr__librispeech_asr__rev_main",
        size_bytes: 61203283968,
        file_count: 281241,
        added_at: hoursAgo(72),
      },
    ],
    hub_url: "https://huggingface.co/datasets/openslr/librispeech_asr",
    favourite: false,
    card: null,
    ...overrides,
  };
}

export const AUDIO_SRC = "https://datasets-server.huggingface.co/assets/openslr/librispeech_asr/--/clean/train.100/0/audio/audio.wav";
export const IMAGE_SRC = "https://datasets-server.huggingface.co/assets/ylecun/mnist/--/default/train/0/image/image.jpg";

export function audioRows(): FirstRows {
  return {
    features: [
      { feature_idx: 0, name: "audio", type: { _type: "Audio", sampling_rate: 16000 } },
      { feature_idx: 1, name: "text", type: { _type: "Value", dtype: "string" } },
      { feature_idx: 2, name: "speaker_id", type: { _type: "Value", dtype: "int64" } },
      { feature_idx: 3, name: "meta", type: { age: { _type: "Value", dtype: "int32" } } },
    ],
    rows: [
      {
        row_idx: 0,
        row: {
          audio: [{ src: AUDIO_SRC, type: "audio/wav" }],
          text: `CHAPTER ONE ${"word ".repeat(60)}`.trim(),
          speaker_id: 1272,
          meta: { age: 31 },
        },
        truncated_cells: [],
      },
    ],
    truncated: false,
  };
}

export function imageRows(): FirstRows {
  return {
    features: [
      { feature_idx: 0, name: "image", type: { _type: "Image" } },
      { feature_idx: 1, name: "label", type: { _type: "ClassLabel", names: ["zero", "one", "two"] } },
    ],
    rows: [{ row_idx: 0, row: { image: { src: IMAGE_SRC, height: 28, width: 28 }, label: 2 }, truncated_cells: [] }],
    truncated: false,
  };
}
