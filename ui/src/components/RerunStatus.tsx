import type { Rerun } from "../bindings/Rerun";
import type { RunSource } from "../bindings/RunSource";
import { commandLine, rerunStateHint } from "../rerun";
import { LogTail } from "./LogTail";
import { RerunStateBadge } from "./RerunStateBadge";
import { RerunStopButton } from "./RerunStopButton";
import { RerunTimes } from "./RerunTimes";

interface Props {
  source: RunSource;
  /** The build's or flow's path, relative to the source's folder (its Stop button names it). */
  path: string;
  /** Its re-run log, relative to the source's folder, as the scan gives it (`rerun_log`); empty from an older `hugflow`. */
  log: string;
  rerun: Rerun;
  now: Date;
  /** When the folder was last scanned: a running re-run's log is read again then. */
  scannedAt: string;
  /** Reads the folder again, after a Stop. */
  onRescan: () => void;
}

/** The last re-run of a folder, as the last scan found it: its state, times, command and log. */
export function RerunStatus({ source, path, log, rerun, now, scannedAt, onRescan }: Props) {
  const running = rerun.state === "running";
  const hint = rerunStateHint(rerun.state);
  return (
    <div className="rerun-status" data-testid="flow-rerun-status" data-state={rerun.state}>
      <div className="rerun-status-head">
        <RerunStateBadge rerun={rerun} />
        <RerunTimes rerun={rerun} now={now} />
        <span className="spacer" />
        {running ? <RerunStopButton source={source} flow={path} onStopped={onRescan} /> : null}
      </div>
      {hint ? (
        <p className="small muted" data-testid="flow-rerun-hint">
          {hint}
        </p>
      ) : null}
      <p className="small muted">
        In <span className="mono">{rerun.cwd}</span>:
      </p>
      <pre className="rerun-command" data-testid="flow-rerun-status-command">
        {commandLine(rerun.command)}
      </pre>
      {log ? (
        <div data-testid="flow-rerun-log">
          {/* Keyed by its start: another re-run's log is another file's content. Read at each
              scan while it runs, and once more when it ends, for its last lines. */}
          <LogTail key={rerun.started_at} source={source} file={log} signals={[]} version={running ? scannedAt : rerun.state} />
        </div>
      ) : (
        <p className="small muted" data-testid="flow-rerun-log-unknown">
          Its output is in <span className="mono">{rerun.log}</span> on the host.
        </p>
      )}
    </div>
  );
}
