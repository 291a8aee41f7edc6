import type { CatalogueEntry } from "../bindings/CatalogueEntry";
import type { DatasetDetails } from "../bindings/DatasetDetails";
import type { Feature } from "../bindings/Feature";
import type { FirstRows } from "../bindings/FirstRows";
import type { HostDataset } from "../bindings/HostDataset";
import type { SplitRef } from "../bindings/SplitRef";
import type { TreeEntry } from "../bindings/TreeEntry";
import type { JsonValue } from "../bindings/serde_json/JsonValue";
import { tagValues } from "../tags";
import { demoCard } from "./demoCard";
import { detailsKey, firstRowsKey } from "./fake";

const GB = 1024 ** 3;

/** A stable pseudo-random number in [0, 1) from a string, so the demo looks the same every load. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

const hex = (seed: string, length: number) =>
  Array.from({ length }, (_, i) => Math.floor(hash(`${seed}${i}`) * 16).toString(16)).join("");

function configsOf(entry: CatalogueEntry): string[] {
  const langs = tagValues(entry.tags, "language");
  return langs.length > 1 && entry.tags.includes("modality:audio") ? langs.slice(0, 3) : ["default"];
}

function file(path: string, size: number, lfs: boolean): TreeEntry {
  const oid = hex(path, 40);
  return { type: "file", oid, size: Math.round(size), path, lfs: lfs ? { oid: hex(`${path}lfs`, 64), size: Math.round(size), pointerSize: 134 } : null };
}

function files(entry: CatalogueEntry, configs: string[]): TreeEntry[] {
  const total = (0.2 + hash(entry.id) * 60) * GB;
  const out = [file(".gitattributes", 2_400, false), file("README.md", 8_000 + hash(`${entry.id}readme`) * 20_000, false)];
  for (const config of configs) {
    const shards = 2 + Math.floor(hash(`${entry.id}${config}`) * 4);
    const dir = config === "default" ? "data" : `data/${config}`;
    for (const [split, share] of [["train", 0.8], ["validation", 0.1], ["test", 0.1]] as const) {
      const n = split === "train" ? shards : 1;
      for (let i = 0; i < n; i++) {
        const name = `${dir}/${split}-${String(i).padStart(5, "0")}-of-${String(n).padStart(5, "0")}.parquet`;
        out.push(file(name, (total * share) / configs.length / n, true));
      }
    }
  }
  return out;
}

function heldBy(entry: CatalogueEntry, now: Date, repoSize: number): HostDataset[] {
  return entry.hosts.map((host, i) => {
    const storage = `${entry.id.replace("/", "__")}__rev_main`;
    return {
      host,
      storage_name: storage,
      hf_id: entry.id,
      revision: "main",
      subset: null,
      split: "train",
      path: `/data/datasets/${storage}`,
      size_bytes: Math.round(repoSize * (0.4 + hash(`${entry.id}${host}`) * 0.6)),
      file_count: 100 + Math.floor(hash(host) * 20_000),
      added_at: new Date(now.getTime() - (3 + i * 9) * 86_400_000).toISOString().replace("Z", "000"),
    };
  });
}

export function demoDetails(entry: CatalogueEntry, endpoint: string, now: Date): DatasetDetails {
  const configs = configsOf(entry);
  const tree = files(entry, configs);
  const splits: SplitRef[] = configs.flatMap((config) =>
    ["train", "validation", "test"].map((split) => ({ dataset: entry.id, config, split })),
  );
  const commit = hex(entry.id, 40);
  return {
    info: {
      id: entry.id,
      author: entry.author,
      sha: commit,
      lastModified: entry.last_modified,
      createdAt: "2022-03-01T10:00:00.000Z",
      private: false,
      gated: entry.gated === "manual" ? "manual" : entry.gated === "auto" ? "auto" : "no",
      disabled: false,
      downloads: entry.downloads,
      likes: entry.likes,
      tags: entry.tags,
      description: entry.description,
      cardData: {
        pretty_name: entry.title,
        license: tagValues(entry.tags, "license"),
        language: tagValues(entry.tags, "language"),
        task_categories: tagValues(entry.tags, "task_categories"),
        configs: configs.map((config) => ({ config_name: config, data_files: `data/${config}/*.parquet` })),
      },
      siblings: tree.map((f) => ({ rfilename: f.path })),
      usedStorage: tree.reduce((sum, f) => sum + f.size, 0),
    },
    offline: false,
    offline_reason: null,
    files: tree,
    total_size: tree.reduce((sum, f) => sum + f.size, 0),
    refs: {
      branches: [{ name: "main", ref: "refs/heads/main", targetCommit: commit }],
      tags: hash(`${entry.id}tag`) > 0.5 ? [{ name: "v1.0", ref: "refs/tags/v1.0", targetCommit: hex(`${entry.id}v1`, 40) }] : [],
      converts: [{ name: "parquet", ref: "refs/convert/parquet", targetCommit: hex(`${entry.id}pq`, 40) }],
    },
    splits,
    splits_note: null,
    splits_note_code: null,
    size: null,
    size_note: null,
    held_by: heldBy(entry, now, tree.reduce((sum, f) => sum + f.size, 0)),
    hub_url: `${endpoint}datasets/${entry.id}`,
    favourite: entry.favourite,
    card: demoCard(entry),
  };
}

/** The demo's tags hold an older state of the repository: no test split, an older card. */
function atTag(details: DatasetDetails, entry: CatalogueEntry, tag: string): DatasetDetails {
  const files = details.files.filter((f) => !f.path.includes("/test-"));
  const total_size = files.reduce((sum, f) => sum + f.size, 0);
  return { ...details, files, total_size, card: demoCard(entry, tag), info: { ...details.info, sha: hex(`${entry.id}${tag}`, 40) } };
}

