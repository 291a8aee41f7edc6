import { onTestFinished, vi } from "vitest";

/**
 * Stops `Date.now()` for the rest of the test; timers still run. Texts such as "updated 3 s
 * ago", computed from the clock when the test data is built and again at render, then cannot
 * tick over to "4 s" on a busy machine.
 */
export function freezeClock(): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  onTestFinished(() => {
    vi.useRealTimers();
  });
}
