import { describe, expect, it } from "vitest";
import { retrainRun, retrainRuns } from "./backend/demoRetrain";
import { DEFAULT_RETRAIN_FILTERS, decisionsSummary, filterRetrainRuns, outcomeLabel, retrainLabels, retrainSeconds } from "./retrain";

const NOW = new Date("2026-11-22T12:00:00Z");
const ids = (runs: ReadonlyArray<{ id: number }>) => runs.map((r) => r.id);

describe("filterRetrainRuns", () => {
  const runs = retrainRuns(NOW);

  it("keeps every run without filters, newest first", () => {
    expect(ids(filterRetrainRuns(runs, DEFAULT_RETRAIN_FILTERS))).toEqual([4, 3, 2, 1]);
  });

  it("filters by outcome, dry run and label", () => {
    expect(ids(filterRetrainRuns(runs, { ...DEFAULT_RETRAIN_FILTERS, outcome: "failed" }))).toEqual([3]);
    expect(ids(filterRetrainRuns(runs, { ...DEFAULT_RETRAIN_FILTERS, dryRun: "only" }))).toEqual([4]);
    expect(ids(filterRetrainRuns(runs, { ...DEFAULT_RETRAIN_FILTERS, dryRun: "hide" }))).toEqual([3, 2, 1]);
    expect(ids(filterRetrainRuns(runs, { outcome: "completed", dryRun: "hide", label: "department" }))).toEqual([2, 1]);
    expect(ids(filterRetrainRuns(runs, { ...DEFAULT_RETRAIN_FILTERS, label: "language" }))).toEqual([]);
  });

  it("lists the labels any run handled", () => {
    expect(retrainLabels(runs)).toEqual(["department", "intent"]);
    expect(retrainLabels([])).toEqual([]);
  });
});

describe("retrain runs", () => {
  it("takes its duration from its ends, or from now while it runs", () => {
    const start = new Date("2026-11-22T11:00:00Z");
    expect(retrainSeconds(retrainRun(1, start, 498), NOW)).toBe(498);
    expect(retrainSeconds(retrainRun(1, start, null, { outcome: "running" }), NOW)).toBe(3_600);
    expect(retrainSeconds(retrainRun(1, start, null, { outcome: "failed" }), NOW)).toBeNull();
  });

  it("sums up what it decided per label", () => {
    const [dry, , , quiet] = retrainRuns(NOW);
    expect(decisionsSummary(dry!)).toBe("department: retrain · intent: below threshold");
    expect(decisionsSummary(quiet!)).toBe("department: below threshold · intent: below threshold");
    expect(decisionsSummary(retrainRun(5, NOW, 0, { outcome: "skipped" }))).toBe("");
    expect(outcomeLabel("skipped")).toBe("Skipped");
  });
});
