import type { RefreshState } from "../hooks/useCatalogueRefresh";
import { formatCount } from "../format";
import { ProgressBar } from "./ProgressBar";

interface Props {
  state: RefreshState;
  onCancel: () => void;
}

/** The running refresh: the Hub does not say how many datasets it has, so the bar is indeterminate. */
export function RefreshProgress({ state, onCancel }: Props) {
  const { progress, full, cancelling } = state;
  const done = progress?.done ?? 0;
  const read = `${formatCount(done)} dataset${done === 1 ? "" : "s"} read`;
  const task = progress?.task ?? (full ? "Reading the whole catalogue" : "Refreshing the catalogue");
  return (
    <section className="card refresh-progress" data-testid="catalogue-progress" aria-live="polite">
      <div className="progress-line">
        <span className="strong">{task}</span>
        <span className="spacer" />
        <span className="muted nowrap" data-testid="catalogue-progress-count">
          {read}
        </span>
        <button type="button" data-testid="catalogue-cancel" onClick={onCancel} disabled={cancelling}>
          {cancelling ? "Cancelling…" : "Cancel"}
        </button>
      </div>
      {progress?.total ? (
        <ProgressBar percent={(done / progress.total) * 100} label={task} />
      ) : (
        <div className="progress-track indeterminate" role="progressbar" aria-label={task} aria-valuetext={read}>
          <div className="progress-fill" />
        </div>
      )}
      {progress?.message ? (
        <div className="mono small muted truncate" title={progress.message}>
          {progress.message}
        </div>
      ) : null}
    </section>
  );
}
