import type { RefreshReport } from "../bindings/RefreshReport";
import { formatCount } from "../format";

interface Props {
  report: RefreshReport;
  onDismiss: () => void;
}

function summary(r: RefreshReport): string {
  const read = r.inserted + r.updated + r.unchanged;
  if (r.cancelled) {
    return `Refresh cancelled after reading ${formatCount(read)} dataset${read === 1 ? "" : "s"}; what was read is kept.`;
  }
  const parts = [`${formatCount(r.inserted)} new`, `${formatCount(r.updated)} updated`];
  if (r.pruned > 0) parts.push(`${formatCount(r.pruned)} removed`);
  return `Catalogue ${r.full_crawl ? "rebuilt" : "refreshed"}: ${parts.join(", ")}.`;
}

export function RefreshSummary({ report, onDismiss }: Props) {
  return (
    <div className="banner banner-info" role="status" data-testid="refresh-report">
      <p className="banner-body">{summary(report)}</p>
      <button type="button" className="button-ghost banner-close" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
