import type { DuctaflowRun } from "../bindings/DuctaflowRun";
import type { FlowRun } from "../bindings/FlowRun";
import type { FlowStatus } from "../bindings/FlowStatus";
import type { HuldraArtifact } from "../bindings/HuldraArtifact";
import type { Liveness } from "../bindings/Liveness";
import type { Rerun } from "../bindings/Rerun";
import type { Signal } from "../bindings/Signal";
import type { JsonValue } from "../bindings/serde_json/JsonValue";
import { worst } from "../runs";

/**
 * Builders of believable run folders for the demo and the tests: ductaflow instances whose log,
 * status and signals agree (as `hugflow runs` would read them), and huldra artifacts.
 */

const pad = (n: number) => String(n).padStart(2, "0");

/** Host-local time as ductaflow's log writes it, ISO-like: `2026-11-21T20:39:02`. */
export function localStamp(date: Date): string {
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export interface InstanceSpec {
  /** The instance folder, relative to the root. */
  path: string;
  notebook: string;
  /** The scanned folder (absolute), for the log's working directory line. */
  root: string;
  start: Date;
  /** How long it ran; `null` when the log has no end line yet. */
  seconds: number | null;
  /** Default: `finished` with an end, else `running`. */
  liveness?: Liveness;
  config: JsonValue;
  /** What the log says after "Execution failed:"; its last line is the exception. */
  failure?: string[];
  /** Warnings the log itself carries: they make the light orange. */
  logWarnings?: string[];
  /** What the executed notebook printed that the log missed: `[cell, text]`. */
  notebookWarnings?: Array<[number, string]>;
  /** The project's folder holding its script: `flows` (default) for a flow, `builds` for a build. */
  scripts?: "flows" | "builds";
}

export interface Instance {
  run: FlowRun;
  /** The instance's files a tail can read, by path relative to the root. */
  files: Record<string, string[]>;
}

/** One ductaflow instance (a flow, or a build without its flows), its log and its signals. */
export function flowInstance(spec: InstanceSpec): Instance {
  const { path, notebook, start, seconds } = spec;
  const logPath = `${path}/${notebook}_execution_output.txt`;
  const at = (s: number) => localStamp(new Date(start.getTime() + s * 1000)).replace("T", " ");
  const line = (s: number, level: string, text: string) => `${at(s)} - flow:${notebook} - ${level} - ${text}`;
  const log = [
    line(0, "INFO", "🚀 Execution started"),
    line(0, "INFO", `📁 Working directory: ${spec.root}/${path}`),
    line(0, "INFO", `📋 Config: ${notebook}_config.json`),
    line(0, "INFO", "-".repeat(60)),
  ];
  const signals: Signal[] = [];
  const signal = (kind: Signal["kind"], text: string): Signal => ({ kind, source: "log", file: logPath, line: log.length, text: text.trim() });
  const middle = Math.max(0, Math.floor((seconds ?? 1) / 2));
  for (const warning of spec.logWarnings ?? []) {
    log.push(line(middle, "WARNING", `⚠️ ${warning}`));
    signals.push(signal("warning", log[log.length - 1]!));
  }
  if (seconds !== null && spec.failure) {
    log.push(line(seconds, "ERROR", "❌ Execution failed: "));
    signals.push(signal("error", log[log.length - 1]!));
    log.push(...spec.failure);
    signals.push(signal("error", spec.failure[spec.failure.length - 1] ?? ""));
  } else if (seconds !== null) {
    log.push(line(seconds, "INFO", "-".repeat(60)), line(seconds, "INFO", "✅ Execution completed"));
  }
  for (const [cell, text] of spec.notebookWarnings ?? []) {
    signals.push({ kind: "warning", source: "notebook", file: `${path}/${notebook}_executed.ipynb`, line: cell, text });
  }
  const status: FlowStatus = worst(spec.failure ? "error" : "success", (spec.logWarnings?.length ?? 0) > 0 ? "warning" : "success");
  const liveness = spec.liveness ?? (seconds === null ? "running" : "finished");
  const run: FlowRun = {
    path,
    name: path.slice(path.lastIndexOf("/") + 1),
    notebook,
    status,
    finished: seconds !== null,
    liveness,
    started_at: localStamp(start),
    ended_at: seconds === null ? null : localStamp(new Date(start.getTime() + seconds * 1000)),
    duration_secs: seconds,
    config: spec.config,
    config_path: `${path}/${notebook}_config.json`,
    log_path: logPath,
    signals,
    problem: null,
    // What the scan says of a re-run, as Rust plans it for a folder whose project is `root`.
    rerun_log: `${path}/.hugflow/rerun.log`,
    rerun_command: plannedRerun(spec.root, path, notebook, spec.scripts ?? "flows"),
    rerun_blocked: null,
  };
  return { run, files: { [logPath]: log } };
}

export const GIT_COMMIT = "6763dda8185f628867976526dace5ece5afad17a";

/** A huldra artifact of `cls` (e.g. `asrpipe.pipelines.FineTune`) that succeeded, unless told otherwise. */
export function artifact(cls: string, hash: string, overrides: Partial<HuldraArtifact> = {}): HuldraArtifact {
  return {
    path: `data/${cls.replaceAll(".", "/")}/${hash}`,
    class: cls,
    hash,
    status: "success",
    result: "success",
    attempt: "success",
    stale: false,
    config: null,
    python_def: null,
    git_commit: GIT_COMMIT,
    owner_host: "hgx-a",
    owner_pid: 21_126,
    command: "run_all.py ok",
    started_at: null,
    ended_at: null,
    updated_at: null,
    lease_expires_at: null,
    error: null,
    problem: null,
    ...overrides,
  };
}

/** RFC 3339 in UTC to the second, as `hugflow rerun` records its times. */
export const rfc3339 = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * The command the scan carries (`rerun_command`) for the run at `path` under `root`, its project
 * folder, as `RerunPlan::command` gives it on a host whose interpreter is `python3`: the script
 * relative to the project, the config and the folder absolute.
 */
export function plannedRerun(root: string, path: string, notebook: string, scripts: "flows" | "builds"): string[] {
  const folder = `${root}/${path}`;
  return ["python3", `${scripts}/${notebook}.py`, "--config", `${folder}/${notebook}_config.json`, "--output-dir", folder];
}

/**
 * The record `hugflow rerun start` writes for `run` under the scanned folder `root` (its project
 * folder): running, unless told otherwise. It runs what the scan planned, as the host does.
 */
export function rerunRecord(root: string, run: FlowRun | DuctaflowRun, overrides: Partial<Rerun> = {}): Rerun {
  return {
    schema: 1,
    state: "running",
    pid: 48_213,
    command: run.rerun_command ?? plannedRerun(root, run.path, run.notebook, "flows" in run ? "builds" : "flows"),
    cwd: root,
    started_at: rfc3339(new Date()),
    ended_at: null,
    code: null,
    log: `${root}/${run.rerun_log}`,
    ...overrides,
  };
}
