import { useCallback, useState } from "react";
import type { RunSource } from "../bindings/RunSource";
import { loadRunFilters, saveRunFilters, type RunFilters } from "../runs";

/** The Runs page's filters of one folder, remembered per folder across visits and restarts. */
export function useRunFilters(source: RunSource) {
  const [filters, setState] = useState<RunFilters>(() => loadRunFilters(source));
  const setFilters = useCallback(
    (next: RunFilters) => {
      setState(next);
      saveRunFilters(source, next);
    },
    [source],
  );
  return { filters, setFilters };
}
