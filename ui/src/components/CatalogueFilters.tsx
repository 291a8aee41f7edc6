import type { Filters } from "../bindings/Filters";
import type { Sort } from "../bindings/Sort";
import { FACETS, SORTS } from "../catalogue";
import { ActiveFilters } from "./ActiveFilters";
import { FacetMenu } from "./FacetMenu";

interface Props {
  filters: Filters;
  sort: Sort;
  onFilters: (filters: Filters) => void;
  onSort: (sort: Sort) => void;
}

type GatedChoice = "any" | "open" | "gated";

const toChoice = (gated: boolean | null): GatedChoice => (gated === null ? "any" : gated ? "gated" : "open");
const fromChoice = (choice: string): boolean | null => (choice === "gated" ? true : choice === "open" ? false : null);

export function CatalogueFilters({ filters, sort, onFilters, onSort }: Props) {
  return (
    <div className="catalogue-filters">
      <div className="filter-row">
        {FACETS.map((facet) => (
          <FacetMenu
            key={facet.key}
            facet={facet}
            selected={filters[facet.key]}
            onChange={(values) => onFilters({ ...filters, [facet.key]: values })}
          />
        ))}
        <label className="inline-field">
          <span className="sr-only">Access</span>
          <select
            className="input"
            data-testid="filter-gated"
            value={toChoice(filters.gated)}
            onChange={(e) => onFilters({ ...filters, gated: fromChoice(e.target.value) })}
          >
            <option value="any">Open and gated</option>
            <option value="open">Open only</option>
            <option value="gated">Gated only</option>
          </select>
        </label>
        <label className="inline-field checkbox">
          <input
            type="checkbox"
            data-testid="filter-on-host"
            checked={filters.on_host}
            onChange={(e) => onFilters({ ...filters, on_host: e.target.checked })}
          />
          On a host
        </label>
        <span className="spacer" />
        <label className="inline-field">
          <span className="muted">Sort</span>
          <select className="input" data-testid="catalogue-sort" value={sort} onChange={(e) => onSort(e.target.value as Sort)}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ActiveFilters filters={filters} onChange={onFilters} />
    </div>
  );
}
