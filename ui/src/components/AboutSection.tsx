import { useEffect, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { AppInfo } from "../bindings/AppInfo";
import { asApiError, useBackend } from "../backend";
import { ErrorBanner } from "./ErrorBanner";
import { Section } from "./Section";

export function AboutSection() {
  const backend = useBackend();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let cancelled = false;
    backend.appInfo().then(
      (value) => {
        if (!cancelled) setInfo(value);
      },
      (e: unknown) => {
        if (!cancelled) setError(asApiError(e));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend]);

  return (
    <Section id="about" title="About">
      {error ? <ErrorBanner message={error.message} detail={error.detail} /> : null}
      {info ? (
        <dl className="card about">
          <div>
            <dt>Version</dt>
            <dd className="mono" data-testid="about-version">
              {info.version}
            </dd>
          </div>
          <div>
            <dt>Commit</dt>
            <dd className="mono" data-testid="about-commit">
              {info.commit}
            </dd>
          </div>
          <div>
            <dt>Data folder</dt>
            <dd className="mono">{info.data_dir}</dd>
          </div>
          <div>
            <dt>Log folder</dt>
            <dd className="mono">{info.log_dir}</dd>
          </div>
          <div>
            <dt>Database</dt>
            <dd className="mono">{info.database}</dd>
          </div>
        </dl>
      ) : null}
    </Section>
  );
}
