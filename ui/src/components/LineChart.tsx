import { chartMax, linePath, timeFractions, type Series } from "../chart";
import { formatDuration } from "../format";

interface Props {
  title: string;
  testId: string;
  /** Milliseconds since the epoch of each point. */
  times: readonly number[];
  series: readonly Series[];
  /** The top of the y axis (e.g. 100 for a percentage); default: from the values. */
  max?: number | null;
  format: (value: number) => string;
  /** The labels under the left and right ends; default: how long ago the first point was, and "now". */
  axis?: readonly [string, string];
  /** Labels pinned above points, by the point's index (e.g. a dataset's version tags). */
  marks?: ReadonlyArray<{ index: number; label: string }>;
}

const WIDTH = 300;
const HEIGHT = 80;

function latest(values: ReadonlyArray<number | null>): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

/** A small inline SVG line chart over time, one line per series, with a legend of the latest values. */
export function LineChart({ title, testId, times, series, max, format, axis, marks = [] }: Props) {
  const top = chartMax(series, max);
  const xs = timeFractions(times);
  const span = times.length > 1 ? (times[times.length - 1]! - times[0]!) / 1000 : 0;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart-title">
        <span className="strong">{title}</span>
        <span className="muted small">top {format(top)}</span>
      </figcaption>
      {marks.length > 0 ? (
        <div className="chart-marks small">
          {marks.map((m) => {
            // Pinned at its point, shifted so that a label at either end stays inside the chart.
            const at = `${(xs[m.index] ?? 0) * 100}%`;
            return (
              <span key={m.index} className="chart-mark" data-testid="chart-mark" style={{ left: at, transform: `translateX(-${at})` }}>
                {m.label}
              </span>
            );
          })}
        </div>
      ) : null}
      <svg className="chart-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={title}>
        {[0.25, 0.5, 0.75].map((f) => (
          <line key={f} className="chart-grid" x1={0} x2={WIDTH} y1={HEIGHT * f} y2={HEIGHT * f} vectorEffect="non-scaling-stroke" />
        ))}
        {series.map((s, i) => (
          <path
            key={s.key}
            className={`chart-line series-${i % 8}`}
            data-testid="chart-line"
            data-series={s.key}
            d={linePath(xs, s.values, WIDTH, HEIGHT, top)}
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
      <div className="chart-axis muted small">
        <span>{axis ? axis[0] : span > 0 ? `${formatDuration(span)} ago` : ""}</span>
        <span>{axis ? axis[1] : "now"}</span>
      </div>
      <ul className="chart-legend small">
        {series.map((s, i) => {
          const value = latest(s.values);
          return (
            <li key={s.key} data-series={s.key}>
              <span className={`chart-swatch series-${i % 8}`} aria-hidden="true" />
              {s.label} <span className="muted">{value === null ? "—" : format(value)}</span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
