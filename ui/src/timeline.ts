import type { LabelRun } from "./bindings/LabelRun";
import type { Step } from "./bindings/Step";
import { parseTimestamp } from "./format";

/** Where a step's bar sits on its label's timeline, in percent of the whole span. */
export interface StepBar {
  left: number;
  width: number;
}

/**
 * The steps of one label laid out on one time axis: each bar starts where its step started and
 * is as long as it took, relative to the span from the first start to the last end. A step too
 * short to see still gets `minWidth` percent.
 */
export function stepBars(steps: readonly Step[], minWidth = 0.8): StepBar[] {
  const starts = steps.map((s) => parseTimestamp(s.started_at)?.getTime() ?? null);
  const known = starts.filter((t): t is number => t !== null);
  const first = known.length > 0 ? Math.min(...known) : 0;
  // A step whose start is unknown follows the one before it.
  let cursor = first;
  const placed = steps.map((s, i) => {
    const start = starts[i] ?? cursor;
    cursor = start + s.duration_ms;
    return { start, end: cursor };
  });
  const span = Math.max(0, ...placed.map((p) => p.end)) - first;
  return placed.map(({ start, end }) => {
    if (span <= 0) return { left: 0, width: minWidth };
    const width = Math.min(100, Math.max(minWidth, ((end - start) / span) * 100));
    const left = Math.min(((start - first) / span) * 100, 100 - width);
    return { left: Math.max(0, left), width };
  });
}

/** The counts bar of a label: how full the new dataset would be against the threshold. */
export interface CountBar {
  /** The dataset length, in percent of the bar. */
  fill: number;
  /** Where the threshold sits, in percent of the bar. */
  marker: number;
  /** At or above the threshold: a retrain is due. */
  reached: boolean;
}

/** The bar spans the larger of the dataset length and the threshold; null before the count. */
export function countBar(label: Pick<LabelRun, "dataset_len" | "threshold">): CountBar | null {
  const { dataset_len: length, threshold } = label;
  if (length === null) return null;
  const top = Math.max(length, threshold, 1);
  return { fill: (length / top) * 100, marker: (threshold / top) * 100, reached: length >= threshold };
}
