import type { RunOutcome } from "../bindings/RunOutcome";
import { outcomeLabel } from "../retrain";

/** How an orchestrator run ended, in its colour. */
export function OutcomeBadge({ outcome }: { outcome: RunOutcome }) {
  return (
    <span className={`badge outcome-${outcome}`} data-testid="retrain-outcome">
      {outcomeLabel(outcome)}
    </span>
  );
}
