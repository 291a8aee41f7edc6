import { afterEach, describe, expect, it, vi } from "vitest";
import { everyWhileVisible, noEvents } from "./ticks";

function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
  document.dispatchEvent(new Event("visibilitychange"));
}

afterEach(() => {
  setVisibility("visible");
  vi.useRealTimers();
});

describe("everyWhileVisible", () => {
  it("fires every interval while visible, not while hidden, and at once when shown again", async () => {
    vi.useFakeTimers();
    const heard = vi.fn();
    const off = await everyWhileVisible(10_000)(heard);
    vi.advanceTimersByTime(9_999);
    expect(heard).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(heard).toHaveBeenCalledTimes(1);

    setVisibility("hidden");
    vi.advanceTimersByTime(30_000);
    expect(heard).toHaveBeenCalledTimes(1);
    setVisibility("visible");
    expect(heard).toHaveBeenCalledTimes(2);

    off();
    vi.advanceTimersByTime(30_000);
    setVisibility("visible");
    expect(heard).toHaveBeenCalledTimes(2);
  });

  it("noEvents never fires", async () => {
    vi.useFakeTimers();
    const heard = vi.fn();
    const off = await noEvents(heard);
    vi.advanceTimersByTime(60_000);
    off();
    expect(heard).not.toHaveBeenCalled();
  });
});
