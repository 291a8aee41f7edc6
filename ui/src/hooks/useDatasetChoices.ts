import { useEffect, useState } from "react";
import type { DatasetDetails } from "../bindings/DatasetDetails";
import { useBackend } from "../backend";
import { useDebounced } from "./useDebounced";

const LOOKS_LIKE_ID = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)?$/;

/**
 * The dataset's refs, splits and hosts, to offer as choices in the request form. Null while
 * unknown (typing, offline, not on the Hub): the form then takes typed values.
 */
export function useDatasetChoices(hfId: string): DatasetDetails | null {
  const backend = useBackend();
  const id = useDebounced(hfId.trim(), 400);
  const [answer, setAnswer] = useState<{ id: string; details: DatasetDetails | null } | null>(null);

  useEffect(() => {
    if (!LOOKS_LIKE_ID.test(id)) return;
    let cancelled = false;
    backend.datasetDetails(id, null).then(
      (details) => {
        if (!cancelled) setAnswer({ id, details });
      },
      () => {
        if (!cancelled) setAnswer({ id, details: null });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, id]);

  return answer !== null && answer.id === hfId.trim() ? answer.details : null;
}
