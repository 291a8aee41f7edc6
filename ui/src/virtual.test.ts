import { describe, expect, it } from "vitest";
import { rowTop, scrollTopToShow, virtualWindow } from "./virtual";

describe("virtualWindow", () => {
  it("renders only the rows in view plus overscan", () => {
    const w = virtualWindow({ count: 10_000, rowHeight: 60, viewport: 600, scrollTop: 6000, overscan: 5 });
    expect(w.height).toBe(600_000);
    expect(w.first).toBe(95);
    expect(w.last).toBe(115);
    expect(rowTop(100, 60, w)).toBe(6000);
  });

  it("clamps at both ends", () => {
    expect(virtualWindow({ count: 3, rowHeight: 60, viewport: 600, scrollTop: 0, overscan: 5 })).toMatchObject({ first: 0, last: 3 });
    expect(virtualWindow({ count: 0, rowHeight: 60, viewport: 600, scrollTop: 0, overscan: 5 })).toMatchObject({ first: 0, last: 0 });
  });

  it("compresses very long lists under the maximum height and still reaches the last row", () => {
    const input = { count: 500_000, rowHeight: 60, viewport: 600, overscan: 2, maxHeight: 1_000_000 };
    const top = virtualWindow({ ...input, scrollTop: 0 });
    expect(top.height).toBe(1_000_000);
    expect(top.first).toBe(0);
    const bottom = virtualWindow({ ...input, scrollTop: 1_000_000 - 600 });
    expect(bottom.last).toBe(500_000);
    // The last row ends exactly at the bottom of the viewport.
    expect(rowTop(499_999, 60, bottom) + 60).toBeCloseTo(1_000_000, 3);
  });
});

describe("scrollTopToShow", () => {
  const base = { count: 1000, rowHeight: 60, viewport: 600 };
  it("scrolls as little as possible", () => {
    expect(scrollTopToShow(5, { ...base, scrollTop: 0 })).toBe(0);
    expect(scrollTopToShow(10, { ...base, scrollTop: 0 })).toBe(60);
    expect(scrollTopToShow(2, { ...base, scrollTop: 600 })).toBe(120);
  });
});
