import type { HostView } from "../bindings/HostView";
import { connectionLabel, connectionTone, updatedText } from "../hosts";

interface Props {
  host: HostView;
  now: Date;
  /** On the Hosts page the name opens the host's page. */
  onOpen?: () => void;
  /** 1 on the host's own page. */
  level?: 1 | 2;
}

/** Name, connection state, how old the numbers are and whether they went stale. */
export function HostHeader({ host, now, onOpen, level = 2 }: Props) {
  const Heading = level === 1 ? "h1" : "h2";
  return (
    <div className="host-header">
      <Heading className="host-name mono">
        {onOpen ? (
          <button type="button" className="link-button" data-testid="host-open" onClick={onOpen}>
            {host.name}
          </button>
        ) : (
          host.name
        )}
      </Heading>
      <span className={`host-state tone-${connectionTone(host.connection)}`} data-testid="host-state" data-state={host.connection.state}>
        {connectionLabel(host.connection, now)}
      </span>
      <span className="spacer" />
      <span className="muted small nowrap" data-testid="host-updated">
        {updatedText(host.updated_at, now)}
      </span>
      {host.stale ? (
        <span className="badge badge-warn" data-testid="host-stale" title="Nothing new for three report intervals: the numbers shown are old.">
          stale
        </span>
      ) : null}
    </div>
  );
}
