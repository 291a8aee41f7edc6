interface Props {
  title: string;
  hint: string;
  /** Prefix of the test ids: `spaces-<kind>-<column>-<row>`. */
  kind: string;
  /** Two fields per row. */
  rows: ReadonlyArray<readonly [string, string]>;
  columns: readonly [{ label: string; placeholder: string }, { label: string; placeholder: string }];
  onChange: (rows: Array<[string, string]>) => void;
}

/** A list of two-field rows (label and Space, or Space and dataset) with Add and Remove. */
export function SpaceListFields({ title, hint, kind, rows, columns, onChange }: Props) {
  const copy = () => rows.map(([a, b]) => [a, b] as [string, string]);
  function set(row: number, column: 0 | 1, value: string) {
    const next = copy();
    next[row]![column] = value;
    onChange(next);
  }

  return (
    <fieldset className="space-list-fields">
      <legend className="strong">{title}</legend>
      <p className="muted small">{hint}</p>
      {rows.length > 0 ? (
        <div className="input-row space-list-head small muted" aria-hidden="true">
          <span>{columns[0].label}</span>
          <span>{columns[1].label}</span>
        </div>
      ) : null}
      {rows.map((row, i) => (
        <div key={i} className="input-row" data-testid={`spaces-${kind}-row`}>
          {([0, 1] as const).map((column) => (
            <input
              key={column}
              className="input mono"
              data-testid={`spaces-${kind}-${column}-${i}`}
              aria-label={`${columns[column].label}, row ${i + 1}`}
              placeholder={columns[column].placeholder}
              spellCheck={false}
              value={row[column]}
              onChange={(e) => set(i, column, e.target.value)}
            />
          ))}
          <button type="button" className="button-ghost" aria-label={`Remove ${title} row ${i + 1}`} onClick={() => onChange(copy().filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      <div className="actions">
        <button type="button" data-testid={`spaces-add-${kind}`} onClick={() => onChange([...copy(), ["", ""]])}>
          Add
        </button>
      </div>
    </fieldset>
  );
}
