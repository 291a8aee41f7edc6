import type { RunSource } from "../bindings/RunSource";
import { useNow } from "../hooks/useNow";
import { useRunsScan } from "../hooks/useRunsScan";
import { ErrorBanner } from "./ErrorBanner";
import { RelativeTime } from "./RelativeTime";
import { RunsBrowser } from "./RunsBrowser";
import { RunsNothingFound } from "./RunsEmpty";

/** One run folder, scanned when shown, every 10 s while visible (3 s while a re-run runs), on Refresh and after a re-run starts or stops. */
export function RunsView({ source }: { source: RunSource }) {
  const now = useNow(5_000);
  const { report, error, refreshing, refresh } = useRunsScan(source);
  const empty = report !== null && report.ductaflow.length === 0 && report.huldra.length === 0;

  return (
    <>
      <div className="runs-toolbar">
        <span className="muted small" data-testid="runs-scanned">
          {report === null ? "" : <>Read <RelativeTime value={report.scanned_at} now={now} /></>}
        </span>
        <button type="button" data-testid="runs-refresh" onClick={() => void refresh()} disabled={refreshing} aria-busy={refreshing}>
          {refreshing ? <span className="spinner" aria-hidden="true" /> : null}
          {refreshing ? "Reading…" : "Refresh"}
        </button>
      </div>
      {error ? (
        <ErrorBanner
          message={`Could not read ${source.path}: ${error.message}`}
          detail={error.detail}
          hint={report === null ? undefined : "The list shows what the last read found."}
        />
      ) : null}
      {report === null && error === null ? (
        <p className="muted" aria-live="polite">
          Reading the folder…
        </p>
      ) : null}
      {empty ? <RunsNothingFound path={source.path} /> : null}
      {report !== null && !empty ? <RunsBrowser source={source} report={report} now={now} onRescan={() => void refresh()} /> : null}
    </>
  );
}
