import { useState, type FormEvent } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { RequestSettings } from "../bindings/RequestSettings";
import { asApiError, useBackend } from "../backend";
import { Section } from "./Section";
import { SettingField } from "./SettingField";

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
    <Section id="requests-settings" title="Requests">
      <form className="card settings-form" onSubmit={(e) => void save(e)}>
        <SettingField
          label="GitOps repository"
          testId="settings-gitops-repo"
          placeholder="owner/name"
          value={repo}
          invalid={error !== null}
          onChange={edit(setRepo)}
        />
        <SettingField
          label="Base branch"
          testId="settings-base-branch"
          placeholder="default branch"
          value={baseBranch}
          onChange={edit(setBaseBranch)}
        />
        <SettingField
          label="GitHub API URL"
          testId="settings-api-url"
          placeholder="https://api.github.com"
          value={apiUrl}
          onChange={edit(setApiUrl)}
        />
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
    </Section>
  );
}
