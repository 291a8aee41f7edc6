import type { DuctaflowRun } from "./bindings/DuctaflowRun";
import type { FlowRun } from "./bindings/FlowRun";
import type { FlowStatus } from "./bindings/FlowStatus";
import type { HuldraArtifact } from "./bindings/HuldraArtifact";
import type { RunSource } from "./bindings/RunSource";
import type { Signal } from "./bindings/Signal";
import { parseTimestamp } from "./format";
import { sourceKey } from "./runSource";

/** What the status filter tells apart: the light of a finished run, or that it has not finished. */
export type RunState = FlowStatus | "running" | "abandoned";
export type DateRange = "today" | "7d" | "30d" | "all";

export const RUN_STATES: ReadonlyArray<{ value: RunState; label: string }> = [
  { value: "success", label: "Success" },
  { value: "warning", label: "Warning" },
  { value: "error", label: "Error" },
  { value: "running", label: "Running" },
  { value: "abandoned", label: "Abandoned" },
];

export const DATE_RANGES: ReadonlyArray<{ value: DateRange; label: string }> = [
  { value: "today", label: "Today" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "all", label: "Any time" },
];

export interface RunFilters {
  /** Empty: every state. */
  states: RunState[];
  range: DateRange;
  /** Part of a name, notebook, path, class or hash. */
  text: string;
}

export const DEFAULT_RUN_FILTERS: RunFilters = { states: [], range: "all", text: "" };

/** A ductaflow run's state: `running`/`abandoned` until its log has an end line, then its light. */
export function runState(run: Pick<FlowRun, "status" | "liveness">): RunState {
  return run.liveness === "finished" ? run.status : run.liveness;
}

/** A huldra artifact's state in the same terms; a stale one (its owner died) counts as abandoned. */
export function artifactState(artifact: Pick<HuldraArtifact, "status" | "stale">): RunState {
  if (artifact.stale || artifact.status === "stale") return "abandoned";
  switch (artifact.status) {
    case "success":
      return "success";
    case "failed":
      return "error";
    case "running":
    case "queued":
      return "running";
    default:
      return "warning";
  }
}

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A ductaflow time: the host's local time without a zone (`2026-11-21T20:39:02`), read as this
 * computer's local time (the team's hosts are assumed to share its zone).
 */
export function parseLocal(text: string | null): Date | null {
  const m = text ? NAIVE.exec(text.trim()) : null;
  if (!m) return parseTimestamp(text);
  const [, y, mo, d, h, mi, s] = m;
  return new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
}

/** Whether `date` falls in `range` before `now`; an unknown date only in `all`. */
export function inRange(date: Date | null, range: DateRange, now: Date): boolean {
  if (range === "all") return true;
  if (date === null) return false;
  if (range === "today") return date.getTime() >= new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const days = range === "7d" ? 7 : 30;
  return date.getTime() >= now.getTime() - days * 86_400_000;
}

function matchesText(fields: ReadonlyArray<string | null>, text: string): boolean {
  const needle = text.trim().toLowerCase();
  return needle === "" || fields.some((f) => f !== null && f.toLowerCase().includes(needle));
}

/** The builds that pass the filters; a build matches the text through its own or its flows' names. */
export function filterRuns(runs: readonly DuctaflowRun[], filters: RunFilters, now: Date): DuctaflowRun[] {
  return runs.filter(
    (run) =>
      (filters.states.length === 0 || filters.states.includes(runState(run))) &&
      inRange(parseLocal(run.started_at), filters.range, now) &&
      matchesText([run.name, run.notebook, run.path, ...run.flows.map((f) => f.name)], filters.text),
  );
}

export function filterArtifacts(artifacts: readonly HuldraArtifact[], filters: RunFilters, now: Date): HuldraArtifact[] {
  return artifacts.filter(
    (a) =>
      (filters.states.length === 0 || filters.states.includes(artifactState(a))) &&
      inRange(parseTimestamp(a.started_at ?? a.updated_at), filters.range, now) &&
      matchesText([a.class, a.hash, a.path, a.owner_host, a.command], filters.text),
  );
}

