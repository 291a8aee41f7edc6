import { formatBytes, formatCount, formatDuration, formatPercent } from "./format";

/** One line of a host sync's log, as the log panel shows it. */
export interface LogEntry {
  event: string;
  text: string;
  /** More to say under it, e.g. what to do after a failure. */
  hint: string | null;
}

type Fields = Record<string, unknown>;

const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** Progress lines carry their numbers flat (`bytes_done`) or in a `progress` object (`done`). */
function progressText(line: Fields): string {
  const p = typeof line.progress === "object" && line.progress !== null ? (line.progress as Fields) : line;
  const files = typeof p.files === "object" && p.files !== null ? (p.files as Fields) : {};
  const done = num(p.bytes_done ?? p.done);
  const total = num(p.bytes_total ?? p.total);
  const filesDone = num(p.files_done ?? files.done);
  const filesTotal = num(p.files_total ?? files.total);
  const rate = num(p.rate);
  const eta = num(p.eta_seconds);
  const parts: string[] = [];
  if (done !== null) parts.push(total ? `${formatBytes(done)} of ${formatBytes(total)}` : formatBytes(done));
  if (filesDone !== null) parts.push(`${formatCount(filesDone)}${filesTotal !== null ? ` of ${formatCount(filesTotal)}` : ""} files`);
  if (rate !== null) parts.push(`${formatBytes(rate)}/s`);
  if (eta !== null) parts.push(`about ${formatDuration(eta)} left`);
  const percent = done !== null && total ? ` ${formatPercent((done / total) * 100)}` : "";
  return `${str(p.task) ?? "Downloading"}${percent}${parts.length > 0 ? ` — ${parts.join(", ")}` : ""}`;
}

function describe(line: Fields): Omit<LogEntry, "event"> {
  const message = str(line.message);
  switch (line.event) {
    case "started":
      return { text: `Started${num(line.pid) !== null ? ` (pid ${String(line.pid)})` : ""}`, hint: null };
    case "planned": {
      const commit = str(line.commit);
      return { text: `Planned ${str(line.hf_id) ?? ""}: ${formatCount(num(line.files))} files, ${formatBytes(num(line.bytes))}${commit ? ` at commit ${commit.slice(0, 12)}` : ""}`, hint: null };
    }
    case "progress":
      return { text: progressText(line), hint: null };
    case "note":
      return { text: message ?? "", hint: null };
    case "complete": {
      const took = num(line.took_seconds);
      return { text: `Complete: ${formatCount(num(line.file_count))} files, ${formatBytes(num(line.size_bytes))}${took !== null ? ` in ${formatDuration(took)}` : ""}`, hint: str(line.path) };
    }
    case "skipped":
      return { text: `Skipped: ${str(line.reason) ?? "nothing to do"}`, hint: str(line.path) };
    case "failed":
      return { text: `Failed${str(line.kind) ? ` (${String(line.kind)})` : ""}: ${message ?? "no message"}`, hint: str(line.suggestion) ? `What to do: ${String(line.suggestion)}` : null };
    case "cancelled":
      return { text: `Cancelled${message ? `: ${message}` : ""}`, hint: null };
    default:
      return { text: message ?? JSON.stringify(line), hint: null };
  }
}

function entry(raw: string): LogEntry {
  try {
    const line = JSON.parse(raw) as unknown;
    if (typeof line !== "object" || line === null || Array.isArray(line)) return { event: "text", text: raw, hint: null };
    const fields = line as Fields;
    return { event: str(fields.event) ?? "text", ...describe(fields) };
  } catch {
    return { event: "text", text: raw, hint: null };
  }
}

/** The log's lines in words; a run of progress lines shows only its last one. */
export function readableLog(lines: readonly string[]): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const raw of lines) {
    if (raw.trim() === "") continue;
    const next = entry(raw);
    if (next.event === "progress" && entries[entries.length - 1]?.event === "progress") entries[entries.length - 1] = next;
    else entries.push(next);
  }
  return entries;
}
