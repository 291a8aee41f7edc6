import { useMemo } from "react";
import type { FlowRun } from "../bindings/FlowRun";
import { diffConfigs, formatLeaf } from "../configDiff";

interface Props {
  /** The older side (shown as "before"). */
  a: FlowRun;
  b: FlowRun;
  onClear: () => void;
}

const KIND_LABELS = { added: "added", removed: "removed", changed: "changed" } as const;

/** The saved configs of two runs, key by key: what was added, removed or changed from `a` to `b`. */
export function ConfigDiff({ a, b, onClear }: Props) {
  const entries = useMemo(() => diffConfigs(a.config, b.config), [a.config, b.config]);
  return (
    <section className="card config-diff" data-testid="config-diff" aria-labelledby="config-diff-title">
      <header className="run-detail-head">
        <h2 id="config-diff-title">
          Config of <span className="mono" title={a.path}>{a.name}</span> → <span className="mono" title={b.path}>{b.name}</span>
        </h2>
        <span className="spacer" />
        <button type="button" className="button-ghost" data-testid="config-diff-clear" onClick={onClear}>
          Clear
        </button>
      </header>
      {a.config === null || b.config === null ? (
        <p className="muted small">{a.config === null ? a.name : b.name} has no saved config; every key of the other shows as added or removed.</p>
      ) : null}
      {entries.length === 0 ? (
        <p className="muted" data-testid="config-diff-same">
          The two configs are the same.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table diff-table">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Change</th>
                <th scope="col">{a.name}</th>
                <th scope="col">{b.name}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.path} className={`diff-${e.kind}`} data-testid="diff-row" data-path={e.path} data-kind={e.kind}>
                  <td className="mono">{e.path === "" ? "(the whole config)" : e.path}</td>
                  <td>
                    <span className={`badge diff-badge-${e.kind}`}>{KIND_LABELS[e.kind]}</span>
                  </td>
                  <td className="mono diff-before">{formatLeaf(e.before)}</td>
                  <td className="mono diff-after">{formatLeaf(e.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
