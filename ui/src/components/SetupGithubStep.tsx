import { useCallback, useEffect, useState } from "react";
import type { GithubAccount } from "../bindings/GithubAccount";
import { asApiError, useBackend } from "../backend";
import { sentence } from "../format";
import { SetupGitopsRepo } from "./SetupGitopsRepo";
import { SetupSecret } from "./SetupSecret";

/** Who GitHub says the token in effect belongs to; never the token itself. */
function accountText(account: GithubAccount): string {
  const login = `@${account.login ?? ""}`;
  switch (account.source) {
    case "gh_cli":
      return `gh is logged in as ${login}; Hugflow uses its token (gh auth token).`;
    case "environment":
      return `Signed in as ${login} with the token in ${account.env_var ?? "the environment"}.`;
    case "keyring":
      return `Signed in as ${login} with the token saved in your keyring.`;
    default:
      return `Signed in as ${login}.`;
  }
}

/** The GitHub step: the account (gh, environment or a token saved here), then the GitOps repository. */
export function SetupGithubStep() {
  const backend = useBackend();
  const [account, setAccount] = useState<GithubAccount | null>(null);
  const [checking, setChecking] = useState(true);
  const [failure, setFailure] = useState<string | null>(null);

  const check = useCallback(async () => {
    setChecking(true);
    setFailure(null);
    try {
      setAccount(await backend.githubAccount());
    } catch (e) {
      setFailure(asApiError(e).message);
    } finally {
      setChecking(false);
    }
  }, [backend]);

  useEffect(() => {
    void check();
  }, [check]);

  const problem = failure ?? account?.error?.message ?? null;
  const signedIn = account?.login != null;
  return (
    <>
      <p>
        Requests are pull requests on your team&apos;s GitOps repository, opened as you. Hugflow uses{" "}
        <code>gh auth token</code> when the GitHub CLI is logged in, <code>GH_TOKEN</code>/<code>GITHUB_TOKEN</code>{" "}
        when set, or a token you save here (a fine-grained token with Contents and Pull requests: read and write on that
        repository). It goes to your OS keyring, never to Hugflow&apos;s files or logs.
      </p>
      <div className={`setup-found ${signedIn ? "is-ok" : problem ? "is-problem" : ""}`} role="status" data-testid="setup-github-account">
        {checking ? "Asking GitHub…" : null}
        {!checking && signedIn && account ? accountText(account) : null}
        {!checking && !signedIn && problem ? sentence(problem) : null}
        {!checking && !signedIn && !problem
          ? `No GitHub token found for ${account?.api_url ?? "GitHub"}: run gh auth login and check again, or save a token below.`
          : null}
      </div>
      <div className="actions">
        <button type="button" data-testid="setup-github-check" onClick={() => void check()} disabled={checking}>
          Check again
        </button>
      </div>
      <SetupSecret id="github_token" onChange={() => void check()} />
      <SetupGitopsRepo />
    </>
  );
}
