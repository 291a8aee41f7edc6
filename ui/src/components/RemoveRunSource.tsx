import { useState } from "react";
import type { RunSource } from "../bindings/RunSource";
import { useBackend } from "../backend";
import { useAction } from "../hooks/useAction";
import { sourceLabel } from "../runSource";

interface Props {
  source: RunSource;
  onRemoved: (sources: RunSource[]) => void;
}

/** Forgets a run folder after a second click; nothing in the folder is touched. */
export function RemoveRunSource({ source, onRemoved }: Props) {
  const backend = useBackend();
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();

  async function remove() {
    const sources = await run(() => backend.removeRunSource(source));
    if (sources !== undefined) onRemoved(sources);
  }

  return (
    <div className="run-source-remove">
      {confirming ? (
        <div className="actions" role="group" aria-label="Confirm removal">
          <span className="small">Forget {sourceLabel(source)}? Nothing in the folder is deleted.</span>
          <button type="button" className="danger" data-testid="run-source-remove-confirm" disabled={busy} onClick={() => void remove()}>
            Forget
          </button>
          <button type="button" className="button-ghost" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      ) : (
        <button type="button" className="button-ghost" data-testid="run-source-remove" onClick={() => setConfirming(true)}>
          Forget this folder
        </button>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
