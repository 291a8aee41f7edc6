import type { Rerun } from "../bindings/Rerun";
import { rerunStateText } from "../rerun";

/** Where a re-run stands: a spinner while it runs, its exit code when it failed. */
export function RerunStateBadge({ rerun }: { rerun: Pick<Rerun, "state" | "code"> }) {
  return (
    <span className={`badge rerun-state rerun-${rerun.state}`} data-testid="flow-rerun-state">
      {rerun.state === "running" ? <span className="spinner" aria-hidden="true" /> : null}
      {rerunStateText(rerun.state, rerun.code)}
    </span>
  );
}
