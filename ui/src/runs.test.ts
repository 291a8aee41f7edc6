import { describe, expect, it } from "vitest";
import { artifacts, demoRuns } from "./backend/demoRuns";
import { artifact, flowInstance } from "./backend/runBuilders";
import type { DuctaflowRun } from "./bindings/DuctaflowRun";
import {
  DEFAULT_RUN_FILTERS,
  activeRunFilterCount,
  artifactLight,
  artifactState,
  filterArtifacts,
  filterRuns,
  findInstance,
  inRange,
  loadRunFilters,
  notebookHint,
  parseLocal,
  parseRunFilters,
  runSeconds,
  runState,
  saveRunFilters,
  unreflectedSignals,
} from "./runs";

const NOW = new Date(2026, 10, 22, 12, 0, 0);
const builds = () => demoRuns(NOW).runFolders![0]!.report.ductaflow;
const names = (runs: readonly { name: string }[]) => runs.map((r) => r.name);
const byName = (name: string) => builds().find((b) => b.name === name)!;

describe("run states", () => {
  it("is the light once finished, else running or abandoned", () => {
    expect(builds().map((b) => [b.name, b.status, runState(b)])).toEqual([
      ["augmented", "warning", "running"],
      ["diverged", "error", "error"],
      ["low_data", "success", "success"],
      ["baseline", "success", "success"],
      ["lr_sweep", "success", "abandoned"],
    ]);
  });

  it("maps huldra's statuses, a stale artifact apart from a live one", () => {
    expect(artifacts(NOW).map((a) => [a.hash.slice(0, 4), artifactState(a), artifactLight(a)])).toEqual([
      ["6551", "abandoned", { tone: "stale", label: "stale (lease expired)" }],
      ["794b", "error", { tone: "error", label: "failed" }],
      ["5ad0", "success", { tone: "success", label: "success" }],
      ["61c2", "success", { tone: "success", label: "success" }],
      ["d0c4", "success", { tone: "success", label: "success" }],
    ]);
    expect(artifactLight(artifact("a.B", "h", { status: "running" }))).toEqual({ tone: "running", label: "running" });
    expect(artifactLight(artifact("a.B", "h", { status: "preempted" }))).toEqual({ tone: "warning", label: "preempted" });
  });
});

describe("filterRuns", () => {
  it("keeps the chosen states only", () => {
    expect(names(filterRuns(builds(), { ...DEFAULT_RUN_FILTERS, states: ["error"] }, NOW))).toEqual(["diverged"]);
    expect(names(filterRuns(builds(), { ...DEFAULT_RUN_FILTERS, states: ["running", "abandoned"] }, NOW))).toEqual(["augmented", "lr_sweep"]);
    expect(names(filterRuns(builds(), DEFAULT_RUN_FILTERS, NOW))).toHaveLength(5);
  });

  it("keeps runs started in the range (host time, read as local time)", () => {
    // augmented ~4 min ago, diverged 3 h, low_data 26 h, baseline 50 h, lr_sweep 9 days.
    expect(names(filterRuns(builds(), { ...DEFAULT_RUN_FILTERS, range: "today" }, NOW))).toEqual(["augmented", "diverged"]);
    expect(names(filterRuns(builds(), { ...DEFAULT_RUN_FILTERS, range: "7d" }, NOW))).toEqual(["augmented", "diverged", "low_data", "baseline"]);
    expect(names(filterRuns(builds(), { ...DEFAULT_RUN_FILTERS, range: "30d" }, NOW))).toHaveLength(5);
  });

  it("matches the text against the build's and its flows' names, any case", () => {
    expect(names(filterRuns(builds(), { ...DEFAULT_RUN_FILTERS, text: "LOW" }, NOW))).toEqual(["low_data"]);
    expect(names(filterRuns(builds(), { ...DEFAULT_RUN_FILTERS, text: "train_instance" }, NOW))).toHaveLength(5);
    expect(names(filterRuns(builds(), { states: ["success"], range: "7d", text: "base" }, NOW))).toEqual(["baseline"]);
  });

  it("filters artifacts by state, date and class or hash", () => {
    const list = artifacts(NOW);
    expect(filterArtifacts(list, { ...DEFAULT_RUN_FILTERS, states: ["abandoned", "error"] }, NOW).map((a) => a.status)).toEqual(["stale", "failed"]);
    expect(filterArtifacts(list, { ...DEFAULT_RUN_FILTERS, text: "preparecorpus" }, NOW).map((a) => a.hash)).toEqual(["d0c4c86d1bcd90b72694"]);
    expect(filterArtifacts(list, { ...DEFAULT_RUN_FILTERS, text: "794b4" }, NOW)).toHaveLength(1);
    // Started 20, 21, 22, 30 and 31 hours before NOW (noon): none today; at 21:30 the first two are.
    expect(filterArtifacts(list, { ...DEFAULT_RUN_FILTERS, range: "today" }, NOW)).toHaveLength(0);
    const late = new Date(NOW.getTime() + 9.5 * 3_600_000);
    expect(filterArtifacts(artifacts(late), { ...DEFAULT_RUN_FILTERS, range: "today" }, late).map((a) => a.status)).toEqual(["stale", "failed"]);
  });
});

