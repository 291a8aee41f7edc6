import type { ReactNode } from "react";
import type { ApiError } from "../bindings/ApiError";
import { asApiError, useBackend } from "../backend";

interface Props {
  url: string;
  children: ReactNode;
  testId?: string;
  className?: string;
  onError: (error: ApiError) => void;
}

/** A GitHub page, opened in the browser by the backend (the webview itself never navigates away). */
export function UrlButton({ url, children, testId, className = "link-button", onError }: Props) {
  const backend = useBackend();
  return (
    <button
      type="button"
      className={className}
      data-testid={testId}
      title={url}
      onClick={() => backend.openUrl(url).catch((e: unknown) => onError(asApiError(e)))}
    >
      {children}
    </button>
  );
}
