import type { ClusterNode } from "../bindings/ClusterNode";
import type { HostView } from "../bindings/HostView";
import { nodeHost } from "../cluster";
import { gpuSummary } from "../hosts";

interface Props {
  nodes: ClusterNode[];
  /** The saved hosts: a node that is one of them shows its live GPUs and links to its page. */
  hosts: readonly HostView[];
  onOpenHost: (name: string) => void;
}

/** The GPUs of a node that is a saved host: its monitor's figures, or Slurm's count and why nothing is live. */
function LiveGpus({ node, host }: { node: ClusterNode; host: HostView }) {
  const summary = host.snapshot ? gpuSummary(host.snapshot) : null;
  if (summary === null) {
    const why = host.snapshot === null ? `${host.name} has not reported` : `${host.name}'s GPUs cannot be read`;
    return (
      <td className="num" data-testid="cluster-node-gpus" data-live="false" title={`${node.gres} in Slurm; ${why}`}>
        {node.gpus}
        <span className="muted small"> · {why}</span>
      </td>
    );
  }
  return (
    <td className="num nowrap" data-testid="cluster-node-gpus" data-live="true" title={`Live from ${host.name}'s monitor; ${node.gres} in Slurm`}>
      {summary}
      {host.stale ? (
        <>
          {" "}
          <span className="badge badge-warn" data-testid="cluster-node-stale" title="Nothing new for three report intervals: the numbers shown are old.">
            stale
          </span>
        </>
      ) : null}
    </td>
  );
}

/**
 * The cluster's nodes as Slurm reports them: state, GPUs, CPUs, partitions. A node that is
 * also a saved host (`nodeHost`) shows that host's live GPUs and opens its page; any other
 * shows the count of its gres.
 */
export function ClusterNodes({ nodes, hosts, onOpenHost }: Props) {
  if (nodes.length === 0) {
    return <p className="muted" data-testid="cluster-no-nodes">Slurm lists no node. Check `sinfo` on the login node: are the slurmd daemons registered?</p>;
  }
  return (
    <div className="card table-wrap">
      <table className="table" aria-label="Nodes">
        <thead>
          <tr>
            <th>Node</th>
            <th>State</th>
            <th className="num">GPUs</th>
            <th className="num">CPUs</th>
            <th>Partitions</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((node) => {
            const host = nodeHost(node.name, hosts);
            return (
              <tr key={node.name} data-testid="cluster-node" data-node={node.name} data-state={node.state} data-host={host?.name}>
                <td className="mono">
                  {host ? (
                    <button type="button" className="link-button" data-testid="cluster-node-open" title={`Open ${host.name}`} onClick={() => onOpenHost(host.name)}>
                      {node.name}
                    </button>
                  ) : (
                    node.name
                  )}
                </td>
                <td title={node.reason ?? undefined}>
                  {node.state}
                  {node.reason ? <span className="muted small"> ({node.reason})</span> : null}
                </td>
                {host ? (
                  <LiveGpus node={node} host={host} />
                ) : (
                  <td className="num" data-testid="cluster-node-gpus" data-live="false" title={`${node.gres}: not one of your hosts, so nothing is live. Add it on the Hosts page to see its GPUs.`}>
                    {node.gpus}
                    <span className="muted small"> · gres, not live</span>
                  </td>
                )}
                <td className="num">{node.cpus}</td>
                <td className="mono">{node.partitions.join(", ")}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
