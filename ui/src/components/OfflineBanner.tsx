interface Props {
  reason: string | null;
  onRetry: () => void;
  retrying?: boolean;
  /** What still works. */
  note?: string;
}

export function OfflineBanner({ reason, onRetry, retrying = false, note = "Search still works on the local catalogue." }: Props) {
  return (
    <div className="banner banner-warn" role="status" data-testid="offline-banner">
      <div className="banner-body">
        <p className="banner-message">
          The Hub cannot be reached{reason ? ` (${reason})` : ""}. {note}
        </p>
      </div>
      <button type="button" data-testid="offline-retry" onClick={onRetry} disabled={retrying}>
        {retrying ? "Retrying…" : "Retry"}
      </button>
    </div>
  );
}
