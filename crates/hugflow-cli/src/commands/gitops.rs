//! The GitOps repository as the CLI reaches it: flags or environment, else the GitHub
//! `origin` of the current folder; the token in Hugflow's order (keyring, GH_TOKEN or
//! GITHUB_TOKEN, `gh auth token`).

use std::process::{Command, Stdio};

use anyhow::Context;
use hugflow_github::RepoName;
use hugflow_gitops::{Gitops, GitopsSettings};
use hugflow_secrets::{Destination, OsKeyring, SecretId, Secrets};

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
    Ok(hugflow_ops::requests::connect(settings, token)?)
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
