import type { ClusterStatus } from "../bindings/ClusterStatus";
import { cellOf, matrixNodes } from "../cluster";

interface Props {
  status: ClusterStatus;
  /** "Stage again": fills the form with the dataset. */
  onRestage: (storageName: string, target: string) => void;
}

/** Datasets × nodes: where each staged dataset's copy stands on every node. */
export function StageMatrix({ status, onRestage }: Props) {
  const nodes = matrixNodes(status);
  if (status.datasets.length === 0) {
    return (
      <p className="muted" data-testid="stage-matrix-empty">
        Nothing staged on this cluster yet. Stage a dataset of the shared storage below.
      </p>
    );
  }
  return (
    <div className="card table-wrap">
      <table className="table stage-matrix" aria-label="Datasets on nodes" data-testid="stage-matrix">
        <thead>
          <tr>
            <th>Dataset</th>
            {nodes.map((node) => (
              <th key={node} className="mono">
                {node}
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {status.datasets.map((record) => (
            <tr key={record.storage_name} data-testid="stage-row" data-dataset={record.storage_name}>
              <td>
                <span className="mono">{record.storage_name}</span>
                <div className="muted small mono">
                  {record.target}/{record.storage_name}
                  {record.job_id ? ` · job ${record.job_id}` : ""}
                </div>
              </td>
              {nodes.map((node) => {
                const cell = cellOf(record, node);
                return (
                  <td key={node} className={`stage-cell stage-cell-${cell.state}`} data-testid="stage-cell" data-dataset={record.storage_name} data-node={node} data-state={cell.state} title={cell.reason ?? undefined}>
                    {cell.label}
                    {cell.reason ? <div className="small stage-reason">{cell.reason}</div> : null}
                  </td>
                );
              })}
              <td>
                <button type="button" className="button-ghost small" data-testid="stage-again" onClick={() => onRestage(record.storage_name, record.target)}>
                  Stage again
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
