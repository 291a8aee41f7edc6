import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BackendProvider } from "../backend";
import { FakeBackend } from "../backend/fake";
import { FLOWS_ROOT, withRerun } from "../test/runs";
import { RERUN_RESCAN_MS, RESCAN_MS, useRunsScan } from "./useRunsScan";

const TRAIN = "runs/pipeline/diverged/runs/train_instance";
const SOURCE = { host: "hgx-a", path: FLOWS_ROOT };

afterEach(() => {
  vi.useRealTimers();
});

describe("useRunsScan", () => {
  it("reads the folder every 3 s while a re-run runs, and every 10 s again once it ended", async () => {
    vi.useFakeTimers();
    const backend = new FakeBackend(withRerun(TRAIN));
    const wrapper = ({ children }: { children: ReactNode }) => <BackendProvider backend={backend}>{children}</BackendProvider>;
    const { result } = renderHook(() => useRunsScan(SOURCE), { wrapper });
    const scans = () => backend.callCount("scanRuns");
    const wait = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

    await wait(0);
    expect(scans()).toBe(1);
    await wait(RERUN_RESCAN_MS);
    expect(scans()).toBe(2);

    backend.fakeRuns.endRerun(SOURCE, TRAIN, "complete", 0);
    await wait(RERUN_RESCAN_MS);
    expect(scans()).toBe(3);
    expect(result.current.report?.ductaflow[1]?.flows[1]?.rerun?.state).toBe("complete");
    await wait(RERUN_RESCAN_MS);
    expect(scans()).toBe(3);
    await wait(RESCAN_MS - RERUN_RESCAN_MS);
    expect(scans()).toBe(4);
  });
});
