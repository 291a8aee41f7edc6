import type { Filters } from "./bindings/Filters";
import type { Sort } from "./bindings/Sort";
import type { FacetKey } from "./tags";

export interface Facet {
  key: FacetKey;
  label: string;
  /** `filter-<testId>` on the control. */
  testId: string;
  options: readonly string[];
}

export const FACETS: readonly Facet[] = [
  {
    key: "tasks",
    label: "Task",
    testId: "task",
    options: [
      "automatic-speech-recognition",
      "text-to-speech",
      "audio-classification",
      "text-generation",
      "text-classification",
      "question-answering",
      "translation",
      "summarization",
      "image-classification",
    ],
  },
  { key: "languages", label: "Language", testId: "language", options: ["en", "ms", "zh", "id", "ta", "ar", "fr", "de", "es", "ja"] },
  { key: "modalities", label: "Modality", testId: "modality", options: ["audio", "text", "image", "tabular", "video"] },
  {
    key: "size_categories",
    label: "Size",
    testId: "size",
    options: ["n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "n>1B"],
  },
  { key: "licenses", label: "Licence", testId: "licence", options: ["cc-by-4.0", "cc-by-sa-4.0", "cc0-1.0", "mit", "apache-2.0", "other"] },
];

export const SORTS: ReadonlyArray<{ value: Sort; label: string }> = [
  { value: "relevance", label: "Relevance" },
  { value: "downloads", label: "Downloads" },
  { value: "likes", label: "Likes" },
  { value: "updated", label: "Recently updated" },
];

export const EMPTY_FILTERS: Filters = {
  tasks: [],
  languages: [],
  modalities: [],
  size_categories: [],
  licenses: [],
  gated: null,
  on_host: false,
};

/** What the catalogue page remembers across restarts. */
export interface CatalogueView {
  filters: Filters;
  sort: Sort;
}

export const VIEW_STORAGE_KEY = "hugflow.catalogue.view";

export const DEFAULT_VIEW: CatalogueView = { filters: EMPTY_FILTERS, sort: "relevance" };

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Reads a stored view, keeping only what is well-formed. */
export function parseView(text: string | null): CatalogueView {
  if (text === null) return DEFAULT_VIEW;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return DEFAULT_VIEW;
  }
  if (typeof raw !== "object" || raw === null) return DEFAULT_VIEW;
  const r = raw as { filters?: Record<string, unknown>; sort?: unknown };
  const f = typeof r.filters === "object" && r.filters !== null ? r.filters : {};
  const sort = SORTS.some((s) => s.value === r.sort) ? (r.sort as Sort) : DEFAULT_VIEW.sort;
  return {
    sort,
    filters: {
      tasks: strings(f.tasks),
      languages: strings(f.languages),
      modalities: strings(f.modalities),
      size_categories: strings(f.size_categories),
      licenses: strings(f.licenses),
      gated: typeof f.gated === "boolean" ? f.gated : null,
      on_host: f.on_host === true,
    },
  };
}

export function loadView(): CatalogueView {
  try {
    return parseView(window.localStorage.getItem(VIEW_STORAGE_KEY));
  } catch {
    return DEFAULT_VIEW;
  }
}

export function saveView(view: CatalogueView): void {
  try {
    window.localStorage.setItem(VIEW_STORAGE_KEY, JSON.stringify(view));
  } catch {
    // Storage full or disabled: the view is simply not remembered.
  }
}

export function activeFilterCount(filters: Filters): number {
  const facets = FACETS.reduce((n, f) => n + filters[f.key].length, 0);
  return facets + (filters.gated === null ? 0 : 1) + (filters.on_host ? 1 : 0);
}

/** `on local`, `on hgx-01`. */
export function hostLabel(host: string): string {
  return `on ${host}`;
}

/** The Hub page of a dataset from the endpoint (`https://huggingface.co/`). */
export function hubUrl(endpoint: string, id: string): string {
  return `${endpoint.replace(/\/+$/, "")}/datasets/${id}`;
}

/** Only http(s) links and media from the Hub are rendered; anything else is dropped. */
export function safeUrl(url: unknown, allowDataImage = false): string | null {
  if (typeof url !== "string") return null;
  if (/^https?:\/\//i.test(url)) return url;
  if (allowDataImage && /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i.test(url)) return url;
  return null;
}
