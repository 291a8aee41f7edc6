import { useMemo, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import { useNow } from "../hooks/useNow";
import { useRetrainHistory } from "../hooks/useRetrainHistory";
import { DEFAULT_RETRAIN_FILTERS, filterRetrainRuns, retrainLabels } from "../retrain";
import { ErrorBanner } from "./ErrorBanner";
import { RetrainFiltersBar } from "./RetrainFiltersBar";
import { RetrainRunDetail } from "./RetrainRunDetail";
import { RetrainRunRow } from "./RetrainRunRow";

/** The orchestrator's runs recorded on `host` (null: this computer), with filters and the open run. */
export function RetrainView({ host }: { host: string | null }) {
  const now = useNow(5_000);
  const { history, error, refreshing, refresh } = useRetrainHistory(host);
  const [filters, setFilters] = useState(DEFAULT_RETRAIN_FILTERS);
  const [selected, setSelected] = useState<number | null>(null);
  const [openError, setOpenError] = useState<ApiError | null>(null);
  const runs = useMemo(() => filterRetrainRuns(history?.runs ?? [], filters), [history, filters]);
  const labels = useMemo(() => retrainLabels(history?.runs ?? []), [history]);
  const open = runs.find((r) => r.id === selected) ?? runs[0] ?? null;

  return (
    <>
      <div className="runs-toolbar">
        <span className="spacer" />
        <button type="button" data-testid="retrain-refresh" onClick={() => void refresh()} disabled={refreshing} aria-busy={refreshing}>
          {refreshing ? <span className="spinner" aria-hidden="true" /> : null}
          {refreshing ? "Reading…" : "Refresh"}
        </button>
      </div>
      {error?.code === "no_checkout" ? (
        <section className="card empty-state" data-testid="retrain-no-checkout">
          <p className="strong">No checkout is open on this computer.</p>
          <p>Open your GitOps checkout on the Local datasets page, or pick a host whose checkout holds the orchestrator&apos;s records.</p>
        </section>
      ) : error ? (
        <ErrorBanner message={error.message} detail={error.detail} hint={history === null ? undefined : "The list shows what was read last."} />
      ) : null}
      {openError ? <ErrorBanner message={openError.message} onDismiss={() => setOpenError(null)} /> : null}
      {history === null && error === null ? (
        <p className="muted" aria-live="polite">
          Reading the records…
        </p>
      ) : null}
      {history !== null && history.runs.length === 0 ? (
        <section className="card empty-state" data-testid="retrain-empty">
          <p>The retrain orchestrator has not recorded a run here yet. Its runs show up here once it has run in this checkout (by hand or from GitHub Actions).</p>
        </section>
      ) : null}
      {history !== null && history.runs.length > 0 ? (
        <>
          <RetrainFiltersBar filters={filters} labels={labels} onChange={setFilters} />
          {runs.length === 0 ? (
            <section className="card empty-state" data-testid="retrain-no-match">
              <p>No run matches these filters.</p>
              <div className="actions centered">
                <button type="button" onClick={() => setFilters(DEFAULT_RETRAIN_FILTERS)}>
                  Clear filters
                </button>
              </div>
            </section>
          ) : (
            <div className="runs-layout">
              <ul className="card run-list" data-testid="retrain-runs">
                {runs.map((run) => (
                  <RetrainRunRow key={run.id} run={run} now={now} selected={run.id === open?.id} onOpen={setSelected} onError={setOpenError} />
                ))}
              </ul>
              <div className="runs-side">{open ? <RetrainRunDetail run={open} now={now} /> : null}</div>
            </div>
          )}
        </>
      ) : null}
    </>
  );
}
