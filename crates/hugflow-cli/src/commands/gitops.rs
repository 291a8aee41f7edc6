//! The GitOps repository as the CLI reaches it: flags or environment, else the GitHub
//! `origin` of the current folder; the token in Hugflow's order (keyring, GH_TOKEN or
//! GITHUB_TOKEN, `gh auth token`); and the Hub facts a request PR quotes.

use std::process::{Command, Stdio};

use anyhow::Context;
use hugflow_github::{GithubClient, GithubConfig, RepoName};
use hugflow_gitops::{DatasetFacts, Gitops, GitopsSettings};
use hugflow_secrets::{Destination, OsKeyring, SecretId, Secrets};

use super::hub;
use crate::cli::GitopsArgs;

pub fn settings(args: &GitopsArgs) -> anyhow::Result<GitopsSettings> {
    let repo = match &args.repo {
        Some(repo) => repo.clone(),
        None => origin_repo().context(
            "no GitOps repository: pass --repo OWNER/NAME, set HUGFLOW_GITOPS_REPO, or run inside a clone of it",
        )?,
    };
    Ok(GitopsSettings {
        repo,
        base_branch: args.base.clone(),
        api_url: args.github_api.clone(),
        sync_bots: Vec::new(),
    })
}

pub fn connect(settings: &GitopsSettings) -> anyhow::Result<Gitops> {
    // Every GitOps call needs the token; when the keyring could not be asked, or its token
    // was saved for another GitHub, and nothing else has one, say so now rather than a 401
    // later. `gh auth token` is asked for this API's host only.
    let to = Destination::new(&settings.api_url)?
        .with_gh_host(hugflow_github::web_host(&settings.api_url));
    let token = Secrets::new(OsKeyring::default())
        .optional(SecretId::GithubToken, &to)?
        .map(|found| found.value);
    let client = GithubClient::new(GithubConfig::new(&settings.api_url, token))?;
    Ok(Gitops::new(client, settings)?)
}

/// `owner/name` of the current folder's `origin`, when it is a GitHub remote
/// (`git@HOST:owner/name.git` or `https://HOST/owner/name`).
fn origin_repo() -> Option<String> {
    let output = Command::new("git")
        .args(["remote", "get-url", "origin"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let url = String::from_utf8(output.stdout).ok()?;
    let url = url.trim();
    let path = match url.split_once("://") {
        Some(_) => url.to_string(),
        None => url.split_once(':')?.1.to_string(),
    };
    RepoName::parse(&path).ok().map(|name| name.to_string())
}

/// Size, file count and page of the dataset, or that the Hub disabled it, when the Hub
/// answers (see [`DatasetFacts::lookup`]); a request can still be made without them.
pub fn facts(hf_id: &str, revision: Option<&str>) -> DatasetFacts {
    let lookup = || -> anyhow::Result<DatasetFacts> {
        let client = hub::client()?;
        Ok(hub::runtime()?.block_on(DatasetFacts::lookup(&client, hf_id, revision)))
    };
    lookup().unwrap_or_else(|error| {
        tracing::warn!("the PR will not quote the dataset's size: {error:#}");
        DatasetFacts::default()
    })
}
