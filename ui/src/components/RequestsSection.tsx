import { useState, type FormEvent } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { RequestSettings } from "../bindings/RequestSettings";
import { asApiError, useBackend } from "../backend";

interface Props {
  settings: RequestSettings;
  onSaved: (settings: RequestSettings) => void;
}

/** Where request PRs go: the GitOps repository, its base branch and the GitHub API. */
export function RequestsSection({ settings, onSaved }: Props) {
  const backend = useBackend();
  const [repo, setRepo] = useState(settings.repo);
  const [baseBranch, setBaseBranch] = useState(settings.base_branch);
  const [apiUrl, setApiUrl] = useState(settings.api_url);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const changed = repo !== settings.repo || baseBranch !== settings.base_branch || apiUrl !== settings.api_url;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const next = await backend.setRequestSettings({ ...settings, repo, base_branch: baseBranch, api_url: apiUrl });
      setRepo(next.repo);
      setBaseBranch(next.base_branch);
      setApiUrl(next.api_url);
      setSaved(true);
      onSaved(next);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setSaved(false);
  };

  return (
    <section className="section" aria-labelledby="requests-settings-title">
      <div className="section-head">
        <h2 id="requests-settings-title">Requests</h2>
      </div>
      <form className="card settings-form" onSubmit={(e) => void save(e)}>
        <label className="settings-field">
          <span className="strong">GitOps repository</span>
          <input
            className="input mono"
            data-testid="settings-gitops-repo"
            placeholder="owner/name"
            spellCheck={false}
            value={repo}
            aria-invalid={error !== null}
            onChange={(e) => edit(setRepo)(e.target.value)}
          />
        </label>
        <label className="settings-field">
          <span className="strong">Base branch</span>
          <input
            className="input mono"
            data-testid="settings-base-branch"
            placeholder="default branch"
            spellCheck={false}
            value={baseBranch}
            onChange={(e) => edit(setBaseBranch)(e.target.value)}
          />
        </label>
        <label className="settings-field">
          <span className="strong">GitHub API URL</span>
          <input
            className="input mono"
            data-testid="settings-api-url"
            placeholder="https://api.github.com"
            spellCheck={false}
            value={apiUrl}
            onChange={(e) => edit(setApiUrl)(e.target.value)}
          />
        </label>
        <div className="actions">
          <button type="submit" className="primary" data-testid="settings-requests-save" disabled={busy || !changed}>
            {busy ? "Saving…" : "Save"}
          </button>
          {saved ? (
            <span className="muted" role="status" data-testid="settings-requests-saved">
              Saved
            </span>
          ) : null}
        </div>
        {error ? (
          <p className="secret-error" role="alert" data-testid="settings-requests-error">
            {error.message}
          </p>
        ) : null}
      </form>
      <p className="muted small section-note">
        Request PRs add a YAML file to <code>requests/</code> of this repository; the runner on the server downloads
        what gets merged. For GitHub Enterprise use <code>https://HOST/api/v3</code>. The GitHub token is set under
        Tokens.
      </p>
    </section>
  );
}
