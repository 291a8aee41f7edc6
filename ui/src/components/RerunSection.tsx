import type { DuctaflowRun } from "../bindings/DuctaflowRun";
import type { FlowRun } from "../bindings/FlowRun";
import type { RunSource } from "../bindings/RunSource";
import { RerunButton } from "./RerunButton";
import { RerunStatus } from "./RerunStatus";

interface Props {
  source: RunSource;
  run: FlowRun | DuctaflowRun;
  now: Date;
  scannedAt: string;
  /** Reads the folder again: after a re-run starts or is stopped, to show it at once. */
  onRescan: () => void;
}

/** A run's re-run: the button that starts one, and how the last one stands. */
export function RerunSection({ source, run, now, scannedAt, onRescan }: Props) {
  return (
    <section className="rerun-section" aria-label="Re-run">
      <RerunButton source={source} run={run} onStarted={onRescan} />
      {run.rerun ? <RerunStatus source={source} path={run.path} log={run.rerun_log} rerun={run.rerun} now={now} scannedAt={scannedAt} onRescan={onRescan} /> : null}
    </section>
  );
}
