import type { ReactNode } from "react";
import type { DatasetDetails } from "../bindings/DatasetDetails";
import { safeUrl } from "../catalogue";
import { formatCount } from "../format";
import { FavouriteStar } from "./FavouriteStar";
import { RelativeTime } from "./RelativeTime";
import { ExternalLink } from "./ExternalLink";
import { DEFAULT_REVISION } from "./RevisionPicker";
import { TagGroups } from "./TagGroups";

interface Props {
  details: DatasetDetails;
  /** The revision shown; anything but the default branch is pointed out. */
  revision: string;
  now: Date;
  onToggleFavourite: () => void;
  /** Buttons shown next to the Hub link. */
  actions?: ReactNode;
}

function prettyName(details: DatasetDetails): string | null {
  const name = details.info.cardData?.pretty_name;
  return typeof name === "string" && name.trim() !== "" ? name : null;
}

/** The Hub's files of the dataset at `revision`, or its page for the default branch. */
function hubPage(hub: string, revision: string): string {
  return revision === DEFAULT_REVISION ? hub : `${hub.replace(/\/+$/, "")}/tree/${encodeURIComponent(revision)}`;
}

export function DatasetHeader({ details, revision, now, onToggleFavourite, actions }: Props) {
  const { info } = details;
  const title = prettyName(details);
  const hub = safeUrl(details.hub_url);
  return (
    <section className="card dataset-header" aria-label="Dataset">
      <div className="dataset-title-line">
        <FavouriteStar on={details.favourite} label={info.id} testId="dataset-favourite" onToggle={onToggleFavourite} />
        <div className="dataset-titles">
          <h1 className="mono dataset-id" data-testid="dataset-id">
            {info.id}
          </h1>
          {title ? <p className="dataset-title" data-testid="dataset-title">{title}</p> : null}
          {revision !== DEFAULT_REVISION ? (
            <p className="dataset-revision" data-testid="dataset-revision">
              at revision <span className="badge badge-warn mono">{revision}</span>
            </p>
          ) : null}
        </div>
        <span className="spacer" />
        {actions ? <div className="actions dataset-actions">{actions}</div> : null}
        {hub ? (
          <ExternalLink className="button-link" url={hubPage(hub, revision)} testId="dataset-hub-link">
            Open on the Hub ↗
          </ExternalLink>
        ) : null}
      </div>
      <dl className="meta">
        <div>
          <dt>Author</dt>
          <dd data-testid="dataset-author">{info.author ?? "—"}</dd>
        </div>
        <div>
          <dt>Downloads</dt>
          <dd data-testid="dataset-downloads">{formatCount(info.downloads)}</dd>
        </div>
        <div>
          <dt>Likes</dt>
          <dd>{formatCount(info.likes)}</dd>
        </div>
        <div>
          <dt>Last modified</dt>
          <dd>
            <RelativeTime value={info.lastModified} now={now} fallback="unknown" />
          </dd>
        </div>
        {info.private ? (
          <div>
            <dd className="badge">private</dd>
          </div>
        ) : null}
      </dl>
      {info.disabled ? (
        <p className="banner banner-error" data-testid="dataset-disabled">
          <span>
            <span className="badge badge-error">disabled</span> The Hub has disabled this dataset and will not serve its
            files, so it cannot be requested. Pick another dataset.
          </span>
        </p>
      ) : null}
      {info.gated !== "no" ? (
        <p className="banner banner-warn" data-testid="dataset-gated">
          <span>
            This dataset is gated: {info.gated === "manual" ? "its authors approve each request" : "access is granted once you ask for it"}.{" "}
            {hub ? (
              <ExternalLink url={hub}>Request access on the Hub</ExternalLink>
            ) : (
              "Request access on the Hub"
            )}
            , then make sure your Hugging Face token (Settings) belongs to that account.
          </span>
        </p>
      ) : null}
      <TagGroups tags={info.tags} />
    </section>
  );
}
