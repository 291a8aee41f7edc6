import { memo } from "react";
import type { CatalogueEntry } from "../bindings/CatalogueEntry";
import { hostLabel } from "../catalogue";
import { formatCount } from "../format";
import { FavouriteStar } from "./FavouriteStar";
import { RelativeTime } from "./RelativeTime";
import { TagChips } from "./TagChips";

interface Props {
  entry: CatalogueEntry | undefined;
  index: number;
  top: number;
  height: number;
  selected: boolean;
  now: Date;
  optionId: string;
  onOpen: (entry: CatalogueEntry, index: number) => void;
  onToggleFavourite: (entry: CatalogueEntry) => void;
}

/** One row of the result list, absolutely placed by the list; a placeholder until its page loads. */
export const CatalogueRow = memo(function CatalogueRow({
  entry,
  index,
  top,
  height,
  selected,
  now,
  optionId,
  onOpen,
  onToggleFavourite,
}: Props) {
  const style = { transform: `translateY(${top}px)`, height };
  if (entry === undefined) {
    return (
      <div className="catalogue-row is-loading" style={style} aria-hidden="true" data-testid="catalogue-row-placeholder">
        <span className="skeleton" />
      </div>
    );
  }
  return (
    <div
      id={optionId}
      role="option"
      aria-selected={selected}
      className={selected ? "catalogue-row is-selected" : "catalogue-row"}
      style={style}
      data-testid="catalogue-row"
      data-id={entry.id}
      data-index={index}
      onClick={() => onOpen(entry, index)}
    >
      <FavouriteStar on={entry.favourite} label={entry.id} tabIndex={-1} onToggle={() => onToggleFavourite(entry)} />
      <div className="row-main">
        <div className="row-line">
          <span className="mono strong truncate row-id" title={entry.id}>
            {entry.id}
          </span>
          {entry.title ? <span className="muted truncate row-title">{entry.title}</span> : null}
          {entry.disabled ? (
            <span className="badge badge-error" data-testid="row-disabled" title="The Hub disabled this dataset: it cannot be downloaded">
              disabled
            </span>
          ) : null}
          {entry.gated !== "no" ? <span className="badge badge-warn" data-testid="row-gated">gated</span> : null}
          {entry.hosts.map((host) => (
            <span key={host} className="badge badge-ok" data-testid="row-host">
              {hostLabel(host)}
            </span>
          ))}
          <span className="spacer" />
          <span className="row-stats nowrap">
            <span title="Downloads" data-testid="row-downloads">
              ↓ {formatCount(entry.downloads)}
            </span>
            <span title="Likes">♥ {formatCount(entry.likes)}</span>
            <RelativeTime value={entry.last_modified || null} now={now} />
          </span>
        </div>
        <div className="row-line small">
          <span className="muted truncate row-description" title={entry.description}>
            {entry.description}
          </span>
          <span className="spacer" />
          <TagChips tags={entry.tags} />
        </div>
      </div>
    </div>
  );
});
