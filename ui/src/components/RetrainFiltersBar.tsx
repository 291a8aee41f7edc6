import type { RunOutcome } from "../bindings/RunOutcome";
import { OUTCOMES, type RetrainFilters } from "../retrain";

interface Props {
  filters: RetrainFilters;
  labels: readonly string[];
  onChange: (filters: RetrainFilters) => void;
}

/** Outcome, dry runs and label. */
export function RetrainFiltersBar({ filters, labels, onChange }: Props) {
  return (
    <div className="run-filters" role="search" aria-label="Filter retrain runs">
      <select
        className="input"
        data-testid="retrain-filter-outcome"
        aria-label="Outcome"
        value={filters.outcome}
        onChange={(e) => onChange({ ...filters, outcome: e.target.value as RunOutcome | "all" })}
      >
        <option value="all">Any outcome</option>
        {OUTCOMES.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <select
        className="input"
        data-testid="retrain-filter-dry-run"
        aria-label="Dry runs"
        value={filters.dryRun}
        onChange={(e) => onChange({ ...filters, dryRun: e.target.value as RetrainFilters["dryRun"] })}
      >
        <option value="all">Dry runs too</option>
        <option value="hide">No dry runs</option>
        <option value="only">Dry runs only</option>
      </select>
      <select className="input" data-testid="retrain-filter-label" aria-label="Label" value={filters.label} onChange={(e) => onChange({ ...filters, label: e.target.value })}>
        <option value="">Every label</option>
        {labels.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}
