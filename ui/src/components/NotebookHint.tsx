import type { FlowRun } from "../bindings/FlowRun";
import { notebookHint, unreflectedSignals } from "../runs";

/** "2 notebook warnings": what the executed notebooks printed that the light (read from the logs) does not show. */
export function NotebookHint({ run }: { run: Pick<FlowRun, "status" | "signals"> & { flows?: readonly FlowRun[] } }) {
  const hint = notebookHint(unreflectedSignals(run));
  if (hint === null) return null;
  return (
    <span className="badge badge-warn" data-testid="notebook-hint" title="The notebook printed these; ductaflow's light reads only the log, so it does not show them.">
      {hint}
    </span>
  );
}
