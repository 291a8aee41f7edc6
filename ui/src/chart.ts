/** A line of a chart: one value per point in time, null where nothing was measured. */
export interface Series {
  key: string;
  label: string;
  values: ReadonlyArray<number | null>;
}

/** Every `step`-th index so that at most `max` remain, always keeping the last one. */
export function sampleIndexes(length: number, max: number): number[] {
  const step = Math.max(1, Math.ceil(length / max));
  const indexes: number[] = [];
  for (let i = 0; i < length; i += step) indexes.push(i);
  if (length > 0 && indexes[indexes.length - 1] !== length - 1) indexes.push(length - 1);
  return indexes;
}

/** The top of the y axis: `max` when given, else the largest value (at least 1) with some room. */
export function chartMax(series: readonly Series[], max?: number | null): number {
  if (max !== undefined && max !== null && max > 0) return max;
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  return Math.max(1, ...values) * 1.1;
}

/**
 * An SVG path through `values` placed at `xs` (0 to 1) in a `width` × `height` box, y from 0 to
 * `max`; a gap (null) starts a new segment.
 */
export function linePath(xs: readonly number[], values: ReadonlyArray<number | null>, width: number, height: number, max: number): string {
  let path = "";
  let drawing = false;
  values.forEach((value, i) => {
    const x = xs[i];
    if (value === null || x === undefined || !Number.isFinite(value)) {
      drawing = false;
      return;
    }
    const y = height - (Math.min(Math.max(value, 0), max) / max) * height;
    path += `${drawing ? "L" : "M"}${(x * width).toFixed(1)} ${y.toFixed(1)}`;
    drawing = true;
  });
  return path;
}

/** Where each of `times` falls between the first and the last, 0 to 1. */
export function timeFractions(times: readonly number[]): number[] {
  const first = times[0] ?? 0;
  const span = (times[times.length - 1] ?? 0) - first;
  return times.map((t) => (span > 0 ? (t - first) / span : 1));
}
