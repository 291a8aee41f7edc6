import type { ApiError } from "../bindings/ApiError";
import { safeUrl } from "../catalogue";
import { ExternalLink } from "./ExternalLink";

interface Props {
  error: ApiError;
  hubUrl: string;
  onRetry: () => void;
}

/** Why the dataset cannot be shown, in words that say what to do. */
export function DatasetError({ error, hubUrl, onRetry }: Props) {
  const link = safeUrl(hubUrl);
  const retryable = error.code === "rate_limited" || error.code === "hub_error";
  return (
    <div className="banner banner-error" role="alert" data-testid="dataset-error" data-code={error.code}>
      <div className="banner-body">
        <p className="banner-message">{error.code === "not_found" ? "Dataset not found on the Hub" : error.message}</p>
        {error.code === "not_found" ? <p className="banner-hint">{error.message}</p> : null}
        {error.code === "gated" && link ? (
          <p className="banner-hint">
            <ExternalLink url={link} testId="dataset-error-hub-link">
              Open the dataset on the Hub to request access
            </ExternalLink>
          </p>
        ) : null}
        {error.code === "unauthorized" ? <p className="banner-hint">Set a valid Hugging Face token in Settings.</p> : null}
        {error.code === "not_found_or_private" ? (
          <p className="banner-hint">If the dataset is private or gated, set a Hugging Face token that can see it in Settings.</p>
        ) : null}
        {error.detail ? <pre className="banner-detail">{error.detail}</pre> : null}
      </div>
      {retryable ? (
        <button type="button" data-testid="dataset-retry" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
