/**
 * A host sync's log in words: each typed engine event (`SyncEvent`, generated from Rust) as
 * one line of the log panel, and text the host printed besides (stderr) as written. The
 * switch over the event kinds is exhaustive, so a new kind in Rust fails the type check
 * here until it has words.
 */
import type { FieldError } from "./bindings/FieldError";
import type { SyncEvent } from "./bindings/SyncEvent";
import type { SyncLogEntry } from "./bindings/SyncLogEntry";
import { formatBytes, formatCount, formatDuration, formatPercent } from "./format";

/** One line of a host sync's log, as the log panel shows it. */
export interface LogEntry {
  /** The event's kind, or `text` for a line that is not an event. */
  event: SyncEvent["event"] | "text";
  text: string;
  /** More to say under it, e.g. what to do after a failure. */
  hint: string | null;
}

type Described = Omit<LogEntry, "event">;
type Progress = Extract<SyncEvent, { event: "progress" }>;
type Results = Extract<SyncEvent, { event: "results" }>;

function progressText(p: Progress): string {
  const parts: string[] = [];
  parts.push(p.bytes_total ? `${formatBytes(p.bytes_done)} of ${formatBytes(p.bytes_total)}` : formatBytes(p.bytes_done));
  if (p.files_done !== null) parts.push(`${formatCount(p.files_done)}${p.files_total !== null ? ` of ${formatCount(p.files_total)}` : ""} files`);
  if (p.rate !== null) parts.push(`${formatBytes(p.rate)}/s`);
  if (p.eta_seconds !== null) parts.push(`about ${formatDuration(p.eta_seconds)} left`);
  const percent = p.bytes_total ? ` ${formatPercent((p.bytes_done / p.bytes_total) * 100)}` : "";
  return `${p.task || "Downloading"}${percent} — ${parts.join(", ")}`;
}

function fieldError(e: FieldError): string {
  return `line ${e.line}, column ${e.column}: ${e.message}${e.hint ? ` (${e.hint})` : ""}`;
}

/** A CI sync's outcome: how many requests went which way, and what became of the PR. */
function resultsText(r: Results): Described {
  const outcomes = r.results.results.map((x) => x.outcome.status);
  const count = (status: string) => outcomes.filter((s) => s === status).length;
  const tally = (["complete", "removed", "skipped", "failed"] as const)
    .filter((s) => count(s) > 0)
    .map((s) => `${count(s)} ${s}`)
    .join(", ");
  const pr = r.merged ? `merged${r.branch_deleted ? ", branch deleted" : ""}` : "not merged";
  const requests = `${formatCount(outcomes.length)} request${outcomes.length === 1 ? "" : "s"}`;
  const failures = r.results.results.flatMap((x) => (x.outcome.status === "failed" ? [`${x.dataset.hf_id}: ${x.outcome.error.message} (${x.outcome.error.suggestion})`] : []));
  const hint = [r.not_merged?.message, ...failures].filter((s): s is string => !!s);
  return { text: `CI sync done: ${requests}${tally ? ` (${tally})` : ""}; PR ${pr}`, hint: hint.length > 0 ? hint.join("; ") : null };
}

function describe(e: SyncEvent): Described {
  switch (e.event) {
    case "started":
      return { text: `Started (pid ${e.pid})`, hint: null };
    case "planned": {
      const extra = [...e.warnings, ...e.notes];
      return {
        text: `Planned ${e.hf_id}: ${formatCount(e.files)} files, ${formatBytes(e.bytes)}${e.commit ? ` at commit ${e.commit.slice(0, 12)}` : ""}`,
        hint: extra.length > 0 ? extra.join("; ") : null,
      };
    }
    case "progress":
      return { text: progressText(e), hint: null };
    case "note":
      return { text: e.message, hint: null };
    case "complete":
      return {
        text: `Complete: ${formatCount(e.file_count)} files, ${formatBytes(e.size_bytes)} in ${formatDuration(e.took_seconds)}`,
        hint: [e.path, ...e.warnings].join("; "),
      };
    case "skipped":
      return { text: `Skipped: ${e.reason || "nothing to do"}`, hint: e.path };
    case "removed":
      return e.removed.length === 0
        ? { text: `Nothing to remove: ${e.hf_id} is not on this host`, hint: null }
        : { text: `Removed ${e.hf_id}: ${e.removed.map((r) => r.storage_name).join(", ")}`, hint: e.removed.map((r) => r.path).join("; ") };
    case "failed": {
      const hint = [...(e.errors ?? []).map(fieldError), ...(e.suggestion ? [`What to do: ${e.suggestion}`] : [])];
      return { text: `Failed${e.kind ? ` (${e.kind})` : ""}: ${e.message || "no message"}`, hint: hint.length > 0 ? hint.join("; ") : null };
    }
    case "cancelled":
      return { text: `Cancelled${e.message ? `: ${e.message}` : ""}`, hint: null };
    case "results":
      return resultsText(e);
    default: {
      // A kind Rust added that has no words yet: a type error here, not a silent fallback.
      const unknown: never = e;
      return unknown;
    }
  }
}

function entry(line: SyncLogEntry): LogEntry {
  switch (line.kind) {
    case "event":
      return { event: line.event.event, ...describe(line.event) };
    case "text":
      return { event: "text", text: line.text, hint: null };
    default: {
      const unknown: never = line;
      return unknown;
    }
  }
}

/** The log's lines in words; a run of progress lines shows only its last one. */
export function readableLog(lines: readonly SyncLogEntry[]): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const line of lines) {
    if (line.kind === "text" && line.text.trim() === "") continue;
    const next = entry(line);
    if (next.event === "progress" && entries[entries.length - 1]?.event === "progress") entries[entries.length - 1] = next;
    else entries.push(next);
  }
  return entries;
}
