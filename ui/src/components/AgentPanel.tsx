import type { HostView } from "../bindings/HostView";
import { useBackend } from "../backend";
import { useAction } from "../hooks/useAction";
import { Section } from "./Section";

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
    <Section id="agent" title="hugflow on the host" testId="agent-panel" state={busy ? "installing" : agent.state}>
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
              hugflow <span className="mono">{agent.info.version}</span> on the host · this app{" "}
              <span className="mono">{agent.version.app}</span>
            </p>
            <p className="small muted" data-testid="agent-path">
              at <span className="mono">{agent.info.path}</span>
            </p>
            {agent.version.relation === "older" ? (
              <>
                <p className="small banner-warn-text" data-testid="agent-version-note">
                  The host&apos;s hugflow is older than this app: some features may not work until it is upgraded.
                </p>
                {consent}
                <div className="actions">
                  <button type="button" className="primary" data-testid="agent-install" onClick={install}>
                    Upgrade hugflow on this host
                  </button>
                </div>
              </>
            ) : agent.version.relation === "newer" ? (
              // Installing would downgrade the host, which other laptops or CI may rely on.
              <p className="small banner-warn-text" data-testid="agent-version-note">
                The host&apos;s hugflow is newer than this app: upgrade Hugflow Desktop to use everything it offers.
              </p>
            ) : agent.version.relation === "unknown" ? (
              <>
                <p className="small banner-warn-text" data-testid="agent-version-note">
                  These versions cannot be compared (a pre-release or a build that prints something else), so which is newer is not known.
                  Reinstalling puts this app&apos;s hugflow on the host.
                </p>
                {consent}
                <div className="actions">
                  <button type="button" data-testid="agent-install" onClick={install}>
                    Reinstall hugflow on this host
                  </button>
                </div>
              </>
            ) : null}
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
    </Section>
  );
}
