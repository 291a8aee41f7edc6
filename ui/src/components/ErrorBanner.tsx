import type { ReactNode } from "react";

interface Props {
  message: string;
  detail?: string | null;
  hint?: ReactNode;
  onDismiss?: () => void;
}

export function ErrorBanner({ message, detail, hint, onDismiss }: Props) {
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <div className="banner-body">
        <p className="banner-message">{message}</p>
        {hint ? <p className="banner-hint">{hint}</p> : null}
        {detail ? <pre className="banner-detail">{detail}</pre> : null}
      </div>
      {onDismiss ? (
        <button type="button" className="button-ghost banner-close" onClick={onDismiss} aria-label="Dismiss error">
          ×
        </button>
      ) : null}
    </div>
  );
}