describe("dates", () => {
  it("reads ductaflow's zone-less host time as local time", () => {
    expect(parseLocal("2026-11-21T20:39:02")).toEqual(new Date(2026, 10, 21, 20, 39, 2));
    expect(parseLocal("2026-11-21 20:39")).toEqual(new Date(2026, 10, 21, 20, 39, 0));
    expect(parseLocal("2026-11-21T20:39:02Z")).toEqual(new Date(Date.UTC(2026, 10, 21, 20, 39, 2)));
    expect(parseLocal(null)).toBeNull();
    expect(parseLocal("yesterday")).toBeNull();
  });

  it("puts an unknown start only in 'any time'", () => {
    expect(inRange(null, "all", NOW)).toBe(true);
    expect(inRange(null, "30d", NOW)).toBe(false);
    expect(inRange(new Date(2026, 10, 22, 0, 0, 1), "today", NOW)).toBe(true);
    expect(inRange(new Date(2026, 10, 21, 23, 59, 59), "today", NOW)).toBe(false);
  });

  it("gives a finished run its duration and a running one the time so far", () => {
    expect(runSeconds(byName("baseline"), NOW)).toBe(9);
    expect(runSeconds(byName("augmented"), NOW)).toBeGreaterThanOrEqual(250);
    expect(runSeconds(byName("augmented"), NOW)).toBeLessThanOrEqual(253);
    expect(runSeconds(byName("lr_sweep"), NOW)).toBeNull();
  });
});

describe("saved filters", () => {
  const source = { host: "hgx-a", path: "/data/hgx/flows" };

  it("are kept per folder", () => {
    saveRunFilters(source, { states: ["error"], range: "7d", text: "div" });
    expect(loadRunFilters(source)).toEqual({ states: ["error"], range: "7d", text: "div" });
    expect(loadRunFilters({ host: null, path: "/data/hgx/flows" })).toEqual(DEFAULT_RUN_FILTERS);
  });

  it("drop what they do not know", () => {
    expect(parseRunFilters('{"states":["error","purple"],"range":"1y","text":3}')).toEqual({ states: ["error"], range: "all", text: "" });
    expect(parseRunFilters("not json")).toEqual(DEFAULT_RUN_FILTERS);
    expect(parseRunFilters(null)).toEqual(DEFAULT_RUN_FILTERS);
    expect(activeRunFilterCount({ states: ["error", "warning"], range: "today", text: " " })).toBe(3);
  });
});

describe("notebook hints", () => {
  it("counts the notebook lines the light does not show, over the build and its flows", () => {
    const low = byName("low_data");
    expect(unreflectedSignals(low).map((s) => s.text)).toEqual(["WARNING: learning rate clipped"]);
    expect(notebookHint(unreflectedSignals(low))).toBe("1 notebook warning");
    expect(unreflectedSignals(byName("baseline"))).toEqual([]);
  });

  it("leaves out what the light already shows", () => {
    const warned = flowInstance({ path: "p", notebook: "n", root: "/r", start: NOW, seconds: 3, config: null, logWarnings: ["slow"], notebookWarnings: [[2, "WARNING: x"]] });
    expect(unreflectedSignals(warned.run)).toEqual([]);
    const run: DuctaflowRun = { ...warned.run, status: "success", flows: [] };
    expect(notebookHint(unreflectedSignals(run))).toBe("1 notebook warning");
    const errors = [...run.signals, { ...run.signals[1]!, kind: "error" as const }, { ...run.signals[1]!, kind: "error" as const }];
    expect(notebookHint(errors.filter((s) => s.source === "notebook"))).toBe("2 notebook errors, 1 notebook warning");
    expect(notebookHint([])).toBeNull();
  });

  it("finds a build or a flow by its path", () => {
    expect(findInstance(builds(), "runs/pipeline/diverged")?.name).toBe("diverged");
    expect(findInstance(builds(), "runs/pipeline/diverged/runs/train_instance")?.status).toBe("error");
    expect(findInstance(builds(), "runs/nope")).toBeNull();
  });
});
