import type { ApiError } from "../bindings/ApiError";
import type { GithubAccount } from "../bindings/GithubAccount";
import type { GitopsRepository } from "../bindings/GitopsRepository";
import type { RequestSettings } from "../bindings/RequestSettings";
import type { SecretStatus } from "../bindings/SecretStatus";
import type { SshHostChoice } from "../bindings/SshHostChoice";
import { apiError } from "./errors";
import { hostAnswer, requestSettingsAnswer } from "./fakeRules";

export interface FakeSetupData {
  /** Whether the first-run setup was done (default: true, so pages open as for a returning user). */
  setupDone?: boolean;
  /** Why GitHub refuses the token in effect (default: it answers with `login`). */
  githubAccountError?: ApiError | null;
  /** The repositories the fake GitHub has, by `owner/name` (default: every name the rules accept, on `main`). */
  githubRepos?: Record<string, { default_branch: string; private: boolean; can_push: boolean | null }>;
}

/** What the fake answers for the setup; what it reads of tokens, settings and hosts comes from the FakeBackend. */
export class FakeSetup {
  done: boolean;
  accountError: ApiError | null;
  repos: NonNullable<FakeSetupData["githubRepos"]> | null;

  constructor(data: FakeSetupData) {
    this.done = data.setupDone ?? true;
    this.accountError = data.githubAccountError ?? null;
    this.repos = data.githubRepos ?? null;
  }

  /** The account of the GitHub token in `secrets`, as `login`. */
  account(secrets: SecretStatus[], apiUrl: string, login: string): GithubAccount {
    const token = secrets.find((s) => s.id === "github_token");
    const source = token?.set ? token.source : null;
    const account: GithubAccount = { source, env_var: token?.env_var ?? null, api_url: apiUrl, login: null, error: null };
    if (source === null) return account;
    if (this.accountError !== null) return { ...account, error: structuredClone(this.accountError) };
    return { ...account, login };
  }

  /**
   * The repository `repo` names, checked with the rules' answer for the settings (Rust's), and
   * the settings to save; rejects as Rust would for a name GitHub does not have.
   */
  repository(repo: string, current: RequestSettings): GitopsRepository {
    const answer = requestSettingsAnswer(repo, current.api_url);
    if ("rejected" in answer) throw answer.rejected;
    const name = answer.saved.repo;
    if (name === "") throw apiError("invalid_input", "enter the GitOps repository as owner/name");
    const found = this.repos === null ? { default_branch: "main", private: false, can_push: true } : this.repos[name];
    if (found === undefined) throw apiError("not_found", `GitHub shows no repository ${name}: check the name, or use a token that can read it`);
    const settings = { ...current, repo: name, base_branch: "" };
    return { repo: name, ...found, settings };
  }

  /** The ssh config's names with the rules' verdict of Add host on each (Rust's). */
  static choices(names: string[]): SshHostChoice[] {
    return names.map((name) => {
      const answer = hostAnswer({ name, storage_root: null, checkout: null });
      return { name, refused: "rejected" in answer ? answer.rejected.message : null };
    });
  }
}
