import { describe, expect, it } from "vitest";
import type { SecretStatus } from "./bindings/SecretStatus";
import {
  formatAbsolute,
  formatBytes,
  formatCount,
  formatDuration,
  formatMillis,
  formatPercent,
  formatRelative,
  formatSubsetSplit,
  parseTimestamp,
  secretStatusText,
  sentence,
} from "./format";

describe("formatBytes", () => {
  it("uses base 1024 with one decimal", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1024)).toBe("1.0 KB");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(5 * 1024 ** 2)).toBe("5.0 MB");
    expect(formatBytes(3221225472)).toBe("3.0 GB");
    expect(formatBytes(61203283968)).toBe("57.0 GB");
    expect(formatBytes(2.5 * 1024 ** 4)).toBe("2.5 TB");
  });

  it("stops at TB and never shows 1024.0 of a unit", () => {
    expect(formatBytes(3 * 1024 ** 5)).toBe("3072.0 TB");
    expect(formatBytes(1024 * 1024 - 1)).toBe("1.0 MB");
  });

  it("shows a dash when unknown", () => {
    expect(formatBytes(null)).toBe("—");
    expect(formatBytes(undefined)).toBe("—");
    expect(formatBytes(Number.NaN)).toBe("—");
  });
});

describe("formatCount", () => {
  it("adds thousands separators", () => {
    expect(formatCount(7)).toBe("7");
    expect(formatCount(12044)).toBe("12,044");
    expect(formatCount(1234567)).toBe("1,234,567");
  });

  it("shows a dash when unknown", () => {
    expect(formatCount(null)).toBe("—");
  });
});

describe("formatPercent", () => {
  it("clamps and trims", () => {
    expect(formatPercent(40)).toBe("40%");
    expect(formatPercent(0.53)).toBe("0.5%");
    expect(formatPercent(140)).toBe("100%");
    expect(formatPercent(-3)).toBe("0%");
  });
});

describe("parseTimestamp", () => {
  it("reads naive timestamps as UTC", () => {
    expect(parseTimestamp("2026-11-21T20:40:29.021643")?.toISOString()).toBe("2026-11-21T20:40:29.021Z");
    expect(parseTimestamp("2026-11-20T08:00:00")?.toISOString()).toBe("2026-11-20T08:00:00.000Z");
    expect(parseTimestamp("2026-11-20 08:00:00.5")?.toISOString()).toBe("2026-11-20T08:00:00.500Z");
    expect(parseTimestamp("2026-11-20T08:00")?.toISOString()).toBe("2026-11-20T08:00:00.000Z");
  });

  it("honours an explicit offset", () => {
    expect(parseTimestamp("2026-11-20T09:00:00+01:00")?.toISOString()).toBe("2026-11-20T08:00:00.000Z");
    expect(parseTimestamp("2026-11-20T05:30:00.25-02:30")?.toISOString()).toBe("2026-11-20T08:00:00.250Z");
  });

  it("reads a job's start to the nanosecond", () => {
    expect(parseTimestamp("2026-12-04T23:03:29.123456789Z")?.toISOString()).toBe("2026-12-04T23:03:29.123Z");
    expect(parseTimestamp("2026-12-04T23:03:29Z")?.toISOString()).toBe("2026-12-04T23:03:29.000Z");
  });

  it("gives null for nothing or garbage", () => {
    expect(parseTimestamp(null)).toBeNull();
    expect(parseTimestamp("")).toBeNull();
    expect(parseTimestamp("yesterday")).toBeNull();
  });
});

describe("formatRelative", () => {
  const now = new Date("2026-11-21T12:00:00Z");
  const before = (ms: number) => new Date(now.getTime() - ms);
  const MIN = 60_000;
  const HOUR = 60 * MIN;
  const DAY = 24 * HOUR;

  it("says how long ago", () => {
    expect(formatRelative(before(10_000), now)).toBe("just now");
    expect(formatRelative(before(MIN), now)).toBe("1 minute ago");
    expect(formatRelative(before(5 * MIN), now)).toBe("5 minutes ago");
    expect(formatRelative(before(HOUR), now)).toBe("1 hour ago");
    expect(formatRelative(before(3 * HOUR), now)).toBe("3 hours ago");
    expect(formatRelative(before(DAY), now)).toBe("1 day ago");
    expect(formatRelative(before(3 * DAY), now)).toBe("3 days ago");
    expect(formatRelative(before(60 * DAY), now)).toBe("2 months ago");
    expect(formatRelative(before(800 * DAY), now)).toBe("2 years ago");
  });

  it("handles the future", () => {
    expect(formatRelative(new Date(now.getTime() + 2 * HOUR), now)).toBe("in 2 hours");
  });
});

