import type { KeyringState } from "./bindings/KeyringState";
import type { SecretStatus } from "./bindings/SecretStatus";

const UNITS = ["B", "KB", "MB", "GB", "TB"] as const;

/** Human size, base 1024, one decimal: `3.0 GB`; `—` when unknown. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return "—";
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // 1023.96 KB would round to "1024.0 KB": show it as the next unit.
  if (Number(value.toFixed(1)) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}

const COUNT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** A count with thousands separators: `281,241`; `—` when unknown. */
export function formatCount(count: number | null | undefined): string {
  if (count === null || count === undefined || !Number.isFinite(count)) return "—";
  return COUNT.format(count);
}

/** `12.5%`, `40%`; clamped to 0-100. */
export function formatPercent(percent: number): string {
  const p = clampPercent(percent);
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}

/** A duration as the sync reports write it: `45 s`, `12 min 5 s`, `3 h 20 min`, `2 d 4 h`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const [d, h, m, s] = [Math.floor(total / 86_400), Math.floor(total / 3_600) % 24, Math.floor(total / 60) % 60, total % 60];
  if (d > 0) return h === 0 ? `${d} d` : `${d} d ${h} h`;
  if (h > 0) return m === 0 ? `${h} h` : `${h} h ${m} min`;
  if (m > 0) return s === 0 ? `${m} min` : `${m} min ${s} s`;
  return `${s} s`;
}

/** A step's length: `350 ms`, `2.3 s`, then as `formatDuration` (`8 min 2 s`). */
export function formatMillis(ms: number): string {
  const value = Math.max(0, Math.round(ms));
  if (value < 1_000) return `${value} ms`;
  if (value < 10_000) return `${(Math.floor(value / 100) / 10).toFixed(1)} s`;
  return formatDuration(value / 1_000);
}

export function clampPercent(percent: number): number {
  if (!Number.isFinite(percent)) return 0;
  return Math.min(100, Math.max(0, percent));
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * Parses Hugflow's timestamps. The state files hold naive UTC (`2026-11-21T20:40:29.021643`),
 * which `Date.parse` would read as local time; an explicit `Z` or offset is honoured. Read here
 * rather than by `Date.parse`, which need not take more than three fraction digits (jobs record
 * their start to the nanosecond: `2026-12-04T23:03:29.123456789Z`).
 */
export function parseTimestamp(text: string | null | undefined): Date | null {
  if (!text) return null;
  const trimmed = text.trim();
  const m = TIMESTAMP.exec(trimmed);
  if (!m) {
    const time = Date.parse(trimmed);
    return Number.isNaN(time) ? null : new Date(time);
  }
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, "0")) : 0;
  const time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), ms);
  return Number.isNaN(time) ? null : new Date(time - offsetMs(zone));
}

/** `+01:00` is 3,600,000 ms ahead of UTC; none and `Z` are UTC. */
function offsetMs(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  return sign * (hours * 60 + minutes) * 60_000;
}

const STEPS: ReadonlyArray<{ unit: string; ms: number; upTo: number }> = [
  { unit: "minute", ms: 60_000, upTo: 45 },
  { unit: "hour", ms: 3_600_000, upTo: 22 },
  { unit: "day", ms: 86_400_000, upTo: 26 },
  { unit: "month", ms: 30 * 86_400_000, upTo: 11 },
  { unit: "year", ms: 365 * 86_400_000, upTo: Infinity },
];

/** `just now`, `5 minutes ago`, `3 days ago`, `in 2 hours`. */
export function formatRelative(date: Date, now: Date = new Date()): string {
  const diff = now.getTime() - date.getTime();
  const abs = Math.abs(diff);
  if (abs < 45_000) return "just now";
  for (const step of STEPS) {
    const n = Math.max(1, Math.round(abs / step.ms));
    if (n < step.upTo) {
      const phrase = `${n} ${step.unit}${n === 1 ? "" : "s"}`;
      return diff >= 0 ? `${phrase} ago` : `in ${phrase}`;
    }
  }
  return "a long time ago";
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Local time with its offset: `2026-11-21 20:40:29 UTC`, `2026-11-21 21:40:29 UTC+01:00`. */
export function formatAbsolute(date: Date): string {
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const offset = -date.getTimezoneOffset();
  const zone =
    offset === 0
      ? "UTC"
      : `UTC${offset > 0 ? "+" : "-"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${day} ${time} ${zone}`;
}

/** `full` for a whole-repository download, else `subset / split`. */
export function formatSubsetSplit(subset: string | null, split: string): string {
  return subset === null ? "full" : `${subset} / ${split}`;
}

const KEYRING_STATE_TEXT: Record<KeyringState, string> = {
  locked: "keyring locked",
  unavailable: "keyring unavailable",
  failing: "keyring failing",
};

/**
 * Where a secret comes from, never its value. A keyring that could not be asked, or a token
 * saved for another origin than the configured one, is named instead of "not set": the user
 * did save one.
 */
export function secretStatusText(status: SecretStatus): string {
  if (!status.set) {
    if (status.keyring) return KEYRING_STATE_TEXT[status.keyring.state];
    return status.other_origin ? "saved for another origin" : "not set";
  }
  switch (status.source) {
    case "keyring":
      return "set (keyring)";
    case "environment":
      return status.env_var ? `set (environment: ${status.env_var})` : "set (environment)";
    case "gh_cli":
      return "set (gh auth token)";
    default:
      return "set";
  }
}

/** A message from Rust (lower case, no full stop, to fit inside other messages) as a sentence. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "";
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
