import type { Signal } from "./bindings/Signal";
import type { SignalKind } from "./bindings/SignalKind";

const normal = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * Which lines of a log's tail are the deciding lines of `signals` (those of the log `file`), by
 * index, with the worst kind of the signals that name each. A line matches a signal's text; when
 * the tail is the whole file (fewer lines than asked for), a signal's line number matches too.
 */
export function decidingLines(tail: readonly string[], signals: readonly Signal[], file: string, asked: number): Map<number, SignalKind> {
  const mine = signals.filter((s) => s.source === "log" && s.file === file);
  const whole = tail.length < asked;
  const found = new Map<number, SignalKind>();
  tail.forEach((line, i) => {
    const text = normal(line);
    for (const s of mine) {
      const wanted = normal(s.text);
      const matches = (text !== "" && wanted !== "" && (text === wanted || text.includes(wanted))) || (whole && s.line === i + 1);
      if (matches && found.get(i) !== "error") found.set(i, s.kind);
    }
  });
  return found;
}
