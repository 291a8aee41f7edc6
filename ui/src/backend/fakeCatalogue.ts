import type { CatalogueEntry } from "../bindings/CatalogueEntry";
import type { DatasetDetails } from "../bindings/DatasetDetails";
import type { Filters } from "../bindings/Filters";
import type { HostDataset } from "../bindings/HostDataset";
import type { SearchQuery } from "../bindings/SearchQuery";
import { FACET_PREFIX, type FacetKey } from "../tags";

/**
 * The FakeBackend's stand-in for the SQLite FTS search: every word of the text must occur
 * (case-insensitively) in the id, author, title, description or tags; filters are OR within a
 * facet and AND across facets; an exact id (or name) match comes first whatever the sort.
 * The total is counted up to `cap` (when given), as the real search counts up to 1,000.
 */
export function searchEntries(
  entries: readonly CatalogueEntry[],
  query: SearchQuery,
  cap: number | null = null,
): { total: number; total_capped: boolean; items: CatalogueEntry[] } {
  const words = query.text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "");
  const exact = query.text.trim().toLowerCase();
  const matched = entries.filter((e) => matchesFilters(e, query.filters) && matchesWords(e, words));
  const isExact = (e: CatalogueEntry) => {
    const id = e.id.toLowerCase();
    return exact !== "" && (id === exact || id.slice(id.indexOf("/") + 1) === exact);
  };
  const relevance = (e: CatalogueEntry) => {
    if (exact === "") return 0;
    const id = e.id.toLowerCase();
    const name = id.slice(id.indexOf("/") + 1);
    if (name.startsWith(exact) || id.startsWith(exact)) return 2;
    return id.includes(exact) ? 1 : 0;
  };
  const key = (e: CatalogueEntry): number | string => {
    switch (query.sort) {
      case "likes":
        return e.likes;
      case "updated":
        return e.last_modified;
      default:
        return e.downloads;
    }
  };
  const ranked = matched
    .map((entry) => ({ entry, exact: isExact(entry) ? 1 : 0, relevance: query.sort === "relevance" ? relevance(entry) : 0, key: key(entry) }))
    .sort((a, b) => b.exact - a.exact || b.relevance - a.relevance || compareDesc(a.key, b.key) || a.entry.id.localeCompare(b.entry.id));
  const limit = Math.min(Math.max(query.limit, 1), 1000);
  const capped = cap !== null && ranked.length > cap;
  return {
    total: capped ? cap : ranked.length,
    total_capped: capped,
    items: ranked.slice(query.offset, query.offset + limit).map((r) => r.entry),
  };
}

function compareDesc(a: number | string, b: number | string): number {
  if (a === b) return 0;
  return a < b ? 1 : -1;
}

function matchesWords(entry: CatalogueEntry, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const haystack = [entry.id, entry.author, entry.title, entry.description, ...entry.tags].join(" ").toLowerCase();
  return words.every((w) => haystack.includes(w));
}

function matchesFilters(entry: CatalogueEntry, filters: Filters): boolean {
  for (const facet of Object.keys(FACET_PREFIX) as FacetKey[]) {
    const wanted = filters[facet];
    if (wanted.length > 0 && !wanted.some((v) => entry.tags.includes(`${FACET_PREFIX[facet]}:${v}`))) return false;
  }
  if (filters.gated === true && entry.gated === "no") return false;
  if (filters.gated === false && entry.gated !== "no") return false;
  if (filters.on_host && entry.hosts.length === 0) return false;
  return true;
}

/** What `dataset_details` answers when the Hub cannot be reached: the catalogue's entry only. */
export function offlineDetails(
  entry: CatalogueEntry,
  endpoint: string,
  reason: string,
  heldBy: HostDataset[],
): DatasetDetails {
  return {
    info: {
      id: entry.id,
      author: entry.author,
      sha: null,
      lastModified: entry.last_modified,
      createdAt: null,
      private: entry.private,
      gated: entry.gated === "manual" ? "manual" : entry.gated === "auto" ? "auto" : "no",
      disabled: false,
      downloads: entry.downloads,
      likes: entry.likes,
      tags: entry.tags,
      description: entry.description,
      cardData: null,
      siblings: null,
      usedStorage: null,
    },
    offline: true,
    offline_reason: reason,
    files: [],
    total_size: 0,
    refs: null,
    splits: [],
    splits_note: null,
    splits_note_code: null,
    size: null,
    size_note: null,
    held_by: heldBy,
    hub_url: `${endpoint}datasets/${entry.id}`,
    favourite: entry.favourite,
    card: null,
  };
}
