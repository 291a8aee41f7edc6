import type { ApiError } from "../bindings/ApiError";
import type { OpenedRequest } from "../bindings/OpenedRequest";
import { UrlButton } from "./UrlButton";

interface Props {
  opened: OpenedRequest;
  /** `owner/name` of the GitOps repository, to name the fork; null when unknown. */
  repo: string | null;
  onOpenRequests: () => void;
  onError: (error: ApiError) => void;
}

export function RequestCreated({ opened, repo, onOpenRequests, onError }: Props) {
  const name = repo?.split("/")[1] ?? "…";
  return (
    <section className="card request-created" role="status" data-testid="request-created">
      <p className="strong">PR #{opened.number} opened</p>
      <p>
        <UrlButton url={opened.url} testId="request-pr-link" onError={onError}>
          {opened.url}
        </UrlButton>
      </p>
      {opened.forked ? (
        <p className="muted" data-testid="request-forked">
          Opened from your fork {opened.login}/{name}: your GitHub account cannot push to the GitOps repository.
        </p>
      ) : null}
      <p className="muted">Once it is merged, the runner on the server acts on it; the Requests page follows its progress.</p>
      <div className="actions">
        <button type="button" className="primary" data-testid="request-go-requests" onClick={onOpenRequests}>
          Go to Requests
        </button>
      </div>
    </section>
  );
}
