import { describe, expect, it } from "vitest";
import type { EventLine } from "./bindings/EventLine";
import type { SyncEvent } from "./bindings/SyncEvent";
import type { SyncLogEntry } from "./bindings/SyncLogEntry";
import { formatBytes, formatCount } from "./format";
// Written from the Rust event types by `make bindings`: one line of every kind. Read as text
// at test time (Vite's `?raw`; the UI's tsconfig has no Node types for `fs`).
import goldenFile from "./generated/sync-events.jsonl?raw";
import { readableLog } from "./syncLog";

const event = (e: SyncEvent): SyncLogEntry => ({ kind: "event", event: e });
const text = (t: string): SyncLogEntry => ({ kind: "text", text: t });
const progress = (fields: Partial<Extract<SyncEvent, { event: "progress" }>>): SyncLogEntry =>
  event({ event: "progress", task: "Downloading", bytes_done: 0, bytes_total: null, files_done: null, files_total: null, rate: null, eta_seconds: null, ...fields });

describe("readableLog", () => {
  it("puts each event in words and keeps only the last of a run of progress lines", () => {
    const lines: SyncLogEntry[] = [
      event({ event: "started", id: "x", pid: 42, log: "/srv/gitops/.hugflow-state/jobs/x/log.jsonl" }),
      event({ event: "note", message: "waiting for another sync on this host to finish" }),
      progress({ bytes_done: 1, bytes_total: 4 }),
      progress({ bytes_done: 3072, bytes_total: 4096, files_done: 3, files_total: 4, eta_seconds: 90 }),
      text(""),
      event({ event: "complete", storage_name: "a__b__rev_main", path: "/data/a__b__rev_main", file_count: 4, size_bytes: 4096, took_seconds: 65, bytes_fetched: 4096, bytes_resumed: 0, files_already_present: 0, corrupt_refetches: 0, retries: 0, warnings: [] }),
      event({ event: "skipped", reason: "already present", storage_name: "x", path: "/data/x" }),
      event({ event: "cancelled", message: "stopped by the user" }),
      text("plain text from stderr"),
    ];
    expect(readableLog(lines).map((e) => [e.event, e.text, e.hint])).toEqual([
      ["started", "Started (pid 42)", null],
      ["note", "waiting for another sync on this host to finish", null],
      ["progress", "Downloading 75% — 3.0 KB of 4.0 KB, 3 of 4 files, about 1 min 30 s left", null],
      ["complete", "Complete: 4 files, 4.0 KB in 1 min 5 s", "/data/a__b__rev_main"],
      ["skipped", "Skipped: already present", "/data/x"],
      ["cancelled", "Cancelled: stopped by the user", null],
      ["text", "plain text from stderr", null],
    ]);
  });

  it("keeps the suggestion of a failure", () => {
    const [entry] = readableLog([event({ event: "failed", kind: "gated", message: "a/b is gated", suggestion: "accept its terms" })]);
    expect(entry).toEqual({ event: "failed", text: "Failed (gated): a/b is gated", hint: "What to do: accept its terms" });
  });
});

/** Every kind Rust writes; the compiler requires a key for each member of the union. */
const KINDS: Record<SyncEvent["event"], true> = {
  started: true,
  planned: true,
  progress: true,
  note: true,
  complete: true,
  skipped: true,
  removed: true,
  failed: true,
  cancelled: true,
  results: true,
};

/** What the words of `e` must carry, whatever they say around it. */
function keyFacts(e: SyncEvent): string[] {
  switch (e.event) {
    case "started":
      return [`pid ${e.pid}`];
    case "planned":
      return [e.hf_id, formatCount(e.files), formatBytes(e.bytes), e.commit.slice(0, 12), ...e.warnings, ...e.notes];
    case "progress":
      return [e.task, formatBytes(e.bytes_done), ...(e.files_done !== null ? [formatCount(e.files_done)] : [])];
    case "note":
      return [e.message];
    case "complete":
      return [formatCount(e.file_count), formatBytes(e.size_bytes), e.path, ...e.warnings];
    case "skipped":
      return [e.reason, e.path];
    case "removed":
      return [e.hf_id, ...e.removed.flatMap((r) => [r.storage_name, r.path])];
    case "failed":
      return [e.kind, e.message, ...(e.suggestion ? [e.suggestion] : []), ...(e.errors ?? []).flatMap((f) => [f.message, ...(f.hint ? [f.hint] : [])])];
    case "cancelled":
      return [e.message];
    case "results":
      return [
        `${e.results.results.length} requests`,
        e.merged ? "merged" : "not merged",
        ...(e.not_merged ? [e.not_merged.message] : []),
        ...e.results.results.flatMap((r) => (r.outcome.status === "failed" ? [r.outcome.error.message, r.outcome.error.suggestion] : [])),
      ];
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
}

describe("the golden event lines Rust writes", () => {
  const lines = goldenFile.split("\n").filter((l) => l.trim() !== "");

  it("are all of schema 1 and of every kind", () => {
    const parsed = lines.map((l) => JSON.parse(l) as EventLine<SyncEvent>);
    expect(parsed.map((l) => l.schema)).toEqual(lines.map(() => 1));
    expect(new Set(parsed.map((l) => l.event))).toEqual(new Set(Object.keys(KINDS)));
  });

  const cases = lines.map((line) => ({ kind: (JSON.parse(line) as { event: string }).event, line }));
  it.each(cases)("a $kind line reads in words with its key facts", ({ line }) => {
    const { schema, ...e } = JSON.parse(line) as EventLine<SyncEvent>;
    expect(schema).toBe(1);
    const rendered = readableLog([event(e as SyncEvent)]);
    expect(rendered).toHaveLength(1);
    const [entry] = rendered;
    expect(entry!.event).toBe(e.event);
    // Words, not the line itself.
    expect(entry!.text).not.toMatch(/^\s*[{[]/);
    expect(entry!.text).not.toContain(`"event"`);
    const said = `${entry!.text}\n${entry!.hint ?? ""}`;
    for (const fact of keyFacts(e as SyncEvent)) expect(said).toContain(fact);
  });
});
