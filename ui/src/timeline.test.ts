import { describe, expect, it } from "vitest";
import type { Step } from "./bindings/Step";
import { steps } from "./backend/demoRetrain";
import { countBar, stepBars } from "./timeline";

const START = new Date("2026-11-20T10:00:00Z");
const rounded = (bars: ReturnType<typeof stepBars>) => bars.map((b) => ({ left: Number(b.left.toFixed(2)), width: Number(b.width.toFixed(2)) }));

describe("stepBars", () => {
  it("places each step by its start and sizes it by its duration over the label's span", () => {
    const list = steps(START, [
      ["count", 1_000, "ok", ""],
      ["read_version", 1_000, "ok", ""],
      ["restart_prepare", 2_000, "ok", ""],
      ["poll_metadata", 16_000, "ok", ""],
    ]);
    expect(stepBars(list)).toEqual([
      { left: 0, width: 5 },
      { left: 5, width: 5 },
      { left: 10, width: 10 },
      { left: 20, width: 80 },
    ]);
  });

  it("gives a step too short to see a sliver, kept inside the track", () => {
    const list = steps(START, [
      ["count", 0, "ok", ""],
      ["poll_metadata", 100_000, "timed_out", ""],
      ["restart_retrain", 0, "dry_run", ""],
    ]);
    const bars = stepBars(list, 1);
    expect(bars[0]).toEqual({ left: 0, width: 1 });
    expect(bars[1]).toEqual({ left: 0, width: 100 });
    expect(bars[2]).toEqual({ left: 99, width: 1 });
  });

  it("counts gaps between steps and survives a step without a start, or no time at all", () => {
    const gap: Step[] = [
      { name: "count", started_at: "2026-11-20T10:00:00Z", duration_ms: 1_000, outcome: "ok", detail: "" },
      { name: "read_version", started_at: "2026-11-20T10:00:03Z", duration_ms: 1_000, outcome: "ok", detail: "" },
      { name: "restart_prepare", started_at: "garbage", duration_ms: 2_000, outcome: "failed", detail: "" },
    ];
    // 0-1 s, 3-4 s, then the one without a start right after (4-6 s).
    expect(rounded(stepBars(gap))).toEqual([
      { left: 0, width: 16.67 },
      { left: 50, width: 16.67 },
      { left: 66.67, width: 33.33 },
    ]);
    expect(stepBars(steps(START, [["count", 0, "dry_run", ""]]))).toEqual([{ left: 0, width: 0.8 }]);
    expect(stepBars([])).toEqual([]);
  });
});

describe("countBar", () => {
  it("spans the larger of the dataset length and the threshold", () => {
    expect(countBar({ dataset_len: 1_600, threshold: 1_000 })).toEqual({ fill: 100, marker: 62.5, reached: true });
    expect(countBar({ dataset_len: 250, threshold: 1_000 })).toEqual({ fill: 25, marker: 100, reached: false });
    expect(countBar({ dataset_len: 1_000, threshold: 1_000 })).toEqual({ fill: 100, marker: 100, reached: true });
  });

  it("has nothing to show before the count", () => {
    expect(countBar({ dataset_len: null, threshold: 1_000 })).toBeNull();
    expect(countBar({ dataset_len: 0, threshold: 0 })).toEqual({ fill: 0, marker: 0, reached: true });
  });
});
