import type { DatasetStatus } from "./bindings/DatasetStatus";
import { parseTimestamp } from "./format";

/** Newest `added_at` first; rows whose date cannot be read go last. */
export function sortNewestFirst(datasets: readonly DatasetStatus[]): DatasetStatus[] {
  const time = (d: DatasetStatus) => parseTimestamp(d.added_at)?.getTime() ?? -Infinity;
  return [...datasets].sort((a, b) => {
    const diff = time(b) - time(a);
    if (diff !== 0 && !Number.isNaN(diff)) return diff;
    return a.hf_id.localeCompare(b.hf_id);
  });
}

/** Sum of the known sizes; null when none is known. */
export function totalSize(datasets: readonly DatasetStatus[]): number | null {
  const known = datasets.map((d) => d.size_bytes).filter((s): s is number => s !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}
