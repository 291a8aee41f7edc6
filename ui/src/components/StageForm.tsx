import { useState, type FormEvent } from "react";
import { useBackend } from "../backend";
import { stageSpec } from "../cluster";
import { useAction } from "../hooks/useAction";

export interface StagePrefill {
  storageName: string;
  target: string;
}

interface Props {
  host: string;
  /** Storage names to suggest (the datasets staged before). */
  suggestions: string[];
  /** Where the last stage went, offered as the target. */
  prefill: StagePrefill | null;
  onStaged: () => void;
}

/**
 * "Stage on cluster": one dataset of the shared storage onto nodes (or a partition) at a
 * target folder. The values are checked by Rust when submitted; its message is shown here.
 */
export function StageForm({ host, suggestions, prefill, onStaged }: Props) {
  const backend = useBackend();
  const [storageName, setStorageName] = useState(prefill?.storageName ?? "");
  const [mode, setMode] = useState<"nodes" | "partition">("nodes");
  const [nodes, setNodes] = useState("");
  const [partition, setPartition] = useState("");
  const [count, setCount] = useState("");
  const [target, setTarget] = useState(prefill?.target ?? "");
  const [submitted, setSubmitted] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(null);
    const outcome = await run(() => backend.stageOnCluster(host, storageName.trim(), stageSpec(mode, nodes, partition, count, target)));
    if (outcome === undefined) return;
    setSubmitted(`Submitted staging job ${outcome.job_id} for ${outcome.storage_name}.`);
    onStaged();
  }

  return (
    <form className="host-form card host-panel" data-testid="stage-form" aria-label="Stage on cluster" onSubmit={(e) => void submit(e)}>
      <div className="host-field">
        <label htmlFor="stage-dataset" className="strong">
          Dataset (storage name on the shared storage)
        </label>
        <input id="stage-dataset" data-testid="stage-dataset" className="input mono" list="stage-dataset-suggestions" placeholder="acme__speech__rev_main" spellCheck={false} value={storageName} onChange={(e) => setStorageName(e.target.value)} />
        <datalist id="stage-dataset-suggestions">
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </div>
      <fieldset className="host-field">
        <legend className="strong">Where</legend>
        <label>
          <input type="radio" name="stage-mode" data-testid="stage-mode-nodes" checked={mode === "nodes"} onChange={() => setMode("nodes")} /> Nodes
        </label>{" "}
        <label>
          <input type="radio" name="stage-mode" data-testid="stage-mode-partition" checked={mode === "partition"} onChange={() => setMode("partition")} /> A partition
        </label>
        {mode === "nodes" ? (
          <input aria-label="Nodes" data-testid="stage-nodes" className="input mono" placeholder="n1,n2 or gpu[01-08]" spellCheck={false} value={nodes} onChange={(e) => setNodes(e.target.value)} />
        ) : (
          <div className="actions">
            <input aria-label="Partition" data-testid="stage-partition" className="input mono" placeholder="gpu" spellCheck={false} value={partition} onChange={(e) => setPartition(e.target.value)} />
            <input aria-label="How many nodes" data-testid="stage-count" className="input" type="number" min={1} placeholder="nodes" value={count} onChange={(e) => setCount(e.target.value)} />
          </div>
        )}
      </fieldset>
      <div className="host-field">
        <label htmlFor="stage-target" className="strong">
          Target folder on each node
        </label>
        <input id="stage-target" data-testid="stage-target" className="input mono" placeholder="/local/nvme/datasets" spellCheck={false} value={target} onChange={(e) => setTarget(e.target.value)} />
        <p className="muted small">Each node gets target/storage_name, verified file by file; files already there and verified are kept.</p>
      </div>
      {error ? (
        <p className="field-error" role="alert" data-testid="stage-error">
          {error.message}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" data-testid="stage-submit" disabled={busy || storageName.trim() === ""}>
          {busy ? "Submitting…" : "Stage on cluster"}
        </button>
        {submitted && !busy && error === null ? (
          <span className="muted small" role="status" data-testid="stage-submitted">
            {submitted}
          </span>
        ) : null}
      </div>
    </form>
  );
}
