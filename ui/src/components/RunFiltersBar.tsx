import { DATE_RANGES, DEFAULT_RUN_FILTERS, RUN_STATES, activeRunFilterCount, type DateRange, type RunFilters, type RunState } from "../runs";

interface Props {
  filters: RunFilters;
  onChange: (filters: RunFilters) => void;
}

/** Status chips, a date range and a name box; remembered per folder by the caller. */
export function RunFiltersBar({ filters, onChange }: Props) {
  function toggle(state: RunState) {
    const states = filters.states.includes(state) ? filters.states.filter((s) => s !== state) : [...filters.states, state];
    onChange({ ...filters, states });
  }

  return (
    <div className="run-filters" role="search" aria-label="Filter runs">
      <div className="run-filter-states" role="group" aria-label="Status">
        {RUN_STATES.map((s) => (
          <button
            key={s.value}
            type="button"
            className={`chip chip-${s.value}`}
            data-testid={`run-filter-${s.value}`}
            aria-pressed={filters.states.includes(s.value)}
            onClick={() => toggle(s.value)}
          >
            <span className={`light-dot light-${s.value === "abandoned" ? "stale" : s.value}`} aria-hidden="true" />
            {s.label}
          </button>
        ))}
      </div>
      <select
        className="input"
        data-testid="run-filter-range"
        aria-label="Started"
        value={filters.range}
        onChange={(e) => onChange({ ...filters, range: e.target.value as DateRange })}
      >
        {DATE_RANGES.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
      <input
        className="input run-filter-text"
        type="search"
        data-testid="run-filter-text"
        aria-label="Name"
        placeholder="Name, notebook, class or hash"
        value={filters.text}
        onChange={(e) => onChange({ ...filters, text: e.target.value })}
      />
      {activeRunFilterCount(filters) > 0 ? (
        <button type="button" className="button-ghost" data-testid="run-filters-clear" onClick={() => onChange(DEFAULT_RUN_FILTERS)}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
