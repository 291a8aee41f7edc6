import { describe, expect, it } from "vitest";
import { chartMax, linePath, sampleIndexes, timeFractions } from "./chart";

describe("chart", () => {
  it("draws a line, starting a new segment after a gap", () => {
    expect(linePath([0, 0.25, 0.5, 1], [10, null, 5, 0], 100, 10, 10)).toBe("M0.0 0.0M50.0 5.0L100.0 10.0");
    expect(linePath([0, 1], [null, null], 100, 10, 10)).toBe("");
  });

  it("clamps values to the box", () => {
    expect(linePath([0, 1], [-5, 20], 100, 10, 10)).toBe("M0.0 10.0L100.0 0.0");
  });

  it("keeps at most max points and always the last", () => {
    expect(sampleIndexes(10, 4)).toEqual([0, 3, 6, 9]);
    expect(sampleIndexes(11, 4)).toEqual([0, 3, 6, 9, 10]);
    expect(sampleIndexes(3, 240)).toEqual([0, 1, 2]);
    expect(sampleIndexes(0, 240)).toEqual([]);
  });

  it("places times between the first and the last", () => {
    expect(timeFractions([1000, 1500, 3000])).toEqual([0, 0.25, 1]);
    expect(timeFractions([5])).toEqual([1]);
  });

  it("takes the given top, else the largest value with room", () => {
    expect(chartMax([{ key: "a", label: "a", values: [1, 50] }], 100)).toBe(100);
    expect(chartMax([{ key: "a", label: "a", values: [null, 50] }])).toBeCloseTo(55);
    expect(chartMax([{ key: "a", label: "a", values: [] }])).toBeCloseTo(1.1);
  });
});
