import { useMemo } from "react";
import { useSyncLog } from "../hooks/useSyncLog";
import { readableLog } from "../syncLog";

interface Props {
  host: string;
  id: string;
  /** Follow it while the sync runs. */
  live: boolean;
}

/** A sync's log in words, one line per event (only the latest of a run of progress lines). */
export function SyncLogPanel({ host, id, live }: Props) {
  const { lines, error } = useSyncLog(host, id, live);
  const entries = useMemo(() => readableLog(lines ?? []), [lines]);
  return (
    <div className="sync-log" data-testid="job-log">
      {error ? (
        <p className="field-error" role="alert">
          Could not read the log: {error.message}
        </p>
      ) : null}
      {lines === null && error === null ? <p className="muted small">Loading the log…</p> : null}
      {lines !== null && entries.length === 0 ? <p className="muted small">Nothing logged yet.</p> : null}
      {entries.length > 0 ? (
        <ol className="sync-log-lines">
          {entries.map((e, i) => (
            <li key={i} className={`sync-log-line event-${e.event}`} data-testid="job-log-line" data-event={e.event}>
              {e.text}
              {e.hint ? <span className="field-hint">{e.hint}</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
