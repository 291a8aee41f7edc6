import { describe, expect, it } from "vitest";
import { diffConfigs, flatten, formatLeaf } from "./configDiff";

describe("flatten", () => {
  it("names every leaf by its dotted path, list items by index", () => {
    const flat = flatten({ rows: 12, augment: { speed: [0.9, 1.1], noise: { db: 20 } }, name: "x", none: null });
    expect([...flat.entries()]).toEqual([
      ["rows", 12],
      ["augment.speed[0]", 0.9],
      ["augment.speed[1]", 1.1],
      ["augment.noise.db", 20],
      ["name", "x"],
      ["none", null],
    ]);
  });

  it("keeps empty objects and lists as leaves, and a bare value as the one leaf ''", () => {
    expect([...flatten({ a: {}, b: [] }).entries()]).toEqual([
      ["a", {}],
      ["b", []],
    ]);
    expect([...flatten(5).entries()]).toEqual([["", 5]]);
    expect(flatten(undefined).size).toBe(0);
  });
});

describe("diffConfigs", () => {
  it("lists added, removed and changed keys, sorted by path, and leaves equal ones out", () => {
    const baseline = { instance: "baseline", rows: 1000, lr: [0.001], _project_root: "/data/hgx/flows" };
    const diverged = { instance: "diverged", rows: 500, fail: true, lr: [0.001, 0.0003], _project_root: "/data/hgx/flows" };
    expect(diffConfigs(baseline, diverged)).toEqual([
      { path: "fail", kind: "added", after: true },
      { path: "instance", kind: "changed", before: "baseline", after: "diverged" },
      { path: "lr[1]", kind: "added", after: 0.0003 },
      { path: "rows", kind: "changed", before: 1000, after: 500 },
    ]);
    expect(diffConfigs(diverged, baseline).find((e) => e.path === "fail")).toEqual({ path: "fail", kind: "removed", before: true });
  });

  it("tells a value that changed type or shape, and nothing for the same config", () => {
    expect(diffConfigs({ a: 1 }, { a: "1" })).toEqual([{ path: "a", kind: "changed", before: 1, after: "1" }]);
    expect(diffConfigs({ a: { b: 1 } }, { a: 2 })).toEqual([
      { path: "a", kind: "added", after: 2 },
      { path: "a.b", kind: "removed", before: 1 },
    ]);
    expect(diffConfigs({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });

  it("treats a missing config as empty", () => {
    expect(diffConfigs(null, { rows: 3 })).toEqual([
      { path: "", kind: "removed", before: null },
      { path: "rows", kind: "added", after: 3 },
    ]);
    expect(diffConfigs(undefined, { rows: 3 })).toEqual([{ path: "rows", kind: "added", after: 3 }]);
  });

  it("writes leaves as JSON", () => {
    expect(formatLeaf("x")).toBe('"x"');
    expect(formatLeaf(0.001)).toBe("0.001");
    expect(formatLeaf([])).toBe("[]");
    expect(formatLeaf(undefined)).toBe("");
  });
});
