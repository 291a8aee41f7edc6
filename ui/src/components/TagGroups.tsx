import { groupTags } from "../tags";

/** Every tag of a dataset, grouped by kind (tasks, languages, licence, …). */
export function TagGroups({ tags }: { tags: readonly string[] }) {
  const groups = groupTags(tags);
  if (groups.length === 0) return null;
  return (
    <dl className="tag-groups" data-testid="dataset-tags">
      {groups.map((g) => (
        <div key={g.kind} className="tag-group">
          <dt>{g.label}</dt>
          <dd>
            {g.values.map((v) => (
              <span key={v} className="tag">
                {v}
              </span>
            ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}
