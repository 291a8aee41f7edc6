import type { Rerun } from "../bindings/Rerun";
import { formatDuration, parseTimestamp } from "../format";
import { RelativeTime } from "./RelativeTime";

/** When a re-run started and ended, and how long it ran (or has run so far). */
export function RerunTimes({ rerun, now }: { rerun: Pick<Rerun, "state" | "started_at" | "ended_at">; now: Date }) {
  const start = parseTimestamp(rerun.started_at);
  const end = parseTimestamp(rerun.ended_at);
  const running = rerun.state === "running";
  let length = "";
  // A lost one has no end: how long it ran is not known.
  if (start !== null && end !== null) length = ` · took ${formatDuration((end.getTime() - start.getTime()) / 1000)}`;
  else if (start !== null && running) length = ` · ${formatDuration((now.getTime() - start.getTime()) / 1000)} so far`;
  return (
    <span className="muted small" data-testid="flow-rerun-times">
      started <RelativeTime value={rerun.started_at} now={now} />
      {rerun.ended_at !== null ? (
        <>
          , ended <RelativeTime value={rerun.ended_at} now={now} />
        </>
      ) : null}
      {length}
    </span>
  );
}
