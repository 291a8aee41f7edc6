//! What can go wrong talking to GitHub, phrased for the person who has to fix it.

use std::time::Duration;

#[derive(Debug, Clone, thiserror::Error)]
pub enum GithubError {
    #[error(
        "no GitHub token: save one in Settings (GitHub token), set GH_TOKEN or GITHUB_TOKEN, or run `gh auth login`"
    )]
    NoToken,
    #[error(
        "GitHub refused the token ({message}); save a new one in Settings, set GH_TOKEN, or run `gh auth login` again"
    )]
    Unauthorized { message: String },
    #[error(
        "GitHub refused {endpoint}: {message}; the token needs the `repo` scope and access to the repository"
    )]
    Forbidden { endpoint: String, message: String },
    #[error(
        "{endpoint} was not found on GitHub; check the repository name (owner/name) and that the token can see it"
    )]
    NotFound { endpoint: String },
    #[error("GitHub rate limit reached for {endpoint}; it resets in {} s", retry_after.as_secs().max(1))]
    RateLimited {
        endpoint: String,
        retry_after: Duration,
    },
    #[error("GitHub did not accept {endpoint}: {message}")]
    Validation {
        endpoint: String,
        message: String,
        /// The `errors[].message` (or `code`) lines GitHub gave.
        errors: Vec<String>,
    },
    #[error("GitHub reports a conflict on {endpoint}: {message}")]
    Conflict { endpoint: String, message: String },
    #[error("a PR for this dataset is already open: {url}")]
    PullExists { url: String },
    #[error("the pull request cannot be merged ({message}); resolve it on GitHub")]
    NotMergeable { message: String },
    #[error(
        "GitHub answered {status} for {endpoint} after {attempts} attempts; it may be down, try again later"
    )]
    Server {
        endpoint: String,
        status: u16,
        attempts: u32,
    },
    #[error(
        "cannot reach {endpoint} ({message}); check the network or the GitHub API URL in Settings"
    )]
    Offline { endpoint: String, message: String },
    #[error("GitHub's answer from {endpoint} is not what Hugflow expects: {message}")]
    Malformed { endpoint: String, message: String },
    #[error("{message}")]
    Config { message: String },
}

impl GithubError {
    /// Worth trying again later without changing anything.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Offline { .. } | Self::Server { .. } | Self::RateLimited { .. }
        )
    }
}
