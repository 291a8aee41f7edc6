import { useBackend } from "../backend";
import { AgentPanel } from "../components/AgentPanel";
import { ClusterSection } from "../components/ClusterSection";
import { ConfirmRemove } from "../components/ConfirmRemove";
import { ErrorBanner } from "../components/ErrorBanner";
import { GpuProcessTable } from "../components/GpuProcessTable";
import { HostCharts } from "../components/HostCharts";
import { HostForm } from "../components/HostForm";
import { HostJobsList } from "../components/HostJobsList";
import { HostSummary } from "../components/HostSummary";
import { Section } from "../components/Section";
import { useHosts } from "../hooks/useHosts";
import { useNow } from "../hooks/useNow";

interface Props {
  name: string;
  onBack: () => void;
  /** Another host's page: a cluster node that is a saved host links to it. */
  onOpenHost: (name: string) => void;
}

/** One host: live numbers, the last hour, its processes, hugflow on it, its syncs and settings. */
export function HostPage({ name, onBack, onOpenHost }: Props) {
  const backend = useBackend();
  const now = useNow(1_000);
  const { hosts, error } = useHosts();
  const host = hosts?.find((h) => h.name === name) ?? null;

  return (
    <div className="page page-host" data-testid="host-page" data-host={name}>
      <div className="page-toolbar">
        <button type="button" className="button-ghost" data-testid="host-back" onClick={onBack}>
          ← Hosts
        </button>
      </div>
      {error ? <ErrorBanner message={error.message} detail={error.detail} /> : null}
      {hosts === null ? (
        <p className="muted" aria-live="polite">
          Loading…
        </p>
      ) : host === null ? (
        <section className="card empty-state" data-testid="host-gone">
          <p>{name} is not among the hosts any more.</p>
        </section>
      ) : (
        <>
          <section className="card host-card" data-testid="host-live">
            <HostSummary host={host} now={now} level={1} />
          </section>
          <HostCharts name={name} snapshot={host.snapshot} />
          <GpuProcessTable gpus={host.snapshot?.gpus ?? []} />
          <AgentPanel host={host} />
          {host.cluster ? <ClusterSection host={host} hosts={hosts} onOpenHost={onOpenHost} /> : null}
          <HostJobsList host={host} now={now} />
          <Section id="host-settings" title="Settings">
            <div className="card host-panel">
              <HostForm prefix="host-settings" host={host} />
              <ConfirmRemove
                className="host-remove"
                testId="host-remove"
                label="Remove host"
                question={`Stop watching ${name} and forget it? Nothing on the host is deleted.`}
                confirmLabel="Remove"
                onConfirm={async () => {
                  await backend.removeHost(name);
                  onBack();
                }}
              />
            </div>
          </Section>
        </>
      )}
    </div>
  );
}
