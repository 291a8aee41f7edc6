//! Requests as pull requests on the team's GitOps repository, the one flow that the desktop's
//! "Create PR" button and `hugflow request add` share.
//!
//! - [`Draft::plan`]: the YAML exactly as it will be committed (written and re-read by the
//!   core, so its errors are the HGX's), the path `requests/add/<storage-name>.yaml`, the
//!   branch `hugflow/add-<storage-name>` and the title "Add dataset <hf_id>".
//! - [`Gitops::duplicate`]: an open PR for the same download, the file already merged, or a
//!   host that already holds it.
//! - [`Gitops::open`]: branch from the base branch, commit the file, open the PR; without push
//!   access, fork first and open the PR from `<login>:<branch>`. Re-running after a failure
//!   picks up the branch where it stopped.
//! - [`Gitops::requests`]: every request PR (open, and closed in the last 30 days) with its
//!   state from the PR, the sync bot's comments (`hugflow_core::sync_report::track`) and its
//!   checks; the caller's own first.

mod draft;
mod open;
mod requests;

use hugflow_github::{GithubClient, GithubError, RepoName};
use serde::{Deserialize, Serialize};

pub use draft::{AddDraft, Draft, Plan, RemoveDraft, branch_name, parse_branch};
pub use open::{DatasetFacts, Duplicate, OpenedRequest};
pub use requests::{CheckState, ChecksSummary, RequestItem, sort_requests};

/// The account `hugflow sync --ci-mode` comments as inside GitHub Actions.
pub const DEFAULT_SYNC_BOT: &str = "github-actions[bot]";

/// Where requests go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GitopsSettings {
    /// `owner/name`.
    pub repo: String,
    /// The branch PRs target; the repository's default branch when `None`.
    pub base_branch: Option<String>,
    /// `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise.
    pub api_url: String,
    /// Logins whose comments are sync reports (besides `github-actions[bot]`).
    pub sync_bots: Vec<String>,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum GitopsError {
    #[error(transparent)]
    Github(#[from] GithubError),
    #[error("the request is not valid: {0}")]
    Invalid(String),
    #[error("{0}")]
    Duplicate(Duplicate),
    #[error(
        "`{hf_id}` has been disabled on the Hugging Face Hub, which will not serve its files; no PR was opened: pick another dataset"
    )]
    Disabled { hf_id: String },
    #[error(
        "the base branch `{branch}` does not exist in {repo}; pick an existing branch in Settings (or leave it empty for the default branch)"
    )]
    NoBaseBranch { repo: String, branch: String },
    #[error("no GitOps repository is set; set it in Settings (owner/name) or pass --repo")]
    NoRepository,
}

/// The GitOps repository, through one GitHub client.
#[derive(Debug, Clone)]
pub struct Gitops {
    client: GithubClient,
    repo: RepoName,
    base_branch: Option<String>,
    bots: Vec<String>,
}

impl Gitops {
    pub fn new(client: GithubClient, settings: &GitopsSettings) -> Result<Self, GitopsError> {
        if settings.repo.trim().is_empty() {
            return Err(GitopsError::NoRepository);
        }
        let mut bots = vec![DEFAULT_SYNC_BOT.to_string()];
        bots.extend(settings.sync_bots.iter().cloned());
        Ok(Self {
            client,
            repo: RepoName::parse(&settings.repo)?,
            base_branch: settings
                .base_branch
                .clone()
                .filter(|b| !b.trim().is_empty()),
            bots,
        })
    }

    pub fn repo(&self) -> &RepoName {
        &self.repo
    }

    pub fn client(&self) -> &GithubClient {
        &self.client
    }

    /// The base branch: the setting, else the repository's default branch.
    async fn base_branch(&self) -> Result<String, GitopsError> {
        match &self.base_branch {
            Some(branch) => Ok(branch.clone()),
            None => Ok(self.client.repo(&self.repo).await?.default_branch),
        }
    }
}

/// `url` when it may be opened in a browser: `https://` on the GitHub host the API belongs to
/// (DESIGN §7); otherwise why not.
pub fn browser_url(url: &str, api_url: &str) -> Result<String, String> {
    let host = hugflow_github::web_host(api_url)
        .ok_or_else(|| format!("the GitHub API URL {api_url:?} is not valid"))?;
    let prefix = format!("https://{host}/");
    if url.starts_with(&prefix) && !url.contains(char::is_whitespace) {
        Ok(url.to_string())
    } else {
        Err(format!(
            "not opening {url}: only https:// pages on {host} are opened"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::browser_url;

    #[test]
    fn only_https_pages_of_the_github_host_open() {
        let api = "https://api.github.com";
        let pr = "https://github.com/team/gitops/pull/3";
        assert_eq!(browser_url(pr, api).as_deref(), Ok(pr));
        for bad in [
            "http://github.com/team/gitops/pull/3",
            "https://github.com.evil.io/x",
            "https://evil.io/https://github.com/",
            "file:///etc/passwd",
            "javascript:alert(1)",
        ] {
            assert!(browser_url(bad, api).is_err(), "{bad}");
        }
        let ghe = "https://ghe.corp/api/v3";
        assert!(browser_url("https://ghe.corp/team/gitops/pull/1", ghe).is_ok());
        assert!(browser_url(pr, ghe).is_err());
    }
}
