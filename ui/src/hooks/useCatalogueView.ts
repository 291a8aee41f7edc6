import { useCallback, useState } from "react";
import type { Filters } from "../bindings/Filters";
import type { Sort } from "../bindings/Sort";
import { loadView, saveView, type CatalogueView } from "../catalogue";

/** Filters and sort of the catalogue, remembered in localStorage across restarts. */
export function useCatalogueView() {
  const [view, setView] = useState<CatalogueView>(loadView);

  const update = useCallback((change: (view: CatalogueView) => CatalogueView) => {
    setView((prev) => {
      const next = change(prev);
      saveView(next);
      return next;
    });
  }, []);

  const setFilters = useCallback((filters: Filters) => update((v) => ({ ...v, filters })), [update]);
  const setSort = useCallback((sort: Sort) => update((v) => ({ ...v, sort })), [update]);

  return { filters: view.filters, sort: view.sort, setFilters, setSort };
}
