import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Subscribe } from "./ticks";
import { usePolledRead } from "./usePolledRead";

/** A broadcast fired by hand, that knows whether anyone listens. */
function broadcast() {
  const listeners = new Set<() => void>();
  const subscribe: Subscribe = (callback) => {
    listeners.add(callback);
    return Promise.resolve(() => listeners.delete(callback));
  };
  return { subscribe, listened: () => listeners.size > 0, fire: () => listeners.forEach((l) => l()) };
}

describe("usePolledRead", () => {
  it("reads at the hurried pace while the last value needs it, and at the usual one after", async () => {
    const slow = broadcast();
    const fast = broadcast();
    const values = [1, 2, 3];
    const read = vi.fn(() => Promise.resolve(values.shift() ?? 0));
    const { result } = renderHook(() => usePolledRead(read, slow.subscribe, { subscribe: fast.subscribe, needs: (v: number) => v % 2 === 0 }));
    await waitFor(() => expect(result.current.value).toBe(1));
    expect([slow.listened(), fast.listened()]).toEqual([true, false]);

    act(() => slow.fire());
    await waitFor(() => expect(result.current.value).toBe(2));
    await waitFor(() => expect([slow.listened(), fast.listened()]).toEqual([false, true]));

    act(() => fast.fire());
    await waitFor(() => expect(result.current.value).toBe(3));
    await waitFor(() => expect([slow.listened(), fast.listened()]).toEqual([true, false]));
    expect(read).toHaveBeenCalledTimes(3);
  });

  it("keeps the usual pace without a hurry", async () => {
    const slow = broadcast();
    const { result } = renderHook(() => usePolledRead(() => Promise.resolve(2), slow.subscribe));
    await waitFor(() => expect(result.current.value).toBe(2));
    expect(slow.listened()).toBe(true);
  });
});
