import type { ReactNode } from "react";
import type { ApiError } from "../bindings/ApiError";
import { ErrorBanner } from "./ErrorBanner";

interface Props {
  error: ApiError;
  onOpenSettings: () => void;
  onOpenRequests: () => void;
  onDismiss: () => void;
}

/** Why "Create PR" failed, with what to do about it. */
export function RequestError({ error, onOpenSettings, onOpenRequests, onDismiss }: Props) {
  const settings = (
    <button type="button" data-testid="request-error-settings" onClick={onOpenSettings}>
      Open Settings
    </button>
  );
  let hint: ReactNode = null;
  switch (error.code) {
    case "not_configured":
      hint = <>Set the GitOps repository (owner/name) and a GitHub token in Settings. {settings}</>;
      break;
    case "unauthorized":
      hint = <>Check that the GitHub token in Settings may open PRs on the GitOps repository. {settings}</>;
      break;
    case "duplicate":
      hint = (
        <>
          Follow the earlier request instead.{" "}
          <button type="button" data-testid="request-error-requests" onClick={onOpenRequests}>
            Open Requests
          </button>
        </>
      );
      break;
    case "rate_limited":
      hint = "GitHub's rate limit is reached: wait a few minutes, then press Create PR again.";
      break;
    case "offline":
      hint = "GitHub cannot be reached: check the network, then press Create PR again.";
      break;
    case "github":
      hint = "GitHub refused the change; the detail says why.";
      break;
    case "invalid_input":
      hint = "Fix the fields marked above.";
      break;
  }
  return <ErrorBanner message={error.message} detail={error.detail} hint={hint} onDismiss={onDismiss} />;
}
