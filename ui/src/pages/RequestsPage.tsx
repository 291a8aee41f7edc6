import { useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import { ErrorBanner } from "../components/ErrorBanner";
import { RelativeTime } from "../components/RelativeTime";
import { RequestRow } from "../components/RequestRow";
import { useNow } from "../hooks/useNow";
import { useRequests } from "../hooks/useRequests";

interface Props {
  onNewRequest: () => void;
  onOpenSettings: () => void;
}

function pollHint(error: ApiError) {
  const what =
    error.code === "unauthorized" || error.code === "not_configured"
      ? " Check the GitHub token in Settings."
      : error.code === "rate_limited"
        ? " GitHub's rate limit is reached; Hugflow tries again later."
        : "";
  return `The list shows the last known states.${what}`;
}

/** Every request PR of the GitOps repository, the user's own first, as the poller last saw them. */
export function RequestsPage({ onNewRequest, onOpenSettings }: Props) {
  const now = useNow();
  const { view, error, refreshing, refresh } = useRequests();
  const [openError, setOpenError] = useState<ApiError | null>(null);
  const configured = view !== null && view.repo !== null;

  return (
    <div className="page" data-testid="page-requests">
      <header className="page-header requests-header">
        <h1>Requests</h1>
        {configured ? (
          <span className="mono muted" data-testid="requests-repo">
            {view.repo}
          </span>
        ) : null}
        <span className="spacer" />
        {configured ? (
          <span className="muted small" data-testid="requests-updated">
            {view.polled_at === null ? "Not polled yet" : <>Updated <RelativeTime value={view.polled_at} now={now} /></>}
          </span>
        ) : null}
        {configured ? (
          <button type="button" data-testid="requests-refresh" onClick={() => void refresh()} disabled={refreshing} aria-busy={refreshing}>
            {refreshing ? <span className="spinner" aria-hidden="true" /> : null}
            {refreshing ? "Refreshing…" : "Refresh"}
          </button>
        ) : null}
        <button type="button" className="primary" data-testid="requests-new" onClick={onNewRequest}>
          New request
        </button>
      </header>
      {error ? <ErrorBanner message={error.message} detail={error.detail} /> : null}
      {configured && view.error ? (
        <ErrorBanner message={`Could not refresh from GitHub: ${view.error.message}`} detail={view.error.detail} hint={pollHint(view.error)} />
      ) : null}
      {openError ? <ErrorBanner message={openError.message} onDismiss={() => setOpenError(null)} /> : null}
      {view === null && error === null ? (
        <p className="muted" aria-live="polite">
          Loading…
        </p>
      ) : null}
      {view !== null && view.repo === null ? (
        <section className="card empty-state" data-testid="requests-not-configured">
          <p className="strong">No GitOps repository is set.</p>
          <p>Set the GitOps repository (owner/name) in Settings → Requests to send requests and follow their PRs here.</p>
          <div className="actions centered">
            <button type="button" className="primary" data-testid="requests-open-settings" onClick={onOpenSettings}>
              Open Settings
            </button>
          </div>
        </section>
      ) : null}
      {configured && view.items.length === 0 ? (
        <section className="card empty-state" data-testid="requests-empty">
          <p>No request PRs yet — find a dataset in the Catalogue and press Request this dataset.</p>
        </section>
      ) : null}
      {configured && view.items.length > 0 ? (
        <ul className="card request-list" data-testid="requests-list">
          {view.items.map((item) => (
            <RequestRow key={item.number} item={item} now={now} onError={setOpenError} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}
