//! A GitHub REST client for the GitOps repository Hugflow's requests go to.
//!
//! Every call sends GitHub's required headers (`Accept: application/vnd.github+json`,
//! `X-GitHub-Api-Version: 2022-11-28`, a User-Agent) and the token, to the configured API only
//! (`https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise). GETs are
//! conditional: a poll of something unchanged is a 304 that GitHub does not count against the
//! rate limit. Lists follow `Link: rel="next"`. Server errors are retried with backoff; a rate
//! limit is waited out when short and otherwise returned, saying when it resets. Errors name
//! the endpoint and what to do.
//!
//! Where the token comes from (keyring, `GH_TOKEN`/`GITHUB_TOKEN`, `gh auth token`) is
//! `hugflow-secrets`' job; this crate takes the resolved value.

mod error;
mod http;
pub mod models;
mod repo_name;

use std::time::Duration;

use base64::Engine;
use hugflow_core::config::Secret;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::json;
use url::Url;

pub use error::GithubError;
pub use http::RateLimit;
pub use hugflow_http::RetryPolicy;
pub use models::*;
pub use repo_name::RepoName;

/// github.com's API.
pub const DEFAULT_API_URL: &str = "https://api.github.com";

/// Largest page GitHub serves.
const MAX_PAGE_SIZE: u32 = 100;

/// `name` when it is a git ref name that is safe in an API path. A setting or a PR can carry a
/// branch name: `main/../../../user` joined into `repos/o/r/git/ref/heads/…` would send the
/// token to another endpoint of the API.
fn git_ref(name: &str) -> Result<&str, GithubError> {
    hugflow_core::request::check_git_ref(name)
        .map(|()| name)
        .map_err(|message| GithubError::Config { message })
}

/// Characters escaped in a path segment (`/` is kept where a path has several segments).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

#[derive(Debug, Clone)]
pub struct GithubConfig {
    pub api_url: String,
    pub token: Option<Secret>,
    pub retry: RetryPolicy,
    pub timeout: Duration,
    /// Items per page of a list (GitHub serves at most 100).
    pub page_size: u32,
}

impl GithubConfig {
    pub fn new(api_url: impl Into<String>, token: Option<Secret>) -> Self {
        Self {
            api_url: api_url.into(),
            token,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(30),
            page_size: MAX_PAGE_SIZE,
        }
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }
}

/// The client. Cheap to clone; clones share connections, the ETag cache and rate-limit state.
#[derive(Debug, Clone)]
pub struct GithubClient {
    http: http::Http,
    api: Url,
    page_size: u32,
}

impl GithubClient {
    pub fn new(config: GithubConfig) -> Result<Self, GithubError> {
        let api = parse_api_url(&config.api_url)?;
        let http = http::Http::new(&api, config.token, config.retry, config.timeout)?;
        Ok(Self {
            http,
            api,
            page_size: config.page_size.clamp(1, MAX_PAGE_SIZE),
        })
    }

    pub fn api_url(&self) -> &Url {
        &self.api
    }

