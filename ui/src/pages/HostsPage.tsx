import { ErrorBanner } from "../components/ErrorBanner";
import { HostCard } from "../components/HostCard";
import { HostForm } from "../components/HostForm";
import { Section } from "../components/Section";
import { useHosts } from "../hooks/useHosts";
import { useNow } from "../hooks/useNow";

interface Props {
  onOpenHost: (name: string) => void;
}

/** Every GPU server watched over SSH, side by side, live; and the form to add one more. */
export function HostsPage({ onOpenHost }: Props) {
  const now = useNow(1_000);
  const { hosts, error, reload } = useHosts();
  const empty = hosts !== null && hosts.length === 0;

  return (
    <div className="page page-hosts" data-testid="hosts-page">
      <header className="page-header hosts-header">
        <h1>Hosts</h1>
        {hosts !== null && !empty ? <span className="muted small">{hosts.length === 1 ? "1 host" : `${hosts.length} hosts`}, watched over SSH</span> : null}
      </header>
      {error ? <ErrorBanner message={error.message} detail={error.detail} /> : null}
      {hosts === null && error === null ? (
        <p className="muted" aria-live="polite">
          Loading…
        </p>
      ) : null}
      {empty ? (
        <section className="card empty-state hosts-empty" data-testid="hosts-empty">
          <p className="strong">No host yet.</p>
          <p>
            A host is a GPU server you reach with ssh, such as an HGX. Hugflow watches it live over SSH — GPU use, memory, temperature,
            power, processes and the dataset disk — and can start dataset syncs on it. Add the first one below.
          </p>
        </section>
      ) : null}
      {hosts !== null && !empty ? (
        <ul className="hosts-grid" data-testid="hosts-grid">
          {hosts.map((host) => (
            <HostCard key={host.name} host={host} now={now} onOpen={onOpenHost} />
          ))}
        </ul>
      ) : null}
      {hosts !== null ? (
        <Section id="add-host" title="Add a host">
          <div className="card host-panel">
            <HostForm prefix="add-host" onSaved={() => void reload()} />
          </div>
        </Section>
      ) : null}
    </div>
  );
}
