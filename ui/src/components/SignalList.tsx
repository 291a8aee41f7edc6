import type { Signal } from "../bindings/Signal";

interface Props {
  signals: readonly Signal[];
  /** The run's folder: files in it are named relative to it. */
  base: string;
}

/** The lines that decided a run's colour, then what its notebook printed that the log missed. */
export function SignalList({ signals, base }: Props) {
  const fileOf = (file: string) => (file.startsWith(`${base}/`) ? file.slice(base.length + 1) : file);
  if (signals.length === 0) {
    return (
      <p className="muted small" data-testid="run-signals-none">
        No line of the log or the notebook carries a warning or an error.
      </p>
    );
  }
  return (
    <ul className="signal-list" data-testid="run-signals">
      {signals.map((s, i) => (
        <li key={i} className={`signal signal-${s.kind}`} data-testid="run-signal" data-kind={s.kind} data-source={s.source}>
          <span className={`badge ${s.kind === "error" ? "badge-error" : "badge-warn"}`}>{s.kind}</span>
          <span className="small muted" title={s.file}>
            <span className="mono">{fileOf(s.file)}</span> {s.source === "log" ? `line ${s.line}` : `cell ${s.line} (not in the light)`}
          </span>
          <code className="signal-text">{s.text}</code>
        </li>
      ))}
    </ul>
  );
}
