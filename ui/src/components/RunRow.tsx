import type { DuctaflowRun } from "../bindings/DuctaflowRun";
import { runState } from "../runs";
import { CompareBox } from "./CompareBox";
import { FlowRow } from "./FlowRow";
import { NotebookHint } from "./NotebookHint";
import { RunLight } from "./RunLight";
import { RunTiming } from "./RunTiming";

interface Props {
  run: DuctaflowRun;
  now: Date;
  expanded: boolean;
  /** The path of the build or flow whose detail is open. */
  selected: string | null;
  /** Paths picked for the config diff. */
  compared: readonly string[];
  /** Opens a build (showing its flows too) or a flow. */
  onOpen: (path: string) => void;
  onToggle: (path: string) => void;
  onCompare: (path: string) => void;
}

/** One build: its light, name, notebook, start and duration; a click opens it and shows its flows. */
export function RunRow({ run, now, expanded, selected, compared, onOpen, onToggle, onCompare }: Props) {
  const open = selected === run.path;
  return (
    <li
      className="run-row"
      data-testid="run-row"
      data-name={run.name}
      data-status={run.status}
      data-state={runState(run)}
      onClick={(e) => {
        // A click on the row opens it; one on a flow opens that flow instead.
        if (!(e.target instanceof Element && e.target.closest(".flow-list"))) onOpen(run.path);
      }}
    >
      <div className={`run-line${open ? " selected" : ""}`}>
        <button
          type="button"
          className="button-ghost run-expand"
          data-testid="run-expand"
          aria-expanded={expanded}
          aria-label={`${expanded ? "Hide" : "Show"} the flows of ${run.name}`}
          disabled={run.flows.length === 0}
          onClick={(e) => {
            e.stopPropagation();
            onToggle(run.path);
          }}
        >
          {expanded ? "▾" : "▸"}
        </button>
        <span className="run-main">
          <RunLight status={run.status} liveness={run.liveness} />
          <button type="button" className="link-button run-name strong" aria-current={open ? "true" : undefined} title={run.path}>
            {run.name}
          </button>
          <span className="mono small muted">{run.notebook}</span>
          {run.flows.length > 0 ? <span className="small muted nowrap">{run.flows.length === 1 ? "1 flow" : `${run.flows.length} flows`}</span> : null}
          <NotebookHint run={run} />
        </span>
        <span className="run-meta">
          <RunTiming run={run} now={now} />
          <CompareBox name={run.name} checked={compared.includes(run.path)} onToggle={() => onCompare(run.path)} />
        </span>
      </div>
      {expanded && run.flows.length > 0 ? (
        <ul className="flow-list" aria-label={`Flows of ${run.name}`}>
          {run.flows.map((flow) => (
            <FlowRow key={flow.path} flow={flow} now={now} selected={selected === flow.path} comparing={compared.includes(flow.path)} onOpen={onOpen} onCompare={onCompare} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
