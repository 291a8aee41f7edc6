import type { GitRef } from "../bindings/GitRef";
import type { Refs } from "../bindings/Refs";
import { Section } from "./Section";

function RefList({ title, refs }: { title: string; refs: readonly GitRef[] }) {
  if (refs.length === 0) return null;
  return (
    <div className="ref-group">
      <span className="muted">{title}</span>
      {refs.map((r) => (
        <span key={r.ref} className="ref" title={`${r.ref} at ${r.targetCommit}`}>
          <span className="mono strong">{r.name}</span> <span className="mono muted">{r.targetCommit.slice(0, 7)}</span>
        </span>
      ))}
    </div>
  );
}

/** Branches and tags of the repository (and the Hub's parquet conversion). */
export function RefsSection({ refs }: { refs: Refs }) {
  return (
    <Section id="refs" title="Branches and tags" testId="dataset-refs">
      <div className="card card-body refs">
        <RefList title="Branches" refs={refs.branches} />
        <RefList title="Tags" refs={refs.tags} />
        <RefList title="Conversions" refs={refs.converts} />
      </div>
    </Section>
  );
}
