import type { DuctaflowRun } from "../bindings/DuctaflowRun";
import type { FlowRun } from "../bindings/FlowRun";
import type { RunSource } from "../bindings/RunSource";
import { formatDuration } from "../format";
import { runSeconds } from "../runs";
import { JsonBlock } from "./JsonBlock";
import { LogTail } from "./LogTail";
import { NotebookHint } from "./NotebookHint";
import { RerunSection } from "./RerunSection";
import { RunLight } from "./RunLight";
import { SignalList } from "./SignalList";

interface Props {
  source: RunSource;
  /** A build or one of its flows. */
  run: FlowRun | DuctaflowRun;
  now: Date;
  /** When the folder was last scanned: a live run's log is read again then. */
  scannedAt: string;
  /** Reads the folder again now (after a re-run starts or stops). */
  onRescan: () => void;
}

const hostTime = (text: string | null) => (text === null ? "—" : text.replace("T", " "));

/** A build's or a flow's detail: why it has its colour, its saved config and the end of its log. */
export function InstanceDetail({ source, run, now, scannedAt, onRescan }: Props) {
  const seconds = runSeconds(run, now);
  // A build's light is over its flows too: their lines are part of why.
  const signals = "flows" in run ? [...run.signals, ...run.flows.flatMap((f) => f.signals)] : run.signals;
  return (
    <section className="card run-detail" data-testid="run-detail" data-path={run.path} aria-labelledby="run-detail-title">
      <header className="run-detail-head">
        <h2 id="run-detail-title">{run.name}</h2>
        <RunLight status={run.status} liveness={run.liveness} />
        <NotebookHint run={run} />
      </header>
      <dl className="meta">
        <div>
          <dt>Notebook</dt>
          <dd className="mono">{run.notebook}</dd>
        </div>
        <div>
          <dt>Folder</dt>
          <dd className="mono">{run.path}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{hostTime(run.started_at)}</dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd>{hostTime(run.ended_at)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd data-testid="run-detail-duration">{seconds === null ? "—" : formatDuration(seconds)}</dd>
        </div>
      </dl>
      {run.problem ? (
        <p className="host-alert tone-warn small" data-testid="run-problem">
          {run.problem}
        </p>
      ) : null}
      {/* Keyed: a confirmation opened for one run must not carry over to the next one clicked. */}
      <RerunSection key={run.path} source={source} run={run} now={now} scannedAt={scannedAt} onRescan={onRescan} />
      <h3 className="eyebrow">Deciding lines</h3>
      <SignalList signals={signals} base={run.path} />
      <h3 className="eyebrow">Config</h3>
      {run.config_path ? <p className="small muted mono">{run.config_path}</p> : null}
      <JsonBlock value={run.config} testId="run-config" empty="No saved config was found next to the log." />
      <h3 className="eyebrow">Log</h3>
      {run.log_path ? (
        <LogTail key={run.log_path} source={source} file={run.log_path} signals={run.signals} version={run.liveness === "running" ? scannedAt : ""} />
      ) : (
        <p className="muted small">No execution log was found.</p>
      )}
    </section>
  );
}
