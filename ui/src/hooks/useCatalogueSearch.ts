import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { CatalogueEntry } from "../bindings/CatalogueEntry";
import type { Filters } from "../bindings/Filters";
import type { Sort } from "../bindings/Sort";
import { asApiError, useBackend } from "../backend";
import type { ResultSource } from "../resultSource";

export const PAGE_SIZE = 100;
/** Local search is fast: this only merges keystrokes typed in the same instant. */
export const SEARCH_DEBOUNCE_MS = 30;

interface Loaded {
  key: string;
  total: number | null;
  capped: boolean;
  pages: ReadonlyMap<number, readonly CatalogueEntry[]>;
}

export interface CatalogueSearch extends ResultSource {
  error: ApiError | null;
  /** A query is on its way and its answer not yet shown. */
  searching: boolean;
  /** Patches an entry in place (e.g. after a favourite toggle). */
  patch(id: string, change: Partial<CatalogueEntry>): void;
}

/**
 * Search-as-you-type over the local catalogue. Every change of the query (after a short
 * debounce) asks for the first page; other pages load when `ensure` asks for them. Answers
 * to older queries are dropped, so a slow answer never replaces a newer one. Bumping
 * `reloadKey` reloads the same query without moving the list.
 */
export function useCatalogueSearch(text: string, filters: Filters, sort: Sort, reloadKey: number): CatalogueSearch {
  const backend = useBackend();
  const queryKey = useMemo(() => JSON.stringify([text, filters, sort]), [text, filters, sort]);
  const [loaded, setLoaded] = useState<Loaded>({ key: "", total: null, capped: false, pages: new Map() });
  const [error, setError] = useState<ApiError | null>(null);
  const [searching, setSearching] = useState(true);
  // Bumped by every query sent; an answer whose number is not the latest is ignored.
  const seq = useRef(0);
  const loadedRef = useRef(loaded);
  loadedRef.current = loaded;
  const pending = useRef(new Set<number>());
  // The query the next request sends; always the latest render's.
  const query = useRef({ text, filters, sort });
  query.current = { text, filters, sort };

  const fetchPage = useCallback(
    (page: number, id: number) => {
      const q = query.current;
      return backend.catalogueSearch({ ...q, limit: PAGE_SIZE, offset: page * PAGE_SIZE }).then(
        (results) => (id === seq.current ? results : null),
        (e: unknown) => {
          if (id === seq.current) setError(asApiError(e));
          return null;
        },
      );
    },
    [backend],
  );

  useEffect(() => {
    setSearching(true);
    let cancelled = false;
    const timer = setTimeout(() => {
      const id = ++seq.current;
      pending.current = new Set([0]);
      void fetchPage(0, id).then((results) => {
        if (cancelled || results === null) return;
        pending.current.delete(0);
        setError(null);
        setSearching(false);
        // A reload of the same query keeps its key, so the list stays where it is; the other
        // pages in view are fetched again as `ensure` finds them missing.
        setLoaded({ key: queryKey, total: results.total, capped: results.total_capped, pages: new Map([[0, results.items]]) });
      });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [fetchPage, queryKey, reloadKey]);

  const ensure = useCallback(
    (first: number, last: number) => {
      const current = loadedRef.current;
      if (current.total === null || current.key !== queryKey || last <= first) return;
      const id = seq.current;
      const from = Math.floor(first / PAGE_SIZE);
      const to = Math.floor((Math.min(last, current.total) - 1) / PAGE_SIZE);
      for (let page = from; page <= to; page++) {
        if (current.pages.has(page) || pending.current.has(page)) continue;
        pending.current.add(page);
        void fetchPage(page, id).then((results) => {
          if (results === null) return;
          pending.current.delete(page);
          setLoaded((prev) => {
            if (prev.key !== queryKey) return prev;
            const pages = new Map(prev.pages);
            pages.set(page, results.items);
            return { ...prev, total: results.total, capped: results.total_capped, pages };
          });
        });
      }
    },
    [fetchPage, queryKey],
  );

  const get = useCallback(
    (index: number) => loaded.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [loaded],
  );

  const patch = useCallback((id: string, change: Partial<CatalogueEntry>) => {
    setLoaded((prev) => {
      const pages = new Map<number, readonly CatalogueEntry[]>();
      for (const [n, items] of prev.pages) pages.set(n, items.map((e) => (e.id === id ? { ...e, ...change } : e)));
      return { ...prev, pages };
    });
  }, []);

  return { total: loaded.total, capped: loaded.capped, key: loaded.key, get, ensure, error, searching, patch };
}
