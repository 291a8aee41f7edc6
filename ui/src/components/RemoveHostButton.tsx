import { useState } from "react";
import { useBackend } from "../backend";
import { useAction } from "../hooks/useAction";

interface Props {
  name: string;
  onRemoved: () => void;
}

/** Stops watching a host and forgets it, after a second click. */
export function RemoveHostButton({ name, onRemoved }: Props) {
  const backend = useBackend();
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();

  async function remove() {
    const done = await run(async () => {
      await backend.removeHost(name);
      return true;
    });
    if (done) onRemoved();
  }

  return (
    <div className="host-remove">
      {confirming ? (
        <div className="actions" role="group" aria-label="Confirm removal">
          <span className="small">Stop watching {name} and forget it? Nothing on the host is deleted.</span>
          <button type="button" className="danger" data-testid="host-remove-confirm" disabled={busy} onClick={() => void remove()}>
            Remove
          </button>
          <button type="button" className="button-ghost" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      ) : (
        <button type="button" data-testid="host-remove" onClick={() => setConfirming(true)}>
          Remove host
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
