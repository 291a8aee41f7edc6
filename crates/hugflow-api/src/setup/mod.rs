//! The first-run setup: what a fresh profile is walked through before the catalogue (GitHub
//! account and GitOps repository, the Hugging Face token, a first host, the first crawl).
//!
//! Only what the existing settings cannot answer lives here: whether the setup was done, who
//! GitHub says the token belongs to, whether the GitOps repository exists for it, and which
//! `Host`s of the ssh config the Add host rule accepts. Tokens, request settings, hosts and
//! the crawl are saved and started through the same calls Settings, Hosts and the catalogue
//! use, so the setup adds no second way to store anything.

use hugflow_github::{GithubClient, GithubConfig, GithubError};
use hugflow_gitops::GitopsSettings;
use hugflow_ops::requests as ops;
use hugflow_secrets::{SecretId, SecretSource};
use serde::Serialize;

use crate::{ApiError, AppPaths, ErrorCode, HostInput, HugflowApp, RequestSettings};

/// The SQLite setting that says the setup was finished or skipped.
const SETUP_DONE: &str = "setup_done";

/// The GitHub account the app would act as, as the setup's GitHub step shows it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct GithubAccount {
    /// Where the token comes from (keyring, environment, `gh auth token`); `None`: no token.
    pub source: Option<SecretSource>,
    /// The environment variable, when `source` is `environment`.
    pub env_var: Option<String>,
    /// The GitHub API the token is sent to.
    pub api_url: String,
    /// GitHub's login for the token (`GET /user`).
    pub login: Option<String>,
    /// Why no login could be read although a token may exist (refused, offline, a locked
    /// keyring); the message says what to do.
    pub error: Option<ApiError>,
}

/// The GitOps repository as GitHub describes it, after it was saved in the request settings.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct GitopsRepository {
    /// `owner/name` as saved.
    pub repo: String,
    pub default_branch: String,
    pub private: bool,
    /// Whether the token may push there; `None` when GitHub did not say (no token). Without
    /// push access request PRs come from a fork.
    pub can_push: Option<bool>,
    /// The request settings now in effect.
    pub settings: RequestSettings,
}

/// A `Host` of the user's ssh config, offered as a first host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SshHostChoice {
    pub name: String,
    /// Why Add host would refuse this name (the same `HostInput::checked` rule); `None`: it
    /// can be added as it is.
    pub refused: Option<String>,
}

/// Records that the setup is done in the profile at `paths`, as finishing it does: a profile
/// seeded so (a returning user's, or a test's) starts on the catalogue.
pub fn record_setup_done(paths: &AppPaths) -> Result<(), ApiError> {
    hugflow_db::Database::open(&paths.database())?.set_setting(SETUP_DONE, "yes")?;
    Ok(())
}

impl HugflowApp {
    /// Whether the setup was finished or skipped. A profile from before the setup existed,
    /// with a GitOps repository or a host already saved, counts as done: its user set the app
    /// up by hand.
    pub fn setup_done(&self) -> Result<bool, ApiError> {
        if self.db.setting(SETUP_DONE)?.is_some() {
            return Ok(true);
        }
        let configured = !self.request_settings()?.repo.trim().is_empty();
        Ok(configured || !self.db.hosts()?.is_empty())
    }

    /// "Finish" or "Skip setup": the next start opens the catalogue.
    pub fn finish_setup(&self) -> Result<(), ApiError> {
        self.db.set_setting(SETUP_DONE, "yes")?;
        tracing::info!("first-run setup done");
        Ok(())
    }