export function activeRunFilterCount(filters: RunFilters): number {
  return filters.states.length + (filters.range === "all" ? 0 : 1) + (filters.text.trim() === "" ? 0 : 1);
}

/** Filters as saved, checked value by value (anything unknown falls back to the default). */
export function parseRunFilters(raw: string | null): RunFilters {
  let value: unknown = null;
  try {
    value = raw === null ? null : JSON.parse(raw);
  } catch {
    return DEFAULT_RUN_FILTERS;
  }
  if (typeof value !== "object" || value === null) return DEFAULT_RUN_FILTERS;
  const v = value as Record<string, unknown>;
  const states = Array.isArray(v.states) ? v.states.filter((s): s is RunState => RUN_STATES.some((r) => r.value === s)) : [];
  const range = DATE_RANGES.find((r) => r.value === v.range)?.value ?? DEFAULT_RUN_FILTERS.range;
  return { states, range, text: typeof v.text === "string" ? v.text : "" };
}

const filtersStorageKey = (source: RunSource) => `hugflow.runs.filters:${sourceKey(source)}`;

/** The filters last used on `source`, kept in localStorage across visits and restarts. */
export function loadRunFilters(source: RunSource): RunFilters {
  try {
    return parseRunFilters(window.localStorage.getItem(filtersStorageKey(source)));
  } catch {
    return DEFAULT_RUN_FILTERS;
  }
}

export function saveRunFilters(source: RunSource, filters: RunFilters): void {
  try {
    window.localStorage.setItem(filtersStorageKey(source), JSON.stringify(filters));
  } catch {
    // Storage full or disabled: the filters are simply not remembered.
  }
}

const SEVERITY: Record<FlowStatus, number> = { success: 0, warning: 1, error: 2 };

/** The worse of two lights (a build's light is the worst over it and its flows). */
export function worst(a: FlowStatus, b: FlowStatus): FlowStatus {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/**
 * What the executed notebooks printed that the light does not show: notebook signals of the
 * build and its flows worse than the build's light (ductaflow's status reads only the logs).
 */
export function unreflectedSignals(run: Pick<FlowRun, "status" | "signals"> & { flows?: readonly FlowRun[] }): Signal[] {
  const all = [...run.signals, ...(run.flows ?? []).flatMap((f) => f.signals)];
  return all.filter((s) => s.source === "notebook" && SEVERITY[s.kind] > SEVERITY[run.status]);
}

const plural = (n: number, word: string) => `${n} notebook ${word}${n === 1 ? "" : "s"}`;

/** `1 notebook warning`, `2 notebook errors, 1 notebook warning`; null when there is none. */
export function notebookHint(signals: readonly Signal[]): string | null {
  const errors = signals.filter((s) => s.kind === "error").length;
  const warnings = signals.length - errors;
  const parts = [errors > 0 ? plural(errors, "error") : null, warnings > 0 ? plural(warnings, "warning") : null];
  const text = parts.filter((p) => p !== null).join(", ");
  return text === "" ? null : text;
}

/** How long a run took, or has been running so far; null when its start is unknown. */
export function runSeconds(run: Pick<FlowRun, "duration_secs" | "started_at" | "liveness">, now: Date): number | null {
  if (run.duration_secs !== null) return run.duration_secs;
  if (run.liveness !== "running") return null;
  const start = parseLocal(run.started_at);
  return start === null ? null : Math.max(0, (now.getTime() - start.getTime()) / 1000);
}

/** A build or one of its flows, found by its path. */
export function findInstance(runs: readonly DuctaflowRun[], path: string): FlowRun | DuctaflowRun | null {
  for (const run of runs) {
    if (run.path === path) return run;
    const flow = run.flows.find((f) => f.path === path);
    if (flow) return flow;
  }
  return null;
}

/** A huldra artifact's light: its status in words, a stale one (its owner died) told apart. */
export function artifactLight(artifact: Pick<HuldraArtifact, "status" | "stale">): { tone: "success" | "warning" | "error" | "running" | "stale"; label: string } {
  if (artifact.stale || artifact.status === "stale") return { tone: "stale", label: "stale (lease expired)" };
  const state = artifactState(artifact);
  return { tone: state === "abandoned" ? "stale" : state, label: artifact.status };
}
