import { describe, expect, it } from "vitest";
import { sortNewestFirst, totalSize } from "./datasets";
import { dataset } from "./test/fixtures";

describe("sortNewestFirst", () => {
  it("orders by added_at, newest first, unreadable dates last", () => {
    const sorted = sortNewestFirst([
      dataset({ storage_name: "old", added_at: "2026-01-01T00:00:00" }),
      dataset({ storage_name: "bad", added_at: "not a date" }),
      dataset({ storage_name: "new", added_at: "2026-11-21T20:40:29.021643" }),
      dataset({ storage_name: "mid", added_at: "2026-06-01T00:00:00.000001" }),
    ]);
    expect(sorted.map((d) => d.storage_name)).toEqual(["new", "mid", "old", "bad"]);
  });
});

describe("totalSize", () => {
  it("adds the known sizes", () => {
    expect(totalSize([dataset({ size_bytes: 1024 }), dataset({ size_bytes: null }), dataset({ size_bytes: 2048 })])).toBe(
      3072,
    );
    expect(totalSize([dataset({ size_bytes: null })])).toBeNull();
    expect(totalSize([])).toBeNull();
  });
});
