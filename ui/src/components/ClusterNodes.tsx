import type { ClusterNode } from "../bindings/ClusterNode";

/** The cluster's nodes as Slurm reports them: state, GPUs (from gres), CPUs, partitions. */
export function ClusterNodes({ nodes }: { nodes: ClusterNode[] }) {
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
          {nodes.map((node) => (
            <tr key={node.name} data-testid="cluster-node" data-node={node.name} data-state={node.state}>
              <td className="mono">{node.name}</td>
              <td title={node.reason ?? undefined}>
                {node.state}
                {node.reason ? <span className="muted small"> ({node.reason})</span> : null}
              </td>
              <td className="num" title={node.gres}>
                {node.gpus}
              </td>
              <td className="num">{node.cpus}</td>
              <td className="mono">{node.partitions.join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
