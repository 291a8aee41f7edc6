import { useEffect, useMemo, useRef } from "react";
import type { RunSource } from "../bindings/RunSource";
import type { Signal } from "../bindings/Signal";
import { TAIL_LINES, useFileTail } from "../hooks/useFileTail";
import { decidingLines } from "../logTail";

interface Props {
  source: RunSource;
  /** The log, relative to the source's folder. */
  file: string;
  signals: readonly Signal[];
  /** Changes when the log may have grown (a new scan of a live run). */
  version: string;
}

/** The end of a run's log, with the lines that decided its colour highlighted and scrolled to. */
export function LogTail({ source, file, signals, version }: Props) {
  const { lines, error } = useFileTail(source, file, version);
  const deciding = useMemo(() => decidingLines(lines ?? [], signals, file, TAIL_LINES), [lines, signals, file]);
  const box = useRef<HTMLOListElement>(null);
  const first = Math.min(...deciding.keys());

  useEffect(() => {
    const list = box.current;
    if (!list || lines === null) return;
    const target = Number.isFinite(first) ? (list.children[first] as HTMLElement | undefined) : undefined;
    // The deciding line near the top of the box, else the end of the log.
    list.scrollTop = target ? Math.max(0, target.offsetTop - list.offsetTop - 40) : list.scrollHeight;
  }, [lines, first]);

  return (
    <div className="log-tail-wrap">
      <p className="small muted">
        The last {TAIL_LINES} lines of <span className="mono">{file}</span>
        {deciding.size > 0 ? `; ${deciding.size === 1 ? "the deciding line is" : "the deciding lines are"} highlighted` : ""}.
      </p>
      {error ? (
        <p className="field-error" role="alert" data-testid="log-tail-error">
          Could not read the log: {error.message}
        </p>
      ) : null}
      {lines === null && error === null ? <p className="muted small">Reading the log…</p> : null}
      {lines !== null && lines.length === 0 ? <p className="muted small">The log is empty.</p> : null}
      {lines !== null && lines.length > 0 ? (
        <ol className="log-tail" data-testid="log-tail" ref={box}>
          {lines.map((line, i) =>
            deciding.has(i) ? (
              <li key={i} className={`log-line deciding deciding-${deciding.get(i)}`} data-testid="deciding-line" data-kind={deciding.get(i)}>
                {line}
              </li>
            ) : (
              <li key={i} className="log-line" data-testid="log-line">
                {line}
              </li>
            ),
          )}
        </ol>
      ) : null}
    </div>
  );
}
