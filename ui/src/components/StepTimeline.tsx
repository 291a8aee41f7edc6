import type { Step } from "../bindings/Step";
import { formatMillis } from "../format";
import { STEP_LABELS, STEP_OUTCOME_LABELS } from "../retrain";
import { stepBars } from "../timeline";

/** A label's steps on one time axis: each bar as long as its step took, coloured by how it ended. */
export function StepTimeline({ steps }: { steps: readonly Step[] }) {
  if (steps.length === 0) return <p className="small muted">No step ran.</p>;
  const bars = stepBars(steps);
  return (
    <ol className="step-timeline">
      {steps.map((step, i) => (
        <li key={`${step.name}-${i}`} className={`timeline-step step-${step.outcome}`} data-testid="timeline-step" data-step={step.name} data-outcome={step.outcome}>
          <span className="step-name small strong">{STEP_LABELS[step.name]}</span>
          <span className="step-track" aria-hidden="true">
            <span className="step-bar" style={{ left: `${bars[i]!.left}%`, width: `${bars[i]!.width}%` }} />
          </span>
          <span className="step-time small nowrap">
            <span className="step-outcome">{STEP_OUTCOME_LABELS[step.outcome]}</span> · {formatMillis(step.duration_ms)}
          </span>
          <span className="step-detail small muted">{step.detail}</span>
        </li>
      ))}
    </ol>
  );
}
