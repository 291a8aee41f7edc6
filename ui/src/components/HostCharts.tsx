import { useMemo } from "react";
import type { GpuPoint } from "../bindings/GpuPoint";
import type { HistoryPoint } from "../bindings/HistoryPoint";
import type { HostSnapshot } from "../bindings/HostSnapshot";
import { sampleIndexes, type Series } from "../chart";
import { useHostHistory } from "../hooks/useHostHistory";
import { LineChart } from "./LineChart";
import { Section } from "./Section";

interface Props {
  name: string;
  /** The latest snapshot, for the memory and power limits of the y axes. */
  snapshot: HostSnapshot | null;
}

/** Points drawn per line: more would not show on a small chart. */
const MAX_POINTS = 240;

const percent = (v: number) => `${Math.round(v)} %`;

function perGpu(points: readonly HistoryPoint[], pick: (g: GpuPoint) => number | null): Series[] {
  const indexes = [...new Set(points.flatMap((p) => p.gpus.map((g) => g.index)))].sort((a, b) => a - b);
  return indexes.map((index) => ({
    key: `gpu-${index}`,
    label: `GPU ${index}`,
    values: points.map((p) => {
      const g = p.gpus.find((x) => x.index === index);
      return g ? pick(g) : null;
    }),
  }));
}

function largest(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length > 0 ? Math.max(...known) : null;
}

/** The last hour of the host: GPU utilisation, memory, temperature and power, disk and load. */
export function HostCharts({ name, snapshot }: Props) {
  const { points, error } = useHostHistory(name);
  const sampled = useMemo(() => (points === null ? [] : sampleIndexes(points.length, MAX_POINTS).map((i) => points[i]!)), [points]);
  const times = sampled.map((p) => p.at_ms);
  const gpus = snapshot?.gpus ?? [];
  const memoryMax = largest(gpus.map((g) => g.memory_total_mib));
  const charts = [
    { testId: "chart-gpu-util", title: "GPU utilisation", series: perGpu(sampled, (g) => g.utilization_gpu), max: 100, format: percent },
    { testId: "chart-gpu-memory", title: "GPU memory used", series: perGpu(sampled, (g) => (g.memory_used_mib === null ? null : g.memory_used_mib / 1024)), max: memoryMax === null ? null : memoryMax / 1024, format: (v: number) => `${v.toFixed(1)} GiB` },
    { testId: "chart-gpu-temp", title: "GPU temperature", series: perGpu(sampled, (g) => g.temperature_c), max: null, format: (v: number) => `${Math.round(v)} °C` },
    { testId: "chart-gpu-power", title: "GPU power", series: perGpu(sampled, (g) => g.power_draw_w), max: largest(gpus.map((g) => g.power_limit_w)), format: (v: number) => `${Math.round(v)} W` },
    { testId: "chart-disk", title: "Dataset disk use", series: [{ key: "disk", label: "Disk", values: sampled.map((p) => (p.disk_used_fraction === null ? null : p.disk_used_fraction * 100)) }], max: 100, format: percent },
    { testId: "chart-load", title: "Load (1 min)", series: [{ key: "load", label: "Load", values: sampled.map((p) => p.load_one) }], max: null, format: (v: number) => v.toFixed(1) },
  ].filter((c) => c.series.length > 0);

  return (
    <Section
      id="host-charts"
      title="Last hour"
      testId="host-charts"
      aside={
        error ? (
          <span className="field-error small" data-testid="host-charts-error">
            Could not read the history: {error.message}
          </span>
        ) : null
      }
    >
      {points === null ? (
        <p className="muted">Loading…</p>
      ) : points.length === 0 ? (
        <p className="muted" data-testid="host-charts-empty">
          No history yet: it builds up while Hugflow watches the host.
        </p>
      ) : (
        <div className="chart-grid-layout">
          {charts.map((c) => (
            <LineChart key={c.testId} times={times} {...c} />
          ))}
        </div>
      )}
    </Section>
  );
}
