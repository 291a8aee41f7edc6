import { useState } from "react";
import type { JobSummary } from "../bindings/JobSummary";
import { useBackend } from "../backend";
import { formatCount } from "../format";
import { useAction } from "../hooks/useAction";
import { JOB_STATE_LABELS } from "../hosts";
import { ProgressBar } from "./ProgressBar";
import { RelativeTime } from "./RelativeTime";
import { SyncLogPanel } from "./SyncLogPanel";

interface Props {
  host: string;
  job: JobSummary;
  now: Date;
}

/** One sync on a host: who started it, what, where it stands; its log, and Cancel for the desktop's own. */
export function HostJobRow({ host, job, now }: Props) {
  const backend = useBackend();
  const [showLog, setShowLog] = useState(false);
  const { busy, error, run } = useAction();
  const mine = job.origin === "desktop";
  const { progress } = job;
  return (
    <li className="host-job" data-testid="host-job" data-id={job.id} data-state={job.state}>
      <div className="host-job-line">
        <span className="badge" data-testid="job-origin">
          {mine ? "Desktop" : "CI"}
        </span>
        <span className="mono strong truncate">{job.hf_id}</span>
        {job.kind === "remove" ? <span className="badge">removal</span> : null}
        <span className={`job-state job-${job.state}`} data-testid="job-state">
          {JOB_STATE_LABELS[job.state]}
        </span>
        <span className="spacer" />
        {mine ? (
          <button type="button" className="button-ghost" data-testid="job-log-button" aria-expanded={showLog} onClick={() => setShowLog((s) => !s)}>
            {showLog ? "Hide log" : "Log"}
          </button>
        ) : null}
        {mine && job.state === "running" ? (
          <button type="button" data-testid="job-cancel" disabled={busy} onClick={() => void run(() => backend.cancelHostSync(host, job.id))}>
            {busy ? "Cancelling…" : "Cancel"}
          </button>
        ) : null}
      </div>
      {progress && job.state === "running" ? (
        <>
          <ProgressBar percent={progress.percent_complete} label={`Sync of ${job.hf_id}`} />
          <p className="muted small">
            {formatCount(progress.downloaded_files)} of {formatCount(progress.total_files)} files
            {progress.eta ? `, about ${progress.eta} left` : ""}
            {progress.current_file ? <span className="mono"> · {progress.current_file}</span> : null}
          </p>
        </>
      ) : null}
      <p className="muted small" data-testid="job-times">
        started <RelativeTime value={job.started_at} now={now} fallback="—" />
        {job.ended_at ? (
          <>
            , ended <RelativeTime value={job.ended_at} now={now} />
          </>
        ) : null}
        {mine ? <span className="mono"> · {job.id}</span> : " · its log is in the CI run"}
      </p>
      {job.error ? (
        <p className="field-error" data-testid="job-error">
          {job.error}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" role="alert" data-testid="job-action-error">
          {error.message}
        </p>
      ) : null}
      {showLog ? <SyncLogPanel host={host} id={job.id} live={job.state === "running"} /> : null}
    </li>
  );
}
