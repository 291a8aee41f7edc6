import type { HostView } from "../bindings/HostView";
import { useBackend } from "../backend";
import { useAction } from "../hooks/useAction";

/** The hugflow binary on the host: what it is, and installing it when the user agrees. */
export function AgentPanel({ host }: { host: HostView }) {
  const backend = useBackend();
  const { busy, error, run } = useAction();
  const { agent, name } = host;
  const install = () => void run(() => backend.installAgent(name));
  const consent = (
    <p className="small" data-testid="agent-consent">
      Installing copies this app&apos;s <span className="mono">hugflow</span> binary over SSH to <span className="mono">~/.local/bin/hugflow</span> on{" "}
      {name}, as your SSH user. Nothing else changes and no root access is needed; delete that file to uninstall.
    </p>
  );

  return (
    <section className="section" aria-labelledby="agent-title" data-testid="agent-panel" data-state={busy ? "installing" : agent.state}>
      <div className="section-head">
        <h2 id="agent-title">hugflow on the host</h2>
      </div>
      <div className="card host-panel">
        {busy || agent.state === "installing" ? (
          <p data-testid="agent-state">
            <span className="spinner" aria-hidden="true" />
            Installing hugflow on {name}…
          </p>
        ) : agent.state === "unknown" ? (
          <p className="muted" data-testid="agent-state">
            Not known yet: Hugflow looks once the host is connected.
          </p>
        ) : agent.state === "missing" ? (
          <>
            <p data-testid="agent-state">
              hugflow is not installed on {name}. The GPUs, disk and load still show (read with nvidia-smi and df), but the host&apos;s datasets
              and syncs need it.
            </p>
            {consent}
            <div className="actions">
              <button type="button" className="primary" data-testid="agent-install" onClick={install}>
                Install hugflow on this host
              </button>
            </div>
          </>
        ) : agent.state === "installed" ? (
          <>
            <p data-testid="agent-state">
              hugflow <span className="mono">{agent.info.version}</span> at <span className="mono">{agent.info.path}</span>
            </p>
            {agent.current ? null : (
              <>
                <p className="small banner-warn-text" data-testid="agent-not-current">
                  This is not the version of this app: some features may not work until it is updated.
                </p>
                {consent}
                <div className="actions">
                  <button type="button" data-testid="agent-install" onClick={install}>
                    Update hugflow on this host
                  </button>
                </div>
              </>
            )}
          </>
        ) : (
          <>
            <p className="field-error" data-testid="agent-state">
              Installing failed: {agent.message}
            </p>
            {consent}
            <div className="actions">
              <button type="button" data-testid="agent-install" onClick={install}>
                Try again
              </button>
            </div>
          </>
        )}
        {error && agent.state !== "failed" ? (
          <p className="field-error" role="alert" data-testid="agent-error">
            {error.message}
          </p>
        ) : null}
      </div>
    </section>
  );
}
