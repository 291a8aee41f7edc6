//! What the request-flow tests share: the flow against the fake GitHub, signed in as `login`.

use hugflow_core::config::Secret;
use hugflow_github::{GithubClient, GithubConfig, RetryPolicy};
use hugflow_gitops::{Gitops, GitopsSettings};
use hugflow_testkit::github::FakeGithub;

/// The request flow on the fake GitHub's GitOps repository, as `login`, with quick retries.
pub fn gitops(github: &FakeGithub, login: &str) -> Gitops {
    let config = GithubConfig::new(github.url(), Some(Secret::new(github.token_of(login))))
        .with_retry(RetryPolicy::quick());
    let settings = GitopsSettings {
        repo: github.repo().into(),
        base_branch: None,
        api_url: github.url().into(),
        sync_bots: Vec::new(),
    };
    Gitops::new(GithubClient::new(config).unwrap(), &settings).unwrap()
}
