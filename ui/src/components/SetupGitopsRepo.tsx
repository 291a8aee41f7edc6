import { useEffect, useState, type FormEvent } from "react";
import type { GitopsRepository } from "../bindings/GitopsRepository";
import { useBackend } from "../backend";
import { useAction } from "../hooks/useAction";
import { sentence } from "../format";

function foundText(found: GitopsRepository): string {
  const visibility = found.private ? "private" : "public";
  const push =
    found.can_push === null
      ? ""
      : found.can_push
        ? " You can push to it: requests are opened on a branch of it."
        : " You cannot push to it: requests are opened from your fork.";
  return `Found ${found.repo} (${visibility}), default branch ${found.default_branch}. Saved as the GitOps repository in Settings → Requests.${push}`;
}

/** The GitOps repository: looked up on GitHub with the token in effect, saved when found. */
export function SetupGitopsRepo() {
  const backend = useBackend();
  const [repo, setRepo] = useState("");
  const [found, setFound] = useState<GitopsRepository | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    let cancelled = false;
    backend.requestSettings().then(
      (settings) => {
        if (!cancelled && settings.repo !== "") setRepo((typed) => (typed === "" ? settings.repo : typed));
      },
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [backend]);

  async function check(event: FormEvent) {
    event.preventDefault();
    setFound(null);
    const answer = await run(() => backend.setupGitopsRepo(repo));
    if (answer !== undefined) {
      setFound(answer);
      setRepo(answer.repo);
    }
  }

  return (
    <form className="host-form" onSubmit={(e) => void check(e)} aria-label="GitOps repository">
      <div className="host-field">
        <label htmlFor="setup-gitops-repo" className="strong">
          GitOps repository
        </label>
        <div className="input-row">
          <input
            id="setup-gitops-repo"
            data-testid="setup-gitops-repo"
            className="input mono"
            placeholder="owner/name"
            spellCheck={false}
            autoComplete="off"
            value={repo}
            aria-invalid={error !== null}
            onChange={(e) => setRepo(e.target.value)}
          />
          <button type="submit" className="primary" data-testid="setup-gitops-save" disabled={busy || repo.trim() === ""}>
            {busy ? "Checking…" : "Check and save"}
          </button>
        </div>
        <p className="muted small">
          The repository whose requests/ folder the HGX runner syncs, e.g. my-team/datasets-gitops. On GitHub Enterprise, set
          its API URL in Settings → Requests first.
        </p>
      </div>
      {found ? (
        <p className="setup-found is-ok" role="status" data-testid="setup-gitops-found">
          {foundText(found)}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" role="alert" data-testid="setup-gitops-error">
          {sentence(error.message)}
        </p>
      ) : null}
    </form>
  );
}
