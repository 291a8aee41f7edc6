import type { ApiError } from "../bindings/ApiError";
import type { RequestItem } from "../bindings/RequestItem";
import { ChecksBadge } from "./ChecksBadge";
import { RelativeTime } from "./RelativeTime";
import { RequestStateView } from "./RequestStateView";
import { UrlButton } from "./UrlButton";

interface Props {
  item: RequestItem;
  now: Date;
  onError: (error: ApiError) => void;
}

export function RequestRow({ item, now, onError }: Props) {
  return (
    <li className="request-row" data-testid={`request-row-${item.number}`} data-state={item.state.state}>
      <div className="progress-line">
        <span className="strong truncate" title={item.title}>
          {item.title}
        </span>
        {item.mine ? (
          <span className="badge badge-you" data-testid="request-mine">
            You
          </span>
        ) : null}
        <span className="spacer" />
        <ChecksBadge checks={item.checks} />
        <UrlButton url={item.url} testId="request-link" className="link-button mono" onError={onError}>
          #{item.number}
        </UrlButton>
      </div>
      <div className="progress-line small muted">
        {/* The title names the dataset already; the storage name also tells subset, split and revision. */}
        {item.storage_name ? (
          <span className="mono truncate" title={item.storage_name}>
            {item.storage_name}
          </span>
        ) : null}
        <span className="nowrap" data-testid="request-author">
          by {item.author}
        </span>
        <span className="nowrap">
          updated <RelativeTime value={item.updated_at} now={now} />
        </span>
      </div>
      <RequestStateView state={item.state} name={item.hf_id ?? item.title} />
    </li>
  );
}
