import type { LabelRun } from "../bindings/LabelRun";
import { formatCount } from "../format";
import { DECISION_LABELS } from "../retrain";
import { DatasetVersionsChart } from "./DatasetVersionsChart";
import { LabelCounts } from "./LabelCounts";
import { StepTimeline } from "./StepTimeline";

/** One label of a run: the counts against the threshold, the decision, the steps, the versions. */
export function LabelTimeline({ label }: { label: LabelRun }) {
  return (
    <section className="label-timeline" data-testid="label-timeline" data-label={label.label} aria-label={`Label ${label.label}`}>
      <header className="run-detail-head">
        <h3 className="label-name">{label.label}</h3>
        {label.decision !== null ? (
          <span className={`badge decision-${label.decision}`} data-testid="label-decision">
            {DECISION_LABELS[label.decision]}
          </span>
        ) : (
          <span className="badge">not decided</span>
        )}
        {label.version_before !== null || label.version_after !== null ? (
          <span className="small" data-testid="label-versions">
            {label.version_before ?? "?"} → {label.version_after ?? "no new version"}
            {label.num_samples_after !== null ? <span className="muted"> ({formatCount(label.num_samples_after)} samples)</span> : null}
          </span>
        ) : null}
        <span className="spacer" />
        {label.retrain_space ? <span className="mono small muted">{label.retrain_space}</span> : null}
      </header>
      <LabelCounts label={label} />
      <StepTimeline steps={label.steps} />
      {label.error ? (
        <p className="field-error" data-testid="label-error">
          {label.error}
        </p>
      ) : null}
      {label.metadata_repo ? <DatasetVersionsChart key={label.metadata_repo} repo={label.metadata_repo} /> : null}
    </section>
  );
}