const value = (dtype: string) => ({ _type: "Value", dtype });
const SENTENCES = [
  "he hoped there would be stew for dinner turnips and carrots and bruised potatoes",
  "saya mahu pergi ke pasar malam dengan kawan kawan selepas kerja",
  "the birch canoe slid on the smooth planks",
  "stuff it into you his belly counselled him",
  "apa khabar semua terima kasih kerana menyertai mesyuarat hari ini",
];

function digit(n: number): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"><rect width="28" height="28" fill="#111"/><text x="14" y="21" font-size="18" text-anchor="middle" fill="#eee" font-family="sans-serif">${n}</text></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export function demoFirstRows(entry: CatalogueEntry, split: SplitRef): FirstRows {
  const modalities = tagValues(entry.tags, "modality");
  let features: Feature[];
  let row: (i: number) => Record<string, JsonValue>;
  if (modalities.includes("audio")) {
    features = [
      { feature_idx: 0, name: "id", type: value("string") },
      { feature_idx: 1, name: "audio", type: { _type: "Audio", sampling_rate: 16000 } },
      { feature_idx: 2, name: "text", type: value("string") },
      { feature_idx: 3, name: "duration", type: value("float32") },
    ];
    const base = `https://datasets-server.huggingface.co/cached-assets/${entry.id}/--/main/--/${split.config}/${split.split}`;
    row = (i) => ({
      id: `${split.split}-${1000 + i}`,
      audio: [{ src: `${base}/${i}/audio/audio.wav`, type: "audio/wav" }],
      text: SENTENCES[i % SENTENCES.length] ?? "",
      duration: Math.round((2 + hash(`${entry.id}${i}`) * 12) * 100) / 100,
    });
  } else if (modalities.includes("image")) {
    features = [
      { feature_idx: 0, name: "image", type: { _type: "Image" } },
      { feature_idx: 1, name: "label", type: { _type: "ClassLabel", names: ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"] } },
    ];
    row = (i) => ({ image: { src: digit((i * 7) % 10), height: 28, width: 28 }, label: (i * 7) % 10 });
  } else {
    features = [
      { feature_idx: 0, name: "id", type: value("string") },
      { feature_idx: 1, name: "text", type: value("string") },
      { feature_idx: 2, name: "answers", type: { text: { feature: value("string"), _type: "Sequence" }, answer_start: { feature: value("int32"), _type: "Sequence" } } },
    ];
    row = (i) => ({
      id: hex(`${entry.id}${i}`, 24),
      text: `${SENTENCES[i % SENTENCES.length] ?? ""}. ${entry.description}`,
      answers: { text: [`answer ${i}`], answer_start: [Math.floor(hash(`${i}`) * 200)] },
    });
  }
  return {
    features,
    rows: Array.from({ length: 8 }, (_, i) => ({ row_idx: i, row: row(i), truncated_cells: [] })),
    truncated: false,
  };
}

/** Details and first rows of every demo dataset, as the fake backend takes them. */
export function demoHubData(entries: CatalogueEntry[], endpoint: string, now: Date) {
  const details: Record<string, DatasetDetails> = {};
  const firstRows: Record<string, FirstRows> = {};
  for (const entry of entries) {
    const d = demoDetails(entry, endpoint, now);
    details[entry.id] = d;
    for (const tag of d.refs?.tags ?? []) details[detailsKey(entry.id, tag.name)] = atTag(d, entry, tag.name);
    for (const split of d.splits) firstRows[firstRowsKey(entry.id, split.config, split.split)] = demoFirstRows(entry, split);
  }
  return { details, firstRows };
}
