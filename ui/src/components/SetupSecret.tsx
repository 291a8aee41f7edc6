import { useEffect, useState } from "react";
import type { SecretId } from "../bindings/SecretId";
import type { SecretStatus } from "../bindings/SecretStatus";
import { asApiError, useBackend } from "../backend";
import { SecretRow } from "./SecretRow";

interface Props {
  id: SecretId;
  /** After a save or clear, with the new status. */
  onChange?: (status: SecretStatus) => void;
}

/** One token's row of Settings → Tokens, inside a setup step: the same status, save and clear. */
export function SetupSecret({ id, onChange }: Props) {
  const backend = useBackend();
  const [status, setStatus] = useState<SecretStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    backend.secretStatuses().then(
      (all) => {
        if (!cancelled) setStatus(all.find((s) => s.id === id) ?? null);
      },
      (e: unknown) => {
        if (!cancelled) setError(asApiError(e).message);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, id]);

  if (error !== null) {
    return (
      <p className="secret-error" role="alert">
        {error}
      </p>
    );
  }
  if (status === null) return <p className="muted">Loading…</p>;
  return (
    <div className="card secret-list">
      <SecretRow
        status={status}
        onChange={(next) => {
          setStatus(next);
          onChange?.(next);
        }}
      />
    </div>
  );
}
