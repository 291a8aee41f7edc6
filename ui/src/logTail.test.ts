import { describe, expect, it } from "vitest";
import type { Signal } from "./bindings/Signal";
import { decidingLines } from "./logTail";

const LOG = "runs/pipeline/diverged/runs/train_instance/train_execution_output.txt";
const signal = (line: number, text: string, overrides: Partial<Signal> = {}): Signal => ({ kind: "error", source: "log", file: LOG, line, text, ...overrides });

const tail = [
  "2026-11-21 20:39:19 - flow:train - INFO - 🚀 Execution started",
  "2026-11-21 20:39:21 - flow:train - ERROR - ❌ Execution failed: ",
  "RuntimeError                              Traceback (most recent call last)",
  '----> 5     raise RuntimeError("loss diverged (nan) at step 12")',
  "",
  "RuntimeError: loss diverged (nan) at step 12",
];

describe("decidingLines", () => {
  it("finds the signals' lines by their text, ignoring spacing at the ends", () => {
    const signals = [signal(40, "2026-11-21 20:39:21 - flow:train - ERROR - ❌ Execution failed:"), signal(44, "RuntimeError: loss diverged (nan) at step 12")];
    // The tail was cut from a longer file (as many lines as asked): line numbers do not apply.
    expect([...decidingLines(tail, signals, LOG, tail.length)]).toEqual([
      [1, "error"],
      [5, "error"],
    ]);
  });

  it("uses line numbers when the tail is the whole file", () => {
    expect([...decidingLines(tail, [signal(3, "no such text")], LOG, 200).keys()]).toEqual([2]);
    expect([...decidingLines(tail, [signal(3, "no such text")], LOG, tail.length).keys()]).toEqual([]);
  });

  it("marks a line an error when a warning and an error both name it", () => {
    const both = [signal(6, "RuntimeError: loss diverged (nan) at step 12"), signal(6, "loss diverged", { kind: "warning" })];
    expect([...decidingLines(tail, both, LOG, tail.length)]).toEqual([
      [3, "warning"],
      [5, "error"],
    ]);
    expect([...decidingLines(tail, [signal(6, "loss diverged", { kind: "warning" })], LOG, tail.length)]).toEqual([
      [3, "warning"],
      [5, "warning"],
    ]);
  });

  it("ignores other files, notebook signals and empty texts", () => {
    const signals = [
      signal(6, "RuntimeError: loss diverged (nan) at step 12", { file: "other/log.txt" }),
      signal(6, "RuntimeError: loss diverged (nan) at step 12", { source: "notebook" }),
      signal(99, "   "),
    ];
    expect(decidingLines(tail, signals, LOG, tail.length).size).toBe(0);
  });
});
