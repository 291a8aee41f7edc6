import type { FlowRun } from "../bindings/FlowRun";
import { runState } from "../runs";
import { CompareBox } from "./CompareBox";
import { NotebookHint } from "./NotebookHint";
import { RunLight } from "./RunLight";
import { RunTiming } from "./RunTiming";

interface Props {
  flow: FlowRun;
  now: Date;
  selected: boolean;
  comparing: boolean;
  onOpen: (path: string) => void;
  onCompare: (path: string) => void;
}

/** One flow of a build; a click anywhere on it opens its detail. */
export function FlowRow({ flow, now, selected, comparing, onOpen, onCompare }: Props) {
  return (
    <li
      className={`run-line flow-row${selected ? " selected" : ""}`}
      data-testid="flow-row"
      data-name={flow.name}
      data-status={flow.status}
      data-state={runState(flow)}
      onClick={() => onOpen(flow.path)}
    >
      <span className="run-main">
        <RunLight status={flow.status} liveness={flow.liveness} />
        <button type="button" className="link-button run-name" aria-current={selected ? "true" : undefined} title={flow.path}>
          {flow.name}
        </button>
        <span className="mono small muted">{flow.notebook}</span>
        <NotebookHint run={flow} />
      </span>
      <span className="run-meta">
        <RunTiming run={flow} now={now} />
        <CompareBox name={flow.name} checked={comparing} onToggle={() => onCompare(flow.path)} />
      </span>
    </li>
  );
}
