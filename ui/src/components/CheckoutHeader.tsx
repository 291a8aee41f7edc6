import type { StatusReport } from "../bindings/StatusReport";
import { RelativeTime } from "./RelativeTime";

interface Props {
  report: StatusReport;
  now: Date;
  refreshing: boolean;
  onRefresh: () => void;
  onChange: () => void;
}

export function CheckoutHeader({ report, now, refreshing, onRefresh, onChange }: Props) {
  return (
    <section className="card checkout-header" aria-label="Checkout">
      <div className="checkout-info">
        <div className="eyebrow">Checkout</div>
        <div className="checkout-root mono" data-testid="checkout-root" title={report.root}>
          {report.root}
        </div>
        <dl className="meta">
          <div>
            <dt>State</dt>
            <dd className="mono" title={report.state_dir}>
              {report.state_dir}
            </dd>
          </div>
          <div>
            <dt>Storage root</dt>
            <dd className="mono" title={report.storage_root}>
              {report.storage_root}
            </dd>
          </div>
          <div>
            <dt>Last updated</dt>
            <dd>
              <RelativeTime value={report.last_updated} now={now} fallback="never" />
            </dd>
          </div>
        </dl>
      </div>
      <div className="actions">
        <button type="button" data-testid="checkout-refresh" onClick={onRefresh} aria-busy={refreshing}>
          {refreshing ? "Refreshing…" : "Refresh"}
        </button>
        <button type="button" data-testid="checkout-change" onClick={onChange}>
          Change folder
        </button>
      </div>
    </section>
  );
}
