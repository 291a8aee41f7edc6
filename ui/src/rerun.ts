import type { JobState } from "./bindings/JobState";
import type { RunsReport } from "./bindings/RunsReport";

/**
 * "Re-run this flow": how the Runs page words a re-run before and after it starts. What a
 * re-run runs and where it writes are the scan's (`rerun_command`, `rerun_blocked` and
 * `rerun_log` of each run, planned by the host's `hugflow_runs::rerun`), never worked out here.
 */

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
