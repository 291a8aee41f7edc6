import type { HostView } from "../bindings/HostView";
import { useBackend } from "../backend";
import { useAction } from "../hooks/useAction";
import { connectionTone } from "../hosts";

/** What to do about a connection that is not up: check and trust a new key, or retry. */
export function HostConnectionPanel({ host }: { host: HostView }) {
  const backend = useBackend();
  const { busy, error, run } = useAction();
  const c = host.connection;
  if (c.state === "connected" || c.state === "connecting") return null;
  const errorLine = error ? (
    <p className="field-error" role="alert" data-testid="host-action-error">
      {error.message}
    </p>
  ) : null;

  if (c.state === "host_key_unknown" && c.key !== null) {
    const { key_type, fingerprint } = c.key;
    return (
      <div className="host-alert tone-warn" data-testid="host-connection">
        <p>
          {host.name} presents a host key Hugflow has not seen before. Trust it only if it is really this server&apos;s: ask its
          admin to run <code>ssh-keygen -lf /etc/ssh/ssh_host_{key_type.toLowerCase()}_key.pub</code> on it and check that the
          fingerprint is the same.
        </p>
        <p className="host-key">
          <span className="badge" data-testid="host-key-type">
            {key_type}
          </span>
          <code data-testid="host-fingerprint">{fingerprint}</code>
        </p>
        <div className="actions">
          <button type="button" className="primary" data-testid="trust-key-button" disabled={busy} onClick={() => void run(() => backend.trustHostKey(host.name, fingerprint))}>
            Trust this key
          </button>
        </div>
        {errorLine}
      </div>
    );
  }

  const detail = c.state === "host_key_unknown" ? "The host's key could not be read yet." : c.detail;
  const hint =
    c.state === "auth_failed"
      ? `Check that your SSH key is loaded (ssh-add -l) and that "ssh ${host.name}" works in a terminal.`
      : c.state === "host_key_changed"
        ? "The server's identity changed since it was trusted. A reinstall does that, but so does someone intercepting the connection: ask the admin before removing the old key (ssh-keygen -R) from ~/.ssh/known_hosts."
        : null;
  return (
    <div className={`host-alert tone-${connectionTone(c)}`} data-testid="host-connection">
      <p className="mono small host-detail" data-testid="host-connection-detail">
        {detail}
      </p>
      {hint ? <p className="small">{hint}</p> : null}
      <div className="actions">
        <button type="button" data-testid="host-retry" disabled={busy} onClick={() => void run(() => backend.retryHost(host.name))}>
          {c.state === "lost" ? "Retry now" : "Retry"}
        </button>
      </div>
      {errorLine}
    </div>
  );
}
