import type { RunSource } from "../bindings/RunSource";
import { sameSource, sourceHostLabel, sourceKey } from "../runSource";

interface Props {
  sources: readonly RunSource[];
  selected: RunSource | null;
  onSelect: (source: RunSource) => void;
}

/** The saved run folders, one button each: where (this computer or a host) and the path. */
export function RunSourcePicker({ sources, selected, onSelect }: Props) {
  return (
    <div className="run-sources" role="group" aria-label="Run folder">
      {sources.map((s) => {
        const current = selected !== null && sameSource(s, selected);
        return (
          <button
            key={sourceKey(s)}
            type="button"
            className="run-source"
            data-testid="run-source"
            data-host={s.host ?? ""}
            data-path={s.path}
            aria-pressed={current}
            onClick={() => onSelect(s)}
          >
            <span className="strong">{sourceHostLabel(s)}</span>
            <span className="mono small">{s.path}</span>
          </button>
        );
      })}
    </div>
  );
}