describe("formatAbsolute", () => {
  it("shows local time with its zone (tests run in UTC)", () => {
    expect(formatAbsolute(new Date("2026-11-21T20:40:29.021Z"))).toBe("2026-11-21 20:40:29 UTC");
  });
});

describe("formatSubsetSplit", () => {
  it("says full for a whole-repository download", () => {
    expect(formatSubsetSplit(null, "train")).toBe("full");
    expect(formatSubsetSplit("ms", "train")).toBe("ms / train");
  });
});

describe("secretStatusText", () => {
  const base: SecretStatus = {
    id: "hf_token",
    label: "Hugging Face token",
    set: false,
    source: null,
    env_var: null,
    keyring: null,
    saved_for: null,
    other_origin: null,
  };

  it("names the source", () => {
    expect(secretStatusText(base)).toBe("not set");
    expect(secretStatusText({ ...base, set: true, source: "keyring" })).toBe("set (keyring)");
    expect(secretStatusText({ ...base, set: true, source: "environment", env_var: "HF_TOKEN" })).toBe(
      "set (environment: HF_TOKEN)",
    );
    expect(secretStatusText({ ...base, set: true, source: "gh_cli" })).toBe("set (gh auth token)");
  });

  it("names a keyring that could not be asked instead of saying not set", () => {
    const problem = (state: "locked" | "unavailable" | "failing") => ({ state, message: "m", explanation: "e" });
    expect(secretStatusText({ ...base, keyring: problem("locked") })).toBe("keyring locked");
    expect(secretStatusText({ ...base, keyring: problem("unavailable") })).toBe("keyring unavailable");
    expect(secretStatusText({ ...base, keyring: problem("failing") })).toBe("keyring failing");
    // A token from the environment is still set; the row explains the keyring separately.
    expect(
      secretStatusText({ ...base, set: true, source: "environment", env_var: "HF_TOKEN", keyring: problem("locked") }),
    ).toBe("set (environment: HF_TOKEN)");
  });

  it("names a token saved for another origin instead of saying not set", () => {
    const other_origin = { saved_for: "https://huggingface.co", requested: "https://hub.example", explanation: "e" };
    expect(secretStatusText({ ...base, saved_for: "https://huggingface.co", other_origin })).toBe(
      "saved for another origin",
    );
    expect(secretStatusText({ ...base, set: true, source: "environment", env_var: "HF_TOKEN", other_origin })).toBe(
      "set (environment: HF_TOKEN)",
    );
  });
});

describe("sentence", () => {
  it("capitalises a message from Rust and ends it with a full stop", () => {
    expect(sentence("the OS keyring is locked (x)")).toBe("The OS keyring is locked (x).");
    expect(sentence("Done.")).toBe("Done.");
    expect(sentence("  ")).toBe("");
  });
});

describe("formatDuration", () => {
  it("writes durations as the sync reports do", () => {
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(12 * 60 + 5)).toBe("12 min 5 s");
    expect(formatDuration(12 * 60)).toBe("12 min");
    expect(formatDuration(3 * 3600 + 20 * 60 + 7)).toBe("3 h 20 min");
    expect(formatDuration(3600)).toBe("1 h");
    expect(formatDuration(2 * 86_400 + 4 * 3600)).toBe("2 d 4 h");
  });
});

describe("formatMillis", () => {
  it("shows milliseconds, then tenths of seconds, then as formatDuration", () => {
    expect(formatMillis(0)).toBe("0 ms");
    expect(formatMillis(840)).toBe("840 ms");
    expect(formatMillis(999.6)).toBe("1.0 s");
    expect(formatMillis(2_390)).toBe("2.3 s");
    expect(formatMillis(9_999)).toBe("9.9 s");
    expect(formatMillis(10_000)).toBe("10 s");
    expect(formatMillis(482_000)).toBe("8 min 2 s");
    expect(formatMillis(1_200_000)).toBe("20 min");
    expect(formatMillis(-5)).toBe("0 ms");
  });
});
