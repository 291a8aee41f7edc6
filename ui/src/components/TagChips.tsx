import { tagValues } from "../tags";

interface Props {
  tags: readonly string[];
  /** Most languages shown before "+N". */
  maxLanguages?: number;
}

/** Task, modality and language chips of a catalogue row. */
export function TagChips({ tags, maxLanguages = 3 }: Props) {
  const tasks = tagValues(tags, "task_categories").slice(0, 2);
  const modalities = tagValues(tags, "modality");
  const languages = tagValues(tags, "language");
  const shown = languages.slice(0, maxLanguages);
  const more = languages.length - shown.length;
  return (
    <span className="tag-chips">
      {tasks.map((t) => (
        <span key={`t:${t}`} className="tag tag-task">
          {t}
        </span>
      ))}
      {modalities.map((m) => (
        <span key={`m:${m}`} className="tag tag-modality">
          {m}
        </span>
      ))}
      {shown.map((l) => (
        <span key={`l:${l}`} className="tag tag-language">
          {l}
        </span>
      ))}
      {more > 0 ? (
        <span className="tag tag-language" title={languages.slice(maxLanguages).join(", ")}>
          +{more}
        </span>
      ) : null}
    </span>
  );
}
