import type { CatalogueEntry } from "./bindings/CatalogueEntry";

/** Rows of a result list, loaded page by page as they come into view. */
export interface ResultSource {
  /** Number of matches; null before the first answer. */
  total: number | null;
  /** There are more matches than `total` (the search counts only so far). */
  capped: boolean;
  /** Changes when the list holds other results (a new query): the list goes back to the top. */
  key: string;
  get(index: number): CatalogueEntry | undefined;
  /** Loads the rows `first` (inclusive) to `last` (exclusive) if they are not yet. */
  ensure(first: number, last: number): void;
}

/** A source over rows already at hand (the Hub search's results). */
export function listSource(key: string, items: readonly CatalogueEntry[]): ResultSource {
  return { key, total: items.length, capped: false, get: (i) => items[i], ensure: () => {} };
}
