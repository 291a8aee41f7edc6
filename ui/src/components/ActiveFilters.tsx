import type { Filters } from "../bindings/Filters";
import { EMPTY_FILTERS, FACETS, activeFilterCount } from "../catalogue";

interface Props {
  filters: Filters;
  onChange: (filters: Filters) => void;
}

/** The chosen filter values as removable chips. */
export function ActiveFilters({ filters, onChange }: Props) {
  if (activeFilterCount(filters) === 0) return null;
  const chips: Array<{ key: string; label: string; remove: () => void }> = [];
  for (const facet of FACETS) {
    for (const value of filters[facet.key]) {
      chips.push({
        key: `${facet.key}:${value}`,
        label: `${facet.label}: ${value}`,
        remove: () => onChange({ ...filters, [facet.key]: filters[facet.key].filter((v) => v !== value) }),
      });
    }
  }
  if (filters.gated !== null) {
    chips.push({
      key: "gated",
      label: filters.gated ? "Gated only" : "Open only",
      remove: () => onChange({ ...filters, gated: null }),
    });
  }
  if (filters.on_host) {
    chips.push({ key: "on_host", label: "On a host", remove: () => onChange({ ...filters, on_host: false }) });
  }
  return (
    <div className="chips" aria-label="Active filters">
      {chips.map((chip) => (
        <span key={chip.key} className="chip" data-testid="filter-chip" data-filter={chip.key}>
          {chip.label}
          <button type="button" className="chip-remove" aria-label={`Remove filter ${chip.label}`} onClick={chip.remove}>
            ×
          </button>
        </span>
      ))}
      <button type="button" className="button-ghost small" data-testid="filter-clear" onClick={() => onChange(EMPTY_FILTERS)}>
        Clear filters
      </button>
    </div>
  );
}
