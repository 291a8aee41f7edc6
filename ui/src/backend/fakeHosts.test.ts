import { afterEach, describe, expect, it, vi } from "vitest";
import { demoHosts } from "./demoHosts";
import { FakeHosts } from "./fakeHosts";
import { ruleFixtures } from "./fakeRules";

afterEach(() => {
  vi.useRealTimers();
});

describe("adding a host", () => {
  it("saves what the app's add_host saves, or rejects as it does (rules.json)", () => {
    expect(ruleFixtures().hosts.length).toBeGreaterThan(0);
    for (const { input, answer } of ruleFixtures().hosts) {
      const hosts = new FakeHosts({});
      if ("rejected" in answer) {
        expect(() => hosts.add(input)).toThrow(expect.objectContaining(answer.rejected));
        expect(hosts.list()).toEqual([]);
      } else {
        expect(hosts.add(input)).toMatchObject(answer.saved);
      }
    }
  });
});

describe("the demo's hosts", () => {
  it("report new numbers every interval while someone listens", () => {
    vi.useFakeTimers();
    const hosts = new FakeHosts(demoHosts(new Date(), "0.1.0"));
    const lastAt = () => hosts.historyOf("hgx-a").at(-1)!.at_ms;
    const before = lastAt();
    const stale = hosts.list().find((h) => h.name === "hgx-b")!.updated_at;
    const heard = vi.fn();
    const off = hosts.subscribe(heard);
    vi.advanceTimersByTime(4_000);
    expect(heard).toHaveBeenCalledTimes(2);
    expect(lastAt()).toBe(Date.now());
    expect(lastAt()).toBeGreaterThanOrEqual(before + 4_000);
    // Still the last hour only.
    expect(hosts.historyOf("hgx-a")[0]!.at_ms).toBeGreaterThan(Date.now() - 3_600_000);
    expect(hosts.list().find((h) => h.name === "hgx-b")!.updated_at).toBe(stale);
    off();
    vi.advanceTimersByTime(4_000);
    expect(heard).toHaveBeenCalledTimes(2);
  });

  it("has two HGX servers with 8 GPUs and one unknown key", () => {
    const hosts = new FakeHosts(demoHosts(new Date(), "0.1.0")).list();
    expect(hosts.map((h) => [h.name, h.snapshot?.gpus.length ?? 0, h.connection.state])).toEqual([
      ["hgx-a", 8, "connected"],
      ["hgx-b", 8, "connected"],
      ["dgx-lab", 0, "host_key_unknown"],
      ["ml@10.0.0.7:2222", 0, "lost"],
    ]);
    expect(hosts[0]!.snapshot!.gpus[0]!.name).toContain("H100");
    expect(hosts[1]!.snapshot!.gpus[0]!.name).toContain("H200");
  });
});
