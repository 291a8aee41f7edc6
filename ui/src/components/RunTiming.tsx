import type { FlowRun } from "../bindings/FlowRun";
import { formatDuration, formatRelative } from "../format";
import { parseLocal, runSeconds } from "../runs";

/** When a run started (relative, the host's own time on hover) and how long it took or has run. */
export function RunTiming({ run, now }: { run: FlowRun; now: Date }) {
  const start = parseLocal(run.started_at);
  const seconds = runSeconds(run, now);
  return (
    <>
      <span className="run-start small muted nowrap" data-testid="run-start" title={run.started_at ? `${run.started_at.replace("T", " ")} (the host's time)` : undefined}>
        {start === null ? "—" : formatRelative(start, now)}
      </span>
      <span className="run-duration small nowrap" data-testid="run-duration">
        {seconds === null ? "—" : run.duration_secs === null ? `${formatDuration(seconds)} so far` : formatDuration(seconds)}
      </span>
    </>
  );
}
