import { useState, type FormEvent } from "react";
import type { ApiError } from "../bindings/ApiError";
import { asApiError, useBackend } from "../backend";

interface Props {
  busy: boolean;
  onOpen: (path: string) => void;
  onError: (error: ApiError) => void;
}

export function CheckoutPicker({ busy, onOpen, onError }: Props) {
  const backend = useBackend();
  const [path, setPath] = useState("");
  const [browsing, setBrowsing] = useState(false);
  const trimmed = path.trim();

  async function browse() {
    setBrowsing(true);
    try {
      const picked = await backend.pickFolder();
      if (picked !== null) setPath(picked);
    } catch (e) {
      onError(asApiError(e));
    } finally {
      setBrowsing(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (trimmed !== "" && !busy) onOpen(trimmed);
  }

  return (
    <section className="card picker" aria-labelledby="picker-title">
      <h2 id="picker-title">Open a checkout</h2>
      <p className="muted">
        Pick the folder of your Hugflow GitOps checkout (the one with <code>.hugflow-state/</code>). On the
        HGX it is where <code>hugflow sync</code> runs; here, any clone with state.
      </p>
      <form className="picker-form" onSubmit={submit}>
        <label htmlFor="checkout-path" className="field-label">
          Checkout folder
        </label>
        <div className="input-row">
          <input
            id="checkout-path"
            data-testid="checkout-path"
            className="input mono"
            type="text"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/home/you/hugflow-gitops"
            autoComplete="off"
            spellCheck={false}
          />
          <button type="button" data-testid="checkout-browse" onClick={() => void browse()} disabled={browsing}>
            Browse…
          </button>
          <button type="submit" className="primary" data-testid="checkout-open" disabled={busy || trimmed === ""}>
            {busy ? "Opening…" : "Open"}
          </button>
        </div>
      </form>
    </section>
  );
}
