import type { HostView } from "../bindings/HostView";
import { runningSyncs } from "../hosts";
import { GpuGrid } from "./GpuGrid";
import { HostConnectionPanel } from "./HostConnectionPanel";
import { HostHeader } from "./HostHeader";
import { HostResources } from "./HostResources";

interface Props {
  host: HostView;
  now: Date;
  onOpen?: () => void;
  level?: 1 | 2;
}

/** A host's live state: the body of its card on the Hosts page and the top of its own page. */
export function HostSummary({ host, now, onOpen, level }: Props) {
  const syncs = runningSyncs(host);
  const { snapshot } = host;
  return (
    <div className={`host-summary${host.stale ? " is-stale" : ""}`}>
      <HostHeader host={host} now={now} onOpen={onOpen} level={level} />
      <HostConnectionPanel host={host} />
      {snapshot ? (
        <>
          <GpuGrid snapshot={snapshot} />
          <HostResources snapshot={snapshot} />
        </>
      ) : (
        <p className="muted" data-testid="host-no-data">
          {host.connection.state === "connecting" ? "Waiting for the first report…" : "No numbers yet: the host has not reported."}
        </p>
      )}
      <p className="muted small" data-testid="host-syncs">
        {syncs === 0 ? "No sync running" : syncs === 1 ? "1 sync running" : `${syncs} syncs running`}
      </p>
    </div>
  );
}