    /// Where the GitHub token would come from now and whose it is. Failures to reach GitHub
    /// or to read the keyring are part of the answer, so the step still shows what was found.
    pub async fn github_account(&self) -> Result<GithubAccount, ApiError> {
        let api_url = self.request_settings()?.api_url;
        let mut account = GithubAccount {
            source: None,
            env_var: None,
            api_url: api_url.clone(),
            login: None,
            error: None,
        };
        let to = match crate::github_destination(&api_url) {
            Ok(to) => to,
            Err(error) => {
                account.error = Some(error.into());
                return Ok(account);
            }
        };
        let token = match self.secrets.optional(SecretId::GithubToken, &to) {
            Ok(Some(found)) => found,
            Ok(None) => return Ok(account),
            Err(missing) => {
                account.error = Some(missing.into());
                return Ok(account);
            }
        };
        account.source = Some(token.source);
        account.env_var = token.env_var.map(str::to_string);
        let user = match GithubClient::new(GithubConfig::new(&api_url, Some(token.value))) {
            Ok(client) => client.user().await,
            Err(error) => Err(error),
        };
        match user {
            Ok(user) => account.login = Some(user.login),
            Err(error) => account.error = Some(account_error(error, token.source)),
        }
        Ok(account)
    }

    /// Looks the GitOps repository up on GitHub with the token in effect and, when it is
    /// there, saves it as the Requests settings' repository (base branch: its default).
    pub async fn setup_gitops_repo(&self, repo: &str) -> Result<GitopsRepository, ApiError> {
        let current = self.request_settings()?;
        let wanted = RequestSettings {
            repo: repo.to_string(),
            ..current.clone()
        };
        let (repo, api_url) = wanted.checked_gitops()?;
        if repo.is_empty() {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                "enter the GitOps repository as owner/name (e.g. my-team/datasets-gitops)",
            ));
        }
        let to = crate::github_destination(&api_url)?;
        let token = self
            .secrets
            .optional(SecretId::GithubToken, &to)?
            .map(|found| found.value);
        let has_token = token.is_some();
        let gitops = ops::connect(
            &GitopsSettings {
                repo,
                base_branch: None,
                api_url,
                sync_bots: Vec::new(),
            },
            token,
        )?;
        let name = gitops.repo().to_string();
        let found = gitops
            .client()
            .repo(gitops.repo())
            .await
            .map_err(|error| repo_error(error, &name, has_token))?;
        let settings = self.set_request_settings(&RequestSettings {
            repo: name.clone(),
            base_branch: String::new(),
            ..current
        })?;
        tracing::info!(repo = name, "GitOps repository set by the setup");
        Ok(GitopsRepository {
            repo: name,
            can_push: found.permissions.map(|p| p.push || p.admin),
            default_branch: found.default_branch,
            private: found.private,
            settings,
        })
    }

    /// The `Host`s of the ssh config not added yet, each with Add host's verdict on its name.
    pub fn setup_ssh_hosts(&self) -> Vec<SshHostChoice> {
        host_choices(self.ssh_config_hosts())
    }
}

/// Each name with Add host's verdict: an ssh config is the user's file, but a name in it can
/// still be one ssh would read as an option, so it gets no "Add" button.
fn host_choices(names: Vec<String>) -> Vec<SshHostChoice> {
    names
        .into_iter()
        .map(|name| {
            let input = HostInput {
                cluster: None,
                name: name.clone(),
                storage_root: None,
                checkout: None,
            };
            SshHostChoice {
                refused: input.checked().err().map(|e| e.message),
                name,
            }
        })
        .collect()
}

/// GitHub's refusal of the token, with what to do about the token's source.
fn account_error(error: GithubError, source: SecretSource) -> ApiError {
    let mut api: ApiError = error.into();
    if api.code == ErrorCode::Unauthorized {
        let fix = match source {
            SecretSource::Keyring => "save a new token here",
            SecretSource::Environment => "fix GITHUB_TOKEN/GH_TOKEN, or save a token here",
            SecretSource::GhCli => "run `gh auth login` again, or save a token here",
        };
        api.message = format!("{}: {fix}", api.message);
    }
    api
}

/// A repository GitHub does not show: missing, or private and the token cannot see it.
fn repo_error(error: GithubError, repo: &str, has_token: bool) -> ApiError {
    let api: ApiError = error.into();
    if api.code != ErrorCode::NotFound {
        return api;
    }
    let fix = if has_token {
        "check the name, or use a token that can read it"
    } else {
        "check the name; a private repository needs a GitHub token (the step above)"
    };
    ApiError::new(
        ErrorCode::NotFound,
        format!("GitHub shows no repository {repo}: {fix}"),
    )
}

#[cfg(test)]
mod tests;
