import type { RequestState } from "../bindings/RequestState";
import { formatBytes, formatDuration } from "../format";
import { stateLabel } from "../requests";
import { ProgressBar } from "./ProgressBar";

interface Props {
  state: RequestState;
  /** Names the dataset for the progress bar's label. */
  name: string;
}

/** Where a request stands, with what to do when its sync failed. */
export function RequestStateView({ state, name }: Props) {
  return (
    <div className="request-state" data-state={state.state}>
      <div className="progress-line">
        <span className="request-state-label" data-testid="request-state">
          {stateLabel(state)}
        </span>
        {(state.state === "merged" || state.state === "held") && state.path !== null ? (
          <span className="muted" data-testid="request-state-detail">
            <span className="mono">{state.path}</span>
            {state.size_bytes !== null ? ` (${formatBytes(state.size_bytes)})` : ""}
          </span>
        ) : null}
        {state.state === "downloading" && state.eta_seconds !== null ? (
          <span className="muted" data-testid="request-eta">
            about {formatDuration(state.eta_seconds)} left
          </span>
        ) : null}
      </div>
      {state.state === "downloading" ? <ProgressBar percent={state.percent} label={`Download of ${name}`} /> : null}
      {state.state === "held" ? (
        <p className="request-held" data-testid="request-held-message">
          {state.message}
        </p>
      ) : null}
      {state.state === "failed" ? (
        <div className="request-failure">
          <p data-testid="request-failure-message">{state.error.message}</p>
          <p className="muted" data-testid="request-failure-suggestion">
            What to do: {state.error.suggestion}
          </p>
        </div>
      ) : null}
    </div>
  );
}
