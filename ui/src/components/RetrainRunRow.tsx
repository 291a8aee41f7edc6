import type { ApiError } from "../bindings/ApiError";
import type { RetrainRun } from "../bindings/RetrainRun";
import { formatDuration } from "../format";
import { decisionsSummary, retrainSeconds } from "../retrain";
import { OutcomeBadge } from "./OutcomeBadge";
import { RelativeTime } from "./RelativeTime";
import { UrlButton } from "./UrlButton";

interface Props {
  run: RetrainRun;
  now: Date;
  selected: boolean;
  onOpen: (id: number) => void;
  onError: (error: ApiError) => void;
}

/** One orchestrator run: when, how long, how it ended, what it decided per label. */
export function RetrainRunRow({ run, now, selected, onOpen, onError }: Props) {
  const seconds = retrainSeconds(run, now);
  const decided = decisionsSummary(run);
  return (
    <li className={`run-line retrain-run${selected ? " selected" : ""}`} data-testid="retrain-run" data-id={run.id} data-outcome={run.outcome} onClick={() => onOpen(run.id)}>
      <span className="run-main">
        <button type="button" className="link-button strong nowrap" aria-current={selected ? "true" : undefined}>
          Run #{run.id}
        </button>
        <OutcomeBadge outcome={run.outcome} />
        {run.dry_run ? (
          <span className="badge badge-warn" data-testid="retrain-dry-run">
            dry run
          </span>
        ) : null}
        <span className="small muted" data-testid="retrain-decisions">
          {decided === "" ? "nothing decided" : decided}
        </span>
      </span>
      <span className="run-meta">
        <span className="small muted nowrap">
          <RelativeTime value={run.started_at} now={now} />
        </span>
        <span className="small nowrap" data-testid="retrain-duration">
          {seconds === null ? "—" : formatDuration(seconds)}
        </span>
        {run.actions_url ? (
          <span className="nowrap" onClick={(e) => e.stopPropagation()}>
            <UrlButton url={run.actions_url} testId="retrain-actions-link" className="link-button small" onError={onError}>
              Actions run
            </UrlButton>
          </span>
        ) : null}
      </span>
    </li>
  );
}
