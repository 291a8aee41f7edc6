import type { FirstRows } from "../bindings/FirstRows";
import { cellOf, typeLabel } from "../cells";
import { FirstRowsCell } from "./FirstRowsCell";

/** The viewer's first rows, one column per feature. */
export function FirstRowsTable({ rows }: { rows: FirstRows }) {
  const features = [...rows.features].sort((a, b) => a.feature_idx - b.feature_idx);
  if (rows.rows.length === 0) return <p className="muted">The split is empty.</p>;
  return (
    <div className="table-wrap card">
      <table className="table first-rows" data-testid="first-rows">
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            {features.map((f) => (
              <th key={f.name} scope="col">
                {f.name} <span className="muted small">{typeLabel(f.type)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.rows.map((row) => (
            <tr key={row.row_idx} data-testid="first-rows-row">
              <td className="num muted">{row.row_idx}</td>
              {features.map((f) => {
                const cell = cellOf(f.type, row.row[f.name]);
                const truncated = row.truncated_cells.includes(f.name);
                return (
                  <td key={f.name} className={cell.kind === "number" ? "num" : "cell"}>
                    <FirstRowsCell cell={cell} />
                    {truncated ? <span className="muted" title="Truncated by the dataset viewer"> …</span> : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.truncated ? <p className="muted small table-note">Some rows are truncated by the dataset viewer.</p> : null}
    </div>
  );
}
