import { useState, type MouseEvent, type ReactNode } from "react";
import type { ApiError } from "../bindings/ApiError";
import { asApiError, useBackend } from "../backend";

interface Props {
  url: string;
  children: ReactNode;
  testId?: string;
  className?: string;
  /** Where a refusal goes; without one it shows next to the link, as the backend wrote it. */
  onError?: (error: ApiError) => void;
}

/**
 * A link to a page outside the app (the Hub, GitHub). The webview never follows it: a click
 * asks the backend to open it, and the backend opens only the pages its allow-list admits
 * (the configured Hub and GitHub); anything else comes back as its `not_allowed` error.
 */
export function ExternalLink({ url, children, testId, className, onError }: Props) {
  const backend = useBackend();
  const [error, setError] = useState<ApiError | null>(null);
  const open = (event: MouseEvent) => {
    event.preventDefault();
    setError(null);
    backend.openUrl(url).catch((e: unknown) => (onError ?? setError)(asApiError(e)));
  };
  return (
    <>
      <a href={url} className={className} data-testid={testId} title={url} onClick={open}>
        {children}
      </a>
      {error ? (
        <span className="link-error" role="alert" data-testid="link-error" data-code={error.code}>
          {" "}
          {error.message}
        </span>
      ) : null}
    </>
  );
}
