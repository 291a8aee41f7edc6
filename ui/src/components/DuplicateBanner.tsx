import type { ApiError } from "../bindings/ApiError";
import type { Duplicate } from "../bindings/Duplicate";
import { UrlButton } from "./UrlButton";

interface Props {
  duplicate: Duplicate;
  onError: (error: ApiError) => void;
}

/** Why "Create PR" is off: the same download is already asked for, or already there. */
export function DuplicateBanner({ duplicate, onError }: Props) {
  return (
    <div className="banner banner-warn" role="status" data-testid="request-duplicate" data-kind={duplicate.kind}>
      <div className="banner-body">
        {duplicate.kind === "open_pull" ? (
          <p className="banner-message">A PR for this dataset is already open (#{duplicate.number}); follow it instead of opening another.</p>
        ) : duplicate.kind === "merged" ? (
          <>
            <p className="banner-message">This dataset was already requested and merged.</p>
            <p>
              <span className="mono">{duplicate.path}</span> is on the base branch; request its removal first to fetch it again.
            </p>
          </>
        ) : (
          <p className="banner-message">
            {duplicate.host} already holds it{duplicate.path ? <> at <span className="mono">{duplicate.path}</span></> : null}.
          </p>
        )}
      </div>
      {duplicate.kind === "open_pull" ? (
        <UrlButton url={duplicate.url} className="" testId="request-duplicate-link" onError={onError}>
          Open PR #{duplicate.number}
        </UrlButton>
      ) : duplicate.kind === "merged" && duplicate.url !== null ? (
        <UrlButton url={duplicate.url} className="" testId="request-duplicate-link" onError={onError}>
          View the file
        </UrlButton>
      ) : null}
    </div>
  );
}
