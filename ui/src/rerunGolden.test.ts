import { describe, expect, it } from "vitest";
import type { JobState } from "./bindings/JobState";
import type { Rerun } from "./bindings/Rerun";
import type { RerunCancel } from "./bindings/RerunCancel";
// Written from the Rust types by `make bindings` (crates/hugflow-api/src/golden.rs); a Rust
// test reads the same lines through the desktop's agent reader.
import goldenFile from "./generated/rerun-answers.jsonl?raw";
import { rerunStateHint, rerunStateText } from "./rerun";

const lines = goldenFile.split("\n").filter((line) => line.trim() !== "");
const parsed = lines.map((line) => JSON.parse(line) as Rerun | RerunCancel);
const records = parsed.filter((answer): answer is Rerun => "command" in answer);
const cancels = parsed.filter((answer): answer is RerunCancel => !("command" in answer));

// A `Record` over the binding's union: a state added in Rust fails the type check here.
const ALL_STATES: Record<JobState, true> = { running: true, complete: true, failed: true, cancelled: true, lost: true };

describe("the golden re-run answers", () => {
  it("are all of this schema, records and cancel answers both", () => {
    expect(records.length).toBeGreaterThan(0);
    expect(cancels.length).toBeGreaterThan(0);
    for (const answer of parsed) expect(answer.schema).toBe(1);
  });

  it("cover every state, and each state reads as words", () => {
    expect(new Set(records.map((r) => r.state))).toEqual(new Set(Object.keys(ALL_STATES)));
    for (const rerun of records) {
      const text = rerunStateText(rerun.state, rerun.code);
      expect(text).not.toBe("");
      expect(text.toLowerCase()).toContain(rerun.state === "running" ? "running" : rerun.state);
      if (rerun.state === "failed" && rerun.code !== null) expect(text).toContain(String(rerun.code));
    }
  });

  it("explain a lost re-run", () => {
    const lost = records.find((r) => r.state === "lost");
    expect(lost).toBeDefined();
    expect(rerunStateHint("lost")).toMatch(/ended without/);
  });
});
