import { useState } from "react";
import { useAction } from "../hooks/useAction";

interface Props {
  /** The first button: `Remove host`, `Forget this folder`. */
  label: string;
  /** What the second click agrees to, said in full: what goes, and what is left alone. */
  question: string;
  /** The second button: `Remove`, `Forget`. */
  confirmLabel: string;
  /** The first button's test id; the second one's is `<testId>-confirm`. */
  testId: string;
  /** Does the removing (and whatever follows it); a rejection is shown under the buttons. */
  onConfirm: () => Promise<unknown>;
  /** The wrapper's class, for where it sits on its page. */
  className?: string;
  /** A borderless first button, for one that sits among other controls. */
  quiet?: boolean;
}

/**
 * Removes something only after a second click; the first one asks. Removing only ever forgets
 * (a host, a run folder), so "Keep" is the way back.
 */
export function ConfirmRemove({ label, question, confirmLabel, testId, onConfirm, className, quiet = false }: Props) {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();

  return (
    <div className={className}>
      {confirming ? (
        <div className="actions" role="group" aria-label="Confirm removal">
          <span className="small">{question}</span>
          <button type="button" className="danger" data-testid={`${testId}-confirm`} disabled={busy} onClick={() => void run(onConfirm)}>
            {confirmLabel}
          </button>
          <button type="button" className="button-ghost" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      ) : (
        <button type="button" className={quiet ? "button-ghost" : undefined} data-testid={testId} onClick={() => setConfirming(true)}>
          {label}
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