    /// The rate limit as of the last answer.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.http.rate_limit()
    }

    fn url(&self, path: &str) -> Url {
        let encoded = utf8_percent_encode(path, PATH).to_string();
        self.api
            .join(&encoded)
            .expect("API paths are valid relative URLs")
    }

    async fn get<T: DeserializeOwned>(&self, url: Url) -> Result<T, GithubError> {
        self.http.get(url).await?.json()
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: serde_json::Value,
    ) -> Result<T, GithubError> {
        self.http
            .send(method, self.url(path), Some(&body))
            .await?
            .json()
    }

    /// Every item of a list, following `Link: rel="next"` until `keep_going` says stop.
    async fn list<T: DeserializeOwned>(
        &self,
        mut url: Url,
        mut keep_going: impl FnMut(&T) -> bool,
    ) -> Result<Vec<T>, GithubError> {
        url.query_pairs_mut()
            .append_pair("per_page", &self.page_size.to_string());
        let mut all = Vec::new();
        loop {
            let answer = self.http.get(url.clone()).await?;
            let next = hugflow_http::next_url(&answer.headers, &url);
            let page: Vec<T> = answer.json()?;
            let before = all.len();
            all.extend(page);
            if all[before..].iter().any(|item| !keep_going(item)) {
                all.retain(|item| keep_going(item));
                return Ok(all);
            }
            match next {
                Some(next) if next.origin() == self.api.origin() => url = next,
                _ => return Ok(all),
            }
        }
    }

    /// The token's user.
    pub async fn user(&self) -> Result<User, GithubError> {
        self.get(self.url("user")).await
    }

    /// The repository, with the caller's permissions on it.
    pub async fn repo(&self, repo: &RepoName) -> Result<Repository, GithubError> {
        self.get(self.url(&format!("repos/{repo}"))).await
    }

    /// A branch's head, or `None` when there is no such branch.
    pub async fn branch_head(
        &self,
        repo: &RepoName,
        branch: &str,
    ) -> Result<Option<GitReference>, GithubError> {
        let url = self.url(&format!("repos/{repo}/git/ref/heads/{}", git_ref(branch)?));
        match self.get(url).await {
            Ok(reference) => Ok(Some(reference)),
            Err(GithubError::NotFound { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    pub async fn create_branch(
        &self,
        repo: &RepoName,
        branch: &str,
        sha: &str,
    ) -> Result<GitReference, GithubError> {
        let body = json!({ "ref": format!("refs/heads/{branch}"), "sha": sha });
        self.send(Method::POST, &format!("repos/{repo}/git/refs"), body)
            .await
    }

    pub async fn delete_branch(&self, repo: &RepoName, branch: &str) -> Result<(), GithubError> {
        let url = self.url(&format!("repos/{repo}/git/refs/heads/{}", git_ref(branch)?));
        self.http.send(Method::DELETE, url, None).await.map(drop)
    }

    /// A file at `reference`, decoded; `None` when it does not exist there.
    pub async fn file(
        &self,
        repo: &RepoName,
        path: &str,
        reference: &str,
    ) -> Result<Option<(ContentFile, Vec<u8>)>, GithubError> {
        let mut url = self.contents_url(repo, path)?;
        url.query_pairs_mut().append_pair("ref", reference);
        let file: ContentFile = match self.get(url.clone()).await {
            Ok(file) => file,
            Err(GithubError::NotFound { .. }) => return Ok(None),
            Err(error) => return Err(error),
        };
        let packed: String = file.content.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(packed)
            .map_err(|error| GithubError::Malformed {
                endpoint: hugflow_http::endpoint_name(&url),
                message: format!("the file is not valid base64: {error}"),
            })?;
        Ok(Some((file, bytes)))
    }

    /// Creates (or, with the current blob `sha`, replaces) a file on `branch` in one commit.
    pub async fn put_file(
        &self,
        repo: &RepoName,
        path: &str,
        branch: &str,
        message: &str,
        content: &[u8],
        sha: Option<&str>,
    ) -> Result<ContentWrite, GithubError> {
        let mut body = json!({
            "message": message,
            "content": base64::engine::general_purpose::STANDARD.encode(content),
            "branch": branch,
        });
        if let Some(sha) = sha {
            body["sha"] = json!(sha);
        }
        let url = self.contents_url(repo, path)?;
        self.http.send(Method::PUT, url, Some(&body)).await?.json()
    }

    /// Deletes a file from `branch` in one commit. `sha` is the file's current blob: a stale
    /// one is [`GithubError::Conflict`], a file that is not there [`GithubError::NotFound`].
    pub async fn delete_file(
        &self,
        repo: &RepoName,
        path: &str,
        sha: &str,
        branch: &str,
        message: &str,
    ) -> Result<ContentWrite, GithubError> {
        let body = json!({ "message": message, "sha": sha, "branch": branch });
        let url = self.contents_url(repo, path)?;
        self.http
            .send(Method::DELETE, url, Some(&body))
            .await?
            .json()
    }

    /// The contents URL of `path`, refused when a segment is empty, `.` or `..`: joined into
    /// the API URL, such a path would name another endpoint (`contents/../../pulls`).
    fn contents_url(&self, repo: &RepoName, path: &str) -> Result<Url, GithubError> {
        let unsafe_segment = path
            .split('/')
            .any(|segment| matches!(segment, "" | "." | "..") || segment.contains('\\'));
        if unsafe_segment || path.chars().any(char::is_control) {
            return Err(GithubError::Config {
                message: format!(
                    "{path:?} is not a file path in the repository (empty, `.` or `..` segments, \
                     backslashes or control characters); name the file by its path from the top"
                ),
            });
        }
        Ok(self.url(&format!("repos/{repo}/contents/{path}")))
    }

    /// Opens a pull request. When one is already open for the same head, the error carries
    /// its URL.
    pub async fn create_pull(
        &self,
        repo: &RepoName,
        pull: &NewPull<'_>,
    ) -> Result<PullRequest, GithubError> {
        let body = serde_json::to_value(pull).expect("a pull serializes");
        match self
            .send(Method::POST, &format!("repos/{repo}/pulls"), body)
            .await
        {
            Err(GithubError::Validation { errors, .. })
                if errors.iter().any(|e| e.contains("already exists")) =>
            {
                let open = self.pulls_with_head(repo, pull.head).await?;
                let url = open
                    .first()
                    .map(|p| p.html_url.clone())
                    .unwrap_or_else(|| format!("{} (head {})", repo, pull.head));
                Err(GithubError::PullExists { url })
            }
            other => other,
        }
    }

    /// Open pulls whose head is `head` (`branch` or `owner:branch`).
    pub async fn pulls_with_head(
        &self,
        repo: &RepoName,
        head: &str,
    ) -> Result<Vec<PullRequest>, GithubError> {
        let head = if head.contains(':') {
            head.to_string()
        } else {
            format!("{}:{head}", repo.owner())
        };
        let mut url = self.url(&format!("repos/{repo}/pulls"));
        url.query_pairs_mut()
            .append_pair("state", "open")
            .append_pair("head", &head);
        self.list(url, |_: &PullRequest| true).await
    }

    pub async fn pull(&self, repo: &RepoName, number: u64) -> Result<PullRequest, GithubError> {
        self.get(self.url(&format!("repos/{repo}/pulls/{number}")))
            .await
    }

    /// The files a PR changes (its "Files changed"), every page. GitHub lists at most 3000.
    pub async fn pull_files(
        &self,
        repo: &RepoName,
        number: u64,
    ) -> Result<Vec<PullFile>, GithubError> {
        let url = self.url(&format!("repos/{repo}/pulls/{number}/files"));
        self.list(url, |_: &PullFile| true).await
    }

    /// Pulls, most recently updated first, stopping at the first one last updated before
    /// `updated_since` (RFC 3339).
    pub async fn pulls(
        &self,
        repo: &RepoName,
        filter: PullFilter,
        updated_since: Option<&str>,
    ) -> Result<Vec<PullRequest>, GithubError> {
        let mut url = self.url(&format!("repos/{repo}/pulls"));
        url.query_pairs_mut()
            .append_pair("state", filter.as_str())
            .append_pair("sort", "updated")
            .append_pair("direction", "desc");
        self.list(url, |pull: &PullRequest| {
            updated_since.is_none_or(|since| pull.updated_at.as_str() >= since)
        })
        .await
    }

    /// Every comment on a PR (or issue), oldest first.
    pub async fn comments(
        &self,
        repo: &RepoName,
        number: u64,
    ) -> Result<Vec<IssueComment>, GithubError> {
        let url = self.url(&format!("repos/{repo}/issues/{number}/comments"));
        self.list(url, |_: &IssueComment| true).await
    }

    pub async fn comment(
        &self,
        repo: &RepoName,
        number: u64,
        body: &str,
    ) -> Result<IssueComment, GithubError> {
        self.send(
            Method::POST,
            &format!("repos/{repo}/issues/{number}/comments"),
            json!({ "body": body }),
        )
        .await
    }

    pub async fn check_runs(
        &self,
        repo: &RepoName,
        reference: &str,
    ) -> Result<CheckRuns, GithubError> {
        let reference = git_ref(reference)?;
        self.get(self.url(&format!("repos/{repo}/commits/{reference}/check-runs")))
            .await
    }

    pub async fn combined_status(
        &self,
        repo: &RepoName,
        reference: &str,
    ) -> Result<CombinedStatus, GithubError> {
        let reference = git_ref(reference)?;
        self.get(self.url(&format!("repos/{repo}/commits/{reference}/status")))
            .await
    }

    /// Workflow runs, newest first, optionally of one branch only.
    pub async fn workflow_runs(
        &self,
        repo: &RepoName,
        branch: Option<&str>,
    ) -> Result<WorkflowRuns, GithubError> {
        let mut url = self.url(&format!("repos/{repo}/actions/runs"));
        if let Some(branch) = branch {
            url.query_pairs_mut().append_pair("branch", branch);
        }
        self.get(url).await
    }

    /// Merges a PR (`merge`, `squash` or `rebase`); with `head_sha`, only while its head is still
    /// that commit ([`GithubError::Conflict`] otherwise).
    pub async fn merge(
        &self,
        repo: &RepoName,
        number: u64,
        method: &str,
        head_sha: Option<&str>,
    ) -> Result<MergeResult, GithubError> {
        // With `sha`, GitHub merges only while the PR's head is that commit, else 409 "Head
        // branch was modified": what was reviewed (or synced) is what lands.
        let mut body = json!({ "merge_method": method });
        if let Some(sha) = head_sha {
            body["sha"] = json!(sha);
        }
        self.send(
            Method::PUT,
            &format!("repos/{repo}/pulls/{number}/merge"),
            body,
        )
        .await
    }

    /// Asks for a fork under the caller's account. GitHub answers 202 at once and creates it
    /// in the background: use [`wait_for_fork`](Self::wait_for_fork) before writing to it.
    pub async fn create_fork(&self, repo: &RepoName) -> Result<Repository, GithubError> {
        self.send(
            Method::POST,
            &format!("repos/{repo}/forks"),
            json!({ "default_branch_only": true }),
        )
        .await
    }

    /// Waits until `fork` answers with its default branch, up to `timeout`.
    pub async fn wait_for_fork(
        &self,
        fork: &RepoName,
        timeout: Duration,
    ) -> Result<Repository, GithubError> {
        let started = std::time::Instant::now();
        let mut delay = Duration::from_millis(100);
        loop {
            match self.repo(fork).await {
                Ok(repo) => {
                    if self
                        .branch_head(fork, &repo.default_branch)
                        .await?
                        .is_some()
                    {
                        return Ok(repo);
                    }
                }
                Err(GithubError::NotFound { .. }) => {}
                Err(error) => return Err(error),
            }
            if started.elapsed() >= timeout {
                return Err(GithubError::Config {
                    message: format!(
                        "the fork {fork} was not ready after {} s; try again in a minute",
                        timeout.as_secs()
                    ),
                });
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(2));
        }
    }
}

fn parse_api_url(raw: &str) -> Result<Url, GithubError> {
    let trimmed = raw.trim();
    let with_slash = if trimmed.ends_with('/') {
        trimmed.to_string()
    } else {
        format!("{trimmed}/")
    };
    let url = Url::parse(&with_slash).map_err(|error| GithubError::Config {
        message: format!(
            "the GitHub API URL {raw:?} is not a URL ({error}); use {DEFAULT_API_URL} or https://HOST/api/v3 for GitHub Enterprise"
        ),
    })?;
    if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
        return Err(GithubError::Config {
            message: format!(
                "the GitHub API URL {raw:?} must be http(s)://HOST[/api/v3]; use {DEFAULT_API_URL} for github.com"
            ),
        });
    }
    Ok(url)
}

/// The web host pages of this API live on: `github.com` for `api.github.com`, the same host
/// for GitHub Enterprise (and for the test server).
pub fn web_host(api_url: &str) -> Option<String> {
    let url = parse_api_url(api_url).ok()?;
    let host = url.host_str()?;
    Some(host.strip_prefix("api.").unwrap_or(host).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_hosts() {
        assert_eq!(web_host(DEFAULT_API_URL).as_deref(), Some("github.com"));
        assert_eq!(
            web_host("https://ghe.example.com/api/v3").as_deref(),
            Some("ghe.example.com")
        );
        assert_eq!(web_host("not a url"), None);
    }

    #[test]
    fn bad_api_urls_say_what_to_use() {
        let error = parse_api_url("ftp://x").unwrap_err().to_string();
        assert!(error.contains("https://api.github.com"), "{error}");
        let error = parse_api_url("github").unwrap_err().to_string();
        assert!(error.contains("\"github\""), "{error}");
    }
}
