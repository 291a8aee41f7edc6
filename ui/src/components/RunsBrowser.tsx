import { useMemo, useState } from "react";
import type { RunSource } from "../bindings/RunSource";
import type { RunsReport } from "../bindings/RunsReport";
import { useRunFilters } from "../hooks/useRunFilters";
import { DEFAULT_RUN_FILTERS, filterArtifacts, filterRuns } from "../runs";
import { ArtifactsPanel } from "./ArtifactsPanel";
import { FlowRunsPanel } from "./FlowRunsPanel";
import { RunFiltersBar } from "./RunFiltersBar";

interface Props {
  source: RunSource;
  report: RunsReport;
  now: Date;
  /** Reads the folder again now (after a re-run starts or stops). */
  onRescan: () => void;
}

type Tab = "flows" | "artifacts";

/** A scanned folder: the filters, then its ductaflow runs or its huldra artifacts. */
export function RunsBrowser({ source, report, now, onRescan }: Props) {
  const { filters, setFilters } = useRunFilters(source);
  const [picked, setPicked] = useState<Tab | null>(null);
  const tab: Tab = picked ?? (report.ductaflow.length === 0 && report.huldra.length > 0 ? "artifacts" : "flows");
  const runs = useMemo(() => filterRuns(report.ductaflow, filters, now), [report.ductaflow, filters, now]);
  const artifacts = useMemo(() => filterArtifacts(report.huldra, filters, now), [report.huldra, filters, now]);
  const [shown, total] = tab === "flows" ? [runs.length, report.ductaflow.length] : [artifacts.length, report.huldra.length];

  const tabButton = (value: Tab, label: string, count: number) => (
    <button type="button" role="tab" className="tab" data-testid={`runs-tab-${value}`} aria-selected={tab === value} onClick={() => setPicked(value)}>
      {label} <span className="badge">{count}</span>
    </button>
  );

  return (
    <>
      <RunFiltersBar filters={filters} onChange={setFilters} />
      <div className="tabs" role="tablist" aria-label="Kind of run">
        {tabButton("flows", "Flows (ductaflow)", report.ductaflow.length)}
        {tabButton("artifacts", "Artifacts (huldra)", report.huldra.length)}
        <span className="spacer" />
        {total > 0 ? (
          <span className="muted small" data-testid="runs-count">
            {shown === total ? `${total} shown` : `${shown} of ${total} shown`}
          </span>
        ) : null}
      </div>
      {total === 0 ? (
        <p className="card empty-state">{tab === "flows" ? "No ductaflow run in this folder." : "No huldra artifact in this folder."}</p>
      ) : shown === 0 ? (
        <section className="card empty-state" data-testid="runs-no-match">
          <p>No {tab === "flows" ? "run" : "artifact"} matches these filters.</p>
          <div className="actions centered">
            <button type="button" onClick={() => setFilters(DEFAULT_RUN_FILTERS)}>
              Clear filters
            </button>
          </div>
        </section>
      ) : tab === "flows" ? (
        <FlowRunsPanel source={source} runs={runs} all={report.ductaflow} now={now} scannedAt={report.scanned_at} onRescan={onRescan} />
      ) : (
        <ArtifactsPanel artifacts={artifacts} now={now} />
      )}
    </>
  );
}
