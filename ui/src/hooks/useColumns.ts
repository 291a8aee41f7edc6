import { useEffect, useState } from "react";
import { useBackend } from "../backend";

/** The column names of one split, from the viewer's first rows; null when unknown. */
export function useColumns(id: string, config: string | null, split: string | null): string[] | null {
  const backend = useBackend();
  const key = config !== null && split !== null ? JSON.stringify([id, config, split]) : null;
  const [answer, setAnswer] = useState<{ key: string; columns: string[] | null } | null>(null);

  useEffect(() => {
    if (key === null) return;
    const [dataset, c, s] = JSON.parse(key) as [string, string, string];
    let cancelled = false;
    backend.firstRows(dataset, c, s).then(
      (rows) => {
        if (!cancelled) setAnswer({ key, columns: rows.features.map((f) => f.name) });
      },
      () => {
        if (!cancelled) setAnswer({ key, columns: null });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, key]);

  return answer !== null && answer.key === key ? answer.columns : null;
}
