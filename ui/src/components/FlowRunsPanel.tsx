import { useState } from "react";
import type { DuctaflowRun } from "../bindings/DuctaflowRun";
import type { FlowRun } from "../bindings/FlowRun";
import type { RunSource } from "../bindings/RunSource";
import { findInstance, parseLocal } from "../runs";
import { ConfigDiff } from "./ConfigDiff";
import { InstanceDetail } from "./InstanceDetail";
import { RunRow } from "./RunRow";

interface Props {
  source: RunSource;
  /** The builds the filters let through. */
  runs: readonly DuctaflowRun[];
  /** Every build, so that what is open or compared survives a filter change. */
  all: readonly DuctaflowRun[];
  now: Date;
  scannedAt: string;
  /** Reads the folder again now (after a re-run starts or stops). */
  onRescan: () => void;
}

const startOf = (run: FlowRun) => parseLocal(run.started_at)?.getTime() ?? 0;

/** The builds with their flows, the open one's detail, and the config diff of two picked runs. */
export function FlowRunsPanel({ source, runs, all, now, scannedAt, onRescan }: Props) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [selected, setSelected] = useState<string | null>(null);
  const [compared, setCompared] = useState<string[]>([]);

  function open(path: string) {
    setSelected(path);
    if (all.some((r) => r.path === path)) setExpanded((prev) => new Set(prev).add(path));
  }

  function toggle(path: string) {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(path)) next.add(path);
      return next;
    });
  }

  function compare(path: string) {
    // The last two ticked are compared.
    setCompared((prev) => (prev.includes(path) ? prev.filter((p) => p !== path) : [...prev, path].slice(-2)));
  }

  const detail = selected === null ? null : findInstance(all, selected);
  const pair = compared
    .map((p) => findInstance(all, p))
    .filter((r): r is FlowRun => r !== null)
    .sort((a, b) => startOf(a) - startOf(b));

  return (
    <div className="runs-layout">
      <ul className="card run-list" data-testid="run-list">
        {runs.map((run) => (
          <RunRow key={run.path} run={run} now={now} expanded={expanded.has(run.path)} selected={selected} compared={compared} onOpen={open} onToggle={toggle} onCompare={compare} />
        ))}
      </ul>
      <div className="runs-side">
        {pair.length === 2 ? <ConfigDiff a={pair[0]!} b={pair[1]!} onClear={() => setCompared([])} /> : null}
        {pair.length === 1 ? (
          <p className="muted small" data-testid="compare-hint">
            Tick Compare on a second build or flow to see how their configs differ.
          </p>
        ) : null}
        {detail ? (
          <InstanceDetail source={source} run={detail} now={now} scannedAt={scannedAt} onRescan={onRescan} />
        ) : (
          <p className="card empty-state small">Click a build or a flow to see the lines that decided its colour, its config and its log.</p>
        )}
      </div>
    </div>
  );
}
