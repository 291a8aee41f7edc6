import { useEffect, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { SecretStatus } from "../bindings/SecretStatus";
import { asApiError, useBackend } from "../backend";
import { ErrorBanner } from "./ErrorBanner";
import { SecretRow } from "./SecretRow";
import { Section } from "./Section";

export function TokensSection() {
  const backend = useBackend();
  const [secrets, setSecrets] = useState<SecretStatus[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let cancelled = false;
    backend.secretStatuses().then(
      (list) => {
        if (!cancelled) setSecrets(list);
      },
      (e: unknown) => {
        if (!cancelled) setError(asApiError(e));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend]);

  function replace(next: SecretStatus) {
    setSecrets((list) => list?.map((s) => (s.id === next.id ? next : s)) ?? null);
  }

  return (
    <Section id="tokens" title="Tokens">
      {error ? <ErrorBanner message={error.message} detail={error.detail} /> : null}
      {secrets === null && error === null ? <p className="muted">Loading…</p> : null}
      {secrets !== null ? (
        <div className="card secret-list">
          {secrets.map((s) => (
            <SecretRow key={s.id} status={s} onChange={replace} />
          ))}
        </div>
      ) : null}
      <p className="muted small section-note">
        Tokens are stored in your OS keyring, never in Hugflow's database or logs. Environment variables (
        <code>HF_TOKEN</code>, <code>GITHUB_TOKEN</code>/<code>GH_TOKEN</code>, <code>SLACK_WEBHOOK_URL</code>) and{" "}
        <code>gh auth token</code> are used when the keyring has none.
      </p>
    </Section>
  );
}
