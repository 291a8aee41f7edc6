import type { CatalogueStatus } from "../bindings/CatalogueStatus";
import { formatCount, formatRelative, parseTimestamp } from "../format";

interface Props {
  /** Matches of the current search; null before the first answer. */
  total: number | null;
  /** There are more matches than `total`: "1,000+ datasets". */
  capped?: boolean;
  status: CatalogueStatus | null;
  now: Date;
  /** The list shows the Hub's answer rather than the local search. */
  fromHub?: boolean;
}

const datasets = (n: number, capped = false) => `${formatCount(n)}${capped ? "+" : ""} dataset${n === 1 && !capped ? "" : "s"}`;

function freshness(status: CatalogueStatus, now: Date): string {
  if (status.refreshing) return "refreshing now";
  const at = parseTimestamp(status.refreshed_at);
  return at === null ? "never refreshed" : `refreshed ${formatRelative(at, now)}`;
}

/** "42 datasets · catalogue of 512,000 datasets, refreshed 3 hours ago"; "1,000+ datasets" when capped. */
export function CatalogueCount({ total, capped = false, status, now, fromHub = false }: Props) {
  return (
    <p className="catalogue-count muted" data-testid="catalogue-count" aria-live="polite">
      {total === null ? (
        "Searching…"
      ) : (
        <>
          <span className="strong count-main">
            {datasets(total, capped)}
            {fromHub ? " found on the Hub" : ""}
          </span>
          {capped ? <span data-testid="catalogue-count-hint"> (the first {formatCount(total)} are listed: refine your search to see more)</span> : null}
        </>
      )}
      {status ? (
        <span data-testid="catalogue-status">
          {" · "}catalogue of {datasets(status.count)}, {freshness(status, now)}
        </span>
      ) : null}
    </p>
  );
}
