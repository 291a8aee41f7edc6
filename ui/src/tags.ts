/**
 * Hub tags are `kind:value` (`task_categories:automatic-speech-recognition`, `language:ms`,
 * `modality:audio`); the catalogue filters on them and the pages group them by kind.
 */

/** The tag prefix of each filter facet, as the catalogue stores it. */
export const FACET_PREFIX = {
  tasks: "task_categories",
  languages: "language",
  modalities: "modality",
  size_categories: "size_categories",
  licenses: "license",
} as const;

export type FacetKey = keyof typeof FACET_PREFIX;

export interface Tag {
  /** The part before the first `:`; empty for a bare tag. */
  kind: string;
  value: string;
}

export function parseTag(tag: string): Tag {
  const colon = tag.indexOf(":");
  if (colon <= 0) return { kind: "", value: tag };
  return { kind: tag.slice(0, colon), value: tag.slice(colon + 1) };
}

/** The values of the tags of one kind, in order. */
export function tagValues(tags: readonly string[], kind: string): string[] {
  return tags.map(parseTag).filter((t) => t.kind === kind).map((t) => t.value);
}

const KIND_LABELS: Record<string, string> = {
  task_categories: "Tasks",
  task_ids: "Task ids",
  language: "Languages",
  modality: "Modalities",
  size_categories: "Size",
  license: "Licence",
  format: "Formats",
  library: "Libraries",
  multilinguality: "Multilinguality",
  source_datasets: "Source datasets",
  annotations_creators: "Annotations",
  language_creators: "Language creators",
  region: "Region",
  arxiv: "arXiv",
  doi: "DOI",
  "": "Other",
};

/** The first kinds shown, in this order; any other kind follows, "Other" last. */
const KIND_ORDER = ["task_categories", "task_ids", "language", "modality", "size_categories", "license", "format"];

export interface TagGroup {
  kind: string;
  label: string;
  values: string[];
}

export function groupTags(tags: readonly string[]): TagGroup[] {
  const groups = new Map<string, string[]>();
  for (const { kind, value } of tags.map(parseTag)) {
    const values = groups.get(kind) ?? [];
    if (!values.includes(value)) values.push(value);
    groups.set(kind, values);
  }
  const rank = (kind: string) => {
    const i = KIND_ORDER.indexOf(kind);
    if (i >= 0) return i;
    return kind === "" ? Number.MAX_SAFE_INTEGER : KIND_ORDER.length;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([kind, values]) => ({ kind, label: KIND_LABELS[kind] ?? kind.replace(/_/g, " "), values }));
}
