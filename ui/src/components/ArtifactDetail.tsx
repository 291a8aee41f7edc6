import type { HuldraArtifact } from "../bindings/HuldraArtifact";
import { formatDuration, parseTimestamp } from "../format";
import { artifactLight } from "../runs";
import { JsonBlock } from "./JsonBlock";
import { StatusLight } from "./StatusLight";

function seconds(a: HuldraArtifact): number | null {
  const start = parseTimestamp(a.started_at);
  const end = parseTimestamp(a.ended_at);
  return start === null || end === null ? null : (end.getTime() - start.getTime()) / 1000;
}

/** A huldra artifact in full: its state, owner, commit, config and the error it recorded. */
export function ArtifactDetail({ artifact: a }: { artifact: HuldraArtifact }) {
  const light = artifactLight(a);
  const took = seconds(a);
  const facts: Array<[string, string | null, boolean?]> = [
    ["Class", a.class, true],
    ["Hash", a.hash, true],
    ["Folder", a.path, true],
    ["Result / attempt", a.result === null && a.attempt === null ? null : `${a.result ?? "—"} / ${a.attempt ?? "—"}`],
    ["Owner", a.owner_host === null ? null : `${a.owner_host}${a.owner_pid === null ? "" : `, pid ${a.owner_pid}`}`],
    ["Command", a.command, true],
    ["Git commit", a.git_commit, true],
    ["Started", a.started_at],
    ["Ended", a.ended_at],
    ["Duration", took === null ? null : formatDuration(took)],
    ["Lease expires", a.lease_expires_at],
  ];
  return (
    <section className="card run-detail" data-testid="artifact-detail" data-hash={a.hash} aria-labelledby="artifact-detail-title">
      <header className="run-detail-head">
        <h2 id="artifact-detail-title">{a.class.slice(a.class.lastIndexOf(".") + 1)}</h2>
        <StatusLight tone={light.tone} label={light.label} />
      </header>
      {a.stale ? (
        <p className="host-alert tone-warn small" data-testid="artifact-stale">
          state.json still says running, but its lease expired{a.lease_expires_at ? ` at ${a.lease_expires_at}` : ""}: the process that owned it
          {a.owner_host ? ` on ${a.owner_host}` : ""} died or was killed. Running it again takes the artifact over.
        </p>
      ) : null}
      <dl className="meta">
        {facts
          .filter(([, value]) => value !== null)
          .map(([label, value, mono]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd className={mono ? "mono" : undefined}>{value}</dd>
            </div>
          ))}
      </dl>
      {a.problem ? <p className="host-alert tone-warn small">{a.problem}</p> : null}
      {a.error ? (
        <>
          <h3 className="eyebrow">Error</h3>
          <p className="field-error" data-testid="artifact-error">
            {a.error.type ? `${a.error.type}: ` : ""}
            {a.error.message}
          </p>
          {a.error.traceback ? (
            <pre className="json-block traceback" data-testid="artifact-traceback">
              {a.error.traceback}
            </pre>
          ) : null}
        </>
      ) : null}
      {a.python_def ? (
        <>
          <h3 className="eyebrow">In Python</h3>
          <pre className="json-block">{a.python_def}</pre>
        </>
      ) : null}
      <h3 className="eyebrow">Config</h3>
      <JsonBlock value={a.config} testId="artifact-config" empty="metadata.json holds no config." />
    </section>
  );
}
