import { useRef, useState, type FormEvent } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { SecretStatus } from "../bindings/SecretStatus";
import { asApiError, useBackend } from "../backend";
import { secretStatusText, sentence } from "../format";

interface Props {
  status: SecretStatus;
  onChange: (status: SecretStatus) => void;
}

const PLACEHOLDERS: Record<SecretStatus["id"], string> = {
  hf_token: "hf_…",
  github_token: "ghp_… or github_pat_…",
  slack_webhook: "https://hooks.slack.com/services/…",
};

/**
 * One secret. The input is uncontrolled on purpose: the value lives only in the DOM field until
 * it is sent, and is wiped after a successful save; React state only knows whether it is empty.
 */
export function SecretRow({ status, onChange }: Props) {
  const backend = useBackend();
  const input = useRef<HTMLInputElement>(null);
  const [hasValue, setHasValue] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const { id } = status;
  const fromKeyring = status.source === "keyring";
  // The keyring holds one even when it is not used (saved for another origin).
  const inKeyring = fromKeyring || status.other_origin !== null;
  const inputId = `secret-input-${id}`;
  const errorId = `secret-error-${id}`;

  async function save(event: FormEvent) {
    event.preventDefault();
    const field = input.current;
    if (field === null || field.value === "" || busy) return;
    setBusy(true);
    setError(null);
    try {
      const next = await backend.setSecret(id, field.value);
      field.value = "";
      setHasValue(false);
      onChange(next);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  async function clear() {
    setBusy(true);
    setError(null);
    try {
      onChange(await backend.clearSecret(id));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="secret-row" data-testid={`secret-${id}`} onSubmit={(e) => void save(e)}>
      <div className="secret-label">
        <label htmlFor={inputId} className="strong">
          {status.label}
        </label>
        <span className={statusClass(status)} data-testid={`secret-status-${id}`}>
          {secretStatusText(status)}
        </span>
      </div>
      {status.keyring ? (
        <p className="secret-keyring" role="status" data-testid={`secret-keyring-${id}`}>
          {sentence(status.keyring.explanation)}
        </p>
      ) : null}
      {status.other_origin ? (
        <p className="secret-keyring" role="status" data-testid={`secret-origin-${id}`}>
          {sentence(status.other_origin.explanation)}
        </p>
      ) : status.saved_for && fromKeyring ? (
        <p className="secret-keyring" data-testid={`secret-origin-${id}`}>
          Sent only to {status.saved_for}.
        </p>
      ) : null}
      <input
        ref={input}
        id={inputId}
        data-testid={inputId}
        className="input mono"
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder={PLACEHOLDERS[id]}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => setHasValue(e.target.value !== "")}
      />
      <div className="actions">
        <button type="submit" className="primary" data-testid={`secret-save-${id}`} disabled={busy || !hasValue}>
          {inKeyring ? "Replace" : "Save"}
        </button>
        {inKeyring ? (
          <button type="button" data-testid={`secret-clear-${id}`} disabled={busy} onClick={() => void clear()}>
            Clear
          </button>
        ) : null}
      </div>
      {error ? (
        <p className="secret-error" id={errorId} role="alert" data-testid={errorId}>
          {error.message}
        </p>
      ) : null}
    </form>
  );
}

function statusClass(status: SecretStatus): string {
  if (status.set) return "secret-status is-set";
  return status.keyring || status.other_origin ? "secret-status is-problem" : "secret-status";
}
