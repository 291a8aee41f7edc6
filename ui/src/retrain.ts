import type { Decision } from "./bindings/Decision";
import type { RetrainRun } from "./bindings/RetrainRun";
import type { RunOutcome } from "./bindings/RunOutcome";
import type { StepName } from "./bindings/StepName";
import type { StepOutcome } from "./bindings/StepOutcome";
import { parseTimestamp } from "./format";

export const OUTCOMES: ReadonlyArray<{ value: RunOutcome; label: string }> = [
  { value: "running", label: "Running" },
  { value: "completed", label: "Completed" },
  { value: "failed", label: "Failed" },
  { value: "skipped", label: "Skipped" },
];

export const STEP_LABELS: Record<StepName, string> = {
  count: "Count",
  read_version: "Read version",
  restart_prepare: "Restart prepare Space",
  poll_metadata: "Poll metadata",
  restart_retrain: "Restart retrain Space",
};

export const STEP_OUTCOME_LABELS: Record<StepOutcome, string> = {
  ok: "ok",
  failed: "failed",
  timed_out: "timed out",
  dry_run: "dry run",
};

export const DECISION_LABELS: Record<Decision, string> = {
  below_threshold: "below threshold",
  retrain: "retrain",
};

export function outcomeLabel(outcome: RunOutcome): string {
  return OUTCOMES.find((o) => o.value === outcome)?.label ?? outcome;
}

export interface RetrainFilters {
  outcome: RunOutcome | "all";
  dryRun: "all" | "only" | "hide";
  /** "" for every label. */
  label: string;
}

export const DEFAULT_RETRAIN_FILTERS: RetrainFilters = { outcome: "all", dryRun: "all", label: "" };

export function filterRetrainRuns(runs: readonly RetrainRun[], filters: RetrainFilters): RetrainRun[] {
  return runs.filter(
    (run) =>
      (filters.outcome === "all" || run.outcome === filters.outcome) &&
      (filters.dryRun === "all" || run.dry_run === (filters.dryRun === "only")) &&
      (filters.label === "" || run.labels.some((l) => l.label === filters.label)),
  );
}

/** Every label any run handled, sorted. */
export function retrainLabels(runs: readonly RetrainRun[]): string[] {
  return [...new Set(runs.flatMap((r) => r.labels.map((l) => l.label)))].sort();
}

/** How long a run took, or has taken so far while it runs; null when unknown. */
export function retrainSeconds(run: Pick<RetrainRun, "started_at" | "ended_at" | "outcome">, now: Date): number | null {
  const start = parseTimestamp(run.started_at);
  const end = run.ended_at !== null ? parseTimestamp(run.ended_at) : run.outcome === "running" ? now : null;
  return start === null || end === null ? null : Math.max(0, (end.getTime() - start.getTime()) / 1000);
}

/** `department: retrain · intent: below threshold`; the labels not decided are left out. */
export function decisionsSummary(run: Pick<RetrainRun, "labels">): string {
  return run.labels
    .filter((l) => l.decision !== null)
    .map((l) => `${l.label}: ${DECISION_LABELS[l.decision!]}`)
    .join(" · ");
}
