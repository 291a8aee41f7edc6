import type { RetrainRun } from "../bindings/RetrainRun";
import { formatAbsolute, formatDuration, parseTimestamp } from "../format";
import { retrainSeconds } from "../retrain";
import { LabelTimeline } from "./LabelTimeline";
import { OutcomeBadge } from "./OutcomeBadge";

/** One orchestrator run in full: each label's counts, decision, steps and dataset versions. */
export function RetrainRunDetail({ run, now }: { run: RetrainRun; now: Date }) {
  const start = parseTimestamp(run.started_at);
  const seconds = retrainSeconds(run, now);
  return (
    <section className="card run-detail" data-testid="retrain-detail" data-id={run.id} aria-labelledby="retrain-detail-title">
      <header className="run-detail-head">
        <h2 id="retrain-detail-title">Run #{run.id}</h2>
        <OutcomeBadge outcome={run.outcome} />
        {run.dry_run ? <span className="badge badge-warn">dry run: no Space was restarted</span> : null}
        <span className="spacer" />
        <span className="small muted">
          {start === null ? run.started_at : formatAbsolute(start)}
          {seconds === null ? "" : ` · ${formatDuration(seconds)}`}
        </span>
      </header>
      {run.error ? (
        <p className="field-error" data-testid="retrain-error">
          {run.error}
        </p>
      ) : null}
      {run.labels.length === 0 ? <p className="muted small">No label was handled{run.outcome === "skipped" ? ": another run held the lock" : ""}.</p> : null}
      {run.labels.map((label) => (
        <LabelTimeline key={label.label} label={label} />
      ))}
    </section>
  );
}
