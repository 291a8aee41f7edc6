import { useState } from "react";
import type { HostView } from "../bindings/HostView";
import { clusterErrorHint } from "../cluster";
import { useCluster } from "../hooks/useCluster";
import { ClusterNodes } from "./ClusterNodes";
import { ErrorBanner } from "./ErrorBanner";
import { Section } from "./Section";
import { StageForm, type StagePrefill } from "./StageForm";
import { StageJobs } from "./StageJobs";
import { StageMatrix } from "./StageMatrix";

/** A Slurm login node's cluster: its nodes (live GPUs of those that are saved hosts, `hosts`), the datasets × nodes matrix, the staging jobs, and "Stage on cluster". */
export function ClusterSection({ host, hosts, onOpenHost }: { host: HostView; hosts: readonly HostView[]; onOpenHost: (name: string) => void }) {
  const { status, error, refreshing, refresh } = useCluster(host.name);
  const [prefill, setPrefill] = useState<{ key: number; value: StagePrefill | null }>({ key: 0, value: null });
  const lastTarget = status?.datasets.at(-1)?.target ?? "";

  return (
    <Section
      id="cluster"
      title="Slurm cluster"
      testId="cluster-section"
      aside={
        <button type="button" className="button-ghost" data-testid="cluster-refresh" disabled={refreshing} onClick={() => void refresh()}>
          {refreshing ? "Refreshing…" : "Refresh"}
        </button>
      }
    >
      {error ? <ErrorBanner message={error.message} detail={error.detail} hint={clusterErrorHint(error.code)} /> : null}
      {status === null ? (
        error ? null : (
          <p className="muted" aria-live="polite" data-testid="cluster-loading">
            Asking the login node…
          </p>
        )
      ) : (
        <>
          <h3>Nodes</h3>
          <ClusterNodes nodes={status.nodes} hosts={hosts} onOpenHost={onOpenHost} />
          <h3>Datasets on the nodes</h3>
          <StageMatrix status={status} onRestage={(storageName, target) => setPrefill((p) => ({ key: p.key + 1, value: { storageName, target } }))} />
          <h3>Staging jobs</h3>
          <StageJobs jobs={status.jobs} />
          <h3>Stage on cluster</h3>
          <StageForm
            key={prefill.key}
            host={host.name}
            suggestions={status.datasets.map((d) => d.storage_name)}
            prefill={prefill.value ?? (lastTarget ? { storageName: "", target: lastTarget } : null)}
            onStaged={() => void refresh()}
          />
        </>
      )}
    </Section>
  );
}
