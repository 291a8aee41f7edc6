import { describe, expect, it } from "vitest";
import { asApiError, isApiError } from "./errors";

describe("asApiError", () => {
  it("keeps an ApiError as it is", () => {
    const e = { code: "not_a_checkout", message: "/x is not a checkout", detail: "no .hugflow-state" };
    expect(isApiError(e)).toBe(true);
    expect(asApiError(e)).toEqual(e);
  });

  it("fills a missing detail with null", () => {
    expect(asApiError({ code: "config", message: "bad" })).toEqual({ code: "config", message: "bad", detail: null });
  });

  it("wraps anything else as io", () => {
    expect(asApiError("boom")).toEqual({ code: "io", message: "boom", detail: null });
    expect(asApiError(new Error("lost"))).toEqual({ code: "io", message: "lost", detail: null });
    expect(asApiError({ code: "weird", message: "x" })).toEqual({ code: "io", message: "[object Object]", detail: null });
    expect(asApiError(undefined)).toEqual({ code: "io", message: "undefined", detail: null });
  });
});
