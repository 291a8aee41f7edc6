import type { GitRef } from "../bindings/GitRef";
import type { Refs } from "../bindings/Refs";

/** The branch shown when no revision is chosen: the Hub's default. */
export const DEFAULT_REVISION = "main";

interface Props {
  refs: Refs;
  /** The chosen revision: a branch or tag name, or a conversion's full ref. */
  value: string;
  onChange: (revision: string) => void;
}

interface Group {
  label: string;
  refs: readonly GitRef[];
  /** What the Hub takes as the revision: a name is ambiguous for `refs/convert/parquet`. */
  revision: (ref: GitRef) => string;
}

const byName = (ref: GitRef) => ref.name;
const byRef = (ref: GitRef) => ref.ref;

/** Chooses the revision the page shows: branches, then tags, then the Hub's conversions. */
export function RevisionPicker({ refs, value, onChange }: Props) {
  const groups: Group[] = [
    { label: "Branches", refs: refs.branches, revision: byName },
    { label: "Tags", refs: refs.tags, revision: byName },
    { label: "Conversions", refs: refs.converts, revision: byRef },
  ];
  const known = groups.some((g) => g.refs.some((r) => g.revision(r) === value));
  return (
    <label className="inline-field">
      <span className="muted">Revision</span>
      <select className="input mono" data-testid="dataset-revision-picker" value={value} onChange={(e) => onChange(e.target.value)}>
        {known ? null : <option value={value}>{value}</option>}
        {groups.map((g) =>
          g.refs.length === 0 ? null : (
            <optgroup key={g.label} label={g.label}>
              {g.refs.map((r) => (
                <option key={r.ref} value={g.revision(r)} title={`${r.ref} at ${r.targetCommit}`}>
                  {r.name}
                </option>
              ))}
            </optgroup>
          ),
        )}
      </select>
    </label>
  );
}
