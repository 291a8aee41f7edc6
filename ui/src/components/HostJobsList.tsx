import type { HostView } from "../bindings/HostView";
import { HostJobRow } from "./HostJobRow";
import { Section } from "./Section";

/** The syncs on a host, newest first: started here, from another laptop, or by CI. */
export function HostJobsList({ host, now }: { host: HostView; now: Date }) {
  return (
    <Section id="host-jobs" title="Syncs" testId="host-jobs" aside={<span className="muted small">{host.jobs.length}</span>}>
      {host.jobs.length === 0 ? (
        <p className="muted">No sync on this host yet. Start one from a dataset&apos;s page with “Sync on a host now”.</p>
      ) : (
        <ul className="card host-job-list">
          {host.jobs.map((job) => (
            <HostJobRow key={job.id} host={host.name} job={job} now={now} />
          ))}
        </ul>
      )}
    </Section>
  );
}
