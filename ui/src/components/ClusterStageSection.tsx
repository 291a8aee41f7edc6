import { useState } from "react";
import type { HostDataset } from "../bindings/HostDataset";
import { useHosts } from "../hooks/useHosts";
import { Section } from "./Section";
import { StageForm } from "./StageForm";

interface Props {
  heldBy: HostDataset[];
  onOpenHost: (name: string) => void;
}

/**
 * "Stage on cluster" on a dataset's page: each download of it held by a Slurm login node's
 * shared storage can be copied to the cluster's nodes. Shown only when one is.
 */
export function ClusterStageSection({ heldBy, onOpenHost }: Props) {
  const { hosts } = useHosts();
  const [open, setOpen] = useState<string | null>(null);
  const clusters = new Set((hosts ?? []).filter((h) => h.cluster).map((h) => h.name));
  const held = heldBy.filter((d) => clusters.has(d.host));
  if (held.length === 0) return null;
  return (
    <Section id="cluster-stage" title="Stage on cluster" testId="cluster-stage">
      <ul className="card host-job-list">
        {held.map((d) => {
          const key = `${d.host}/${d.storage_name}`;
          return (
            <li key={key} className="host-job" data-testid="cluster-stage-row" data-host={d.host} data-dataset={d.storage_name}>
              <div>
                <span className="mono">{d.storage_name}</span> on the shared storage of <span className="mono">{d.host}</span>{" "}
                <button type="button" data-testid="cluster-stage-open" onClick={() => setOpen(open === key ? null : key)}>
                  Stage on cluster
                </button>{" "}
                <button type="button" className="button-ghost" data-testid="cluster-stage-host" onClick={() => onOpenHost(d.host)}>
                  Open the cluster
                </button>
              </div>
              {open === key ? <StageForm host={d.host} suggestions={[d.storage_name]} prefill={{ storageName: d.storage_name, target: "" }} onStaged={() => {}} /> : null}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
