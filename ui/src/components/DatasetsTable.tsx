import type { DatasetStatus } from "../bindings/DatasetStatus";
import { sortNewestFirst, totalSize } from "../datasets";
import { formatBytes, formatCount, formatSubsetSplit } from "../format";
import { RelativeTime } from "./RelativeTime";
import { Section } from "./Section";

interface Props {
  datasets: readonly DatasetStatus[];
  now: Date;
}

function summary(datasets: readonly DatasetStatus[]): string {
  const n = datasets.length;
  return `${formatCount(n)} dataset${n === 1 ? "" : "s"}, ${formatBytes(totalSize(datasets))} total`;
}

export function DatasetsTable({ datasets, now }: Props) {
  return (
    <Section
      id="datasets"
      title="Datasets"
      aside={
        datasets.length > 0 ? (
          <span className="muted" data-testid="datasets-summary">
            {summary(datasets)}
          </span>
        ) : null
      }
    >
      {datasets.length === 0 ? (
        <div className="card empty-state" data-testid="datasets-empty">
          No datasets yet. Open a pull request that adds <code>requests/add/&lt;name&gt;.yaml</code>; when the sync
          finishes, the dataset appears here.
        </div>
      ) : (
        <div className="table-wrap card">
          <table className="table" data-testid="datasets-table">
            <thead>
              <tr>
                <th scope="col">HF ID</th>
                <th scope="col">Revision</th>
                <th scope="col">Subset / split</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col" className="num">
                  Files
                </th>
                <th scope="col">Added</th>
                <th scope="col">Path</th>
              </tr>
            </thead>
            <tbody>
              {sortNewestFirst(datasets).map((d) => (
                <DatasetRow key={d.storage_name} dataset={d} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function DatasetRow({ dataset: d, now }: { dataset: DatasetStatus; now: Date }) {
  return (
    <tr data-testid="dataset-row" data-storage-name={d.storage_name} className={d.present ? undefined : "row-missing"}>
      <td>
        <div className="mono strong hf-id" data-testid="dataset-hf-id">
          {d.hf_id}
        </div>
        {d.description ? <div className="muted small truncate" title={d.description}>{d.description}</div> : null}
      </td>
      <td className="mono truncate" title={d.revision}>
        {d.revision}
      </td>
      <td data-testid="dataset-subset">{formatSubsetSplit(d.subset, d.split)}</td>
      <td className="num" data-testid="dataset-size" title={d.size_bytes === null ? undefined : `${formatCount(d.size_bytes)} bytes`}>
        {formatBytes(d.size_bytes)}
      </td>
      <td className="num" data-testid="dataset-files">
        {formatCount(d.file_count)}
      </td>
      <td className="nowrap">
        <RelativeTime value={d.added_at} now={now} />
      </td>
      <td className="path-cell">
        <div className="path-cell-inner">
          {d.path === null ? (
            <span className="muted" title="The storage name would leave the storage root, so Hugflow does not resolve it.">
              —
            </span>
          ) : (
            <span className="mono truncate" title={d.path}>
              {d.path}
            </span>
          )}
          {d.present ? null : <span className="badge badge-warn">missing on disk</span>}
        </div>
      </td>
    </tr>
  );
}
