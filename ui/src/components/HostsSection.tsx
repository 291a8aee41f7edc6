import type { HostDataset } from "../bindings/HostDataset";
import { formatBytes, formatCount, formatSubsetSplit } from "../format";
import { RelativeTime } from "./RelativeTime";
import { Section } from "./Section";

interface Props {
  heldBy: readonly HostDataset[];
  now: Date;
}

/** Which hosts already hold a download of the dataset: "on local: /path, 61.0 GB, added 3 days ago". */
export function HostsSection({ heldBy, now }: Props) {
  return (
    <Section id="hosts" title="On hosts" testId="dataset-hosts">
      {heldBy.length === 0 ? (
        <p className="muted">Not on any host yet.</p>
      ) : (
        <ul className="card host-list">
          {heldBy.map((h) => (
            <li key={`${h.host}/${h.storage_name}`} className="host-line" data-testid="dataset-host">
              <span>
                on <span className="strong">{h.host}</span>:{" "}
                <span className="mono" title={h.path ?? h.storage_name}>
                  {h.path ?? h.storage_name}
                </span>
                {h.size_bytes !== null ? `, ${formatBytes(h.size_bytes)}` : ""}, added <RelativeTime value={h.added_at} now={now} />
              </span>
              <span className="muted small">
                {formatSubsetSplit(h.subset, h.split)} @ <span className="mono">{h.revision}</span>
                {h.file_count !== null ? `, ${formatCount(h.file_count)} files` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
