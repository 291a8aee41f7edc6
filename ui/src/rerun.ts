import type { FlowRun } from "./bindings/FlowRun";
import type { JobState } from "./bindings/JobState";
import type { RunsReport } from "./bindings/RunsReport";

/**
 * "Re-run this flow": what the Runs page shows of a re-run before and after it starts. The
 * host (`hugflow rerun`) decides the rest: the interpreter, and where the flow's script is.
 */

/** The folder's re-run log (`<flow>/.hugflow/rerun.log`), relative to the source's folder like every run file. */
export function rerunLogFile(run: Pick<FlowRun, "path">): string {
  return `${run.path}/.hugflow/rerun.log`;
}

/**
 * What a re-run of `run` will run, as ductaflow's CLI mode runs a flow; `null` without a saved
 * config, which is what a re-run passes to `--config`. Paths are relative to the source's
 * folder, as the scan names them.
 */
export function plannedCommand(run: Pick<FlowRun, "notebook" | "path" | "config_path">): string[] | null {
  if (run.config_path === null) return null;
  return ["python", `${run.notebook}.py`, "--config", run.config_path, "--output-dir", run.path];
}

const PLAIN = /^[\w@%+=:,./-]+$/;

/** A command as a shell would take it back: words with spaces or quotes are single-quoted. */
export function commandLine(args: readonly string[]): string {
  return args.map((arg) => (PLAIN.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`)).join(" ");
}

/** Whether any build or flow of the report is being re-run (its state is then worth reading often). */
export function anyRerunRunning(report: RunsReport): boolean {
  return report.ductaflow.some((run) => run.rerun?.state === "running" || run.flows.some((flow) => flow.rerun?.state === "running"));
}

/** A re-run's state in words, for its badge. */
export function rerunStateText(state: JobState, code: number | null): string {
  switch (state) {
    case "running":
      return "Running…";
    case "complete":
      return "Complete";
    case "failed":
      // No code: it could not start, or a signal ended it.
      return code === null ? "Failed" : `Failed (exit code ${code})`;
    case "cancelled":
      return "Cancelled";
    case "lost":
      return "Lost";
  }
}

/** Why a re-run is in the state it is in, when the badge alone does not say. */
export function rerunStateHint(state: JobState): string | null {
  switch (state) {
    case "lost":
      return "This re-run is lost: its process ended without saying how (host rebooted?). Its log may show how far it got.";
    case "cancelled":
      return "Stopped from Hugflow.";
    default:
      return null;
  }
}
