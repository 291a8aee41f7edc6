//! The request flow and the Requests page: settings (GitOps repository, base branch, API URL,
//! which notifications), the live plan and duplicate check of a draft, "Create PR", and the
//! poller that follows every request PR, keeps the last states in SQLite and notifies the
//! user of what is new: once per event, also across restarts.

use std::sync::Arc;
use std::time::Duration;

use hugflow_core::sync_report::EventKind;
use hugflow_db::requests::RequestSnapshot;
use hugflow_github::{GithubClient, GithubConfig, GithubError};
use hugflow_gitops::{
    Draft, Duplicate, Gitops, GitopsError, GitopsSettings, OpenedRequest, Plan, RequestItem,
    sort_requests,
};
use hugflow_ops::requests as ops;
use hugflow_secrets::SecretId;
use serde::{Deserialize, Serialize};

use crate::links::AllowedUrl;
use crate::{ApiError, ErrorCode, HugflowApp};

const REPO: &str = "gitops_repo";
const BASE_BRANCH: &str = "gitops_base_branch";
const API_URL: &str = "github_api_url";
/// How often the Requests page is refreshed; `HUGFLOW_REQUESTS_POLL_MS` overrides it (tests,
/// demos). Errors back off up to [`MAX_BACKOFF`].
const POLL_INTERVAL: Duration = Duration::from_secs(30);
const MAX_BACKOFF: Duration = Duration::from_secs(300);
/// What the PR body says the request came from.
const ORIGIN: &str = "Hugflow Desktop";

/// Which request events become desktop notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct NotificationSettings {
    pub complete: bool,
    pub failed: bool,
    pub merged: bool,
    pub comment: bool,
}

impl NotificationSettings {
    fn allows(&self, kind: EventKind) -> bool {
        match kind {
            EventKind::Complete => self.complete,
            EventKind::Failed => self.failed,
            EventKind::Merged => self.merged,
            EventKind::Comment => self.comment,
        }
    }

    fn key(kind: EventKind) -> &'static str {
        match kind {
            EventKind::Complete => "notify_complete",
            EventKind::Failed => "notify_failed",
            EventKind::Merged => "notify_merged",
            EventKind::Comment => "notify_comment",
        }
    }
}

/// Where requests go, as Settings shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RequestSettings {
    /// `owner/name`; empty until set.
    pub repo: String,
    /// Empty: the repository's default branch.
    pub base_branch: String,
    pub api_url: String,
    pub notifications: NotificationSettings,
}

impl RequestSettings {
    /// The repository (empty, or `owner/name`) and the API URL as saved, trimmed, or why
    /// they cannot be. The UI's tests read its answers from `rule_fixtures`.
    pub fn checked_gitops(&self) -> Result<(String, String), ApiError> {
        let repo = self.repo.trim();
        if !repo.is_empty() {
            hugflow_github::RepoName::parse(repo).map_err(invalid)?;
        }
        let api_url = self.api_url.trim();
        GithubClient::new(GithubConfig::new(api_url, None)).map_err(invalid)?;
        Ok((repo.to_string(), api_url.to_string()))
    }
}

/// A draft's plan and whether it would duplicate something.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RequestCheck {
    pub plan: Plan,
    pub duplicate: Option<Duplicate>,
}

/// The Requests page.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RequestsView {
    /// `None` until a GitOps repository is set.
    pub repo: Option<String>,
    pub login: Option<String>,
    /// When GitHub last answered; `None` before the first poll.
    pub polled_at: Option<String>,
    pub items: Vec<RequestItem>,
    /// Why the last poll failed (the items are then the last known ones).
    pub error: Option<ApiError>,
}

/// A desktop notification as the shell shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub title: String,
    pub body: String,
    /// What clicking it opens: only a URL the allow-list admitted (`crate::links`); `None`
    /// shows it without an "open" action.
    pub url: Option<AllowedUrl>,
}

/// What the app wants to tell the user, with a link from outside (a PR's URL, an Actions run
/// URL from a host's database) not checked yet: `HugflowApp::notify` checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Notice {
    pub title: String,
    pub body: String,
    pub link: Option<String>,
}

impl HugflowApp {
    pub fn request_settings(&self) -> Result<RequestSettings, ApiError> {
        let flag = |kind| -> Result<bool, ApiError> {
            Ok(self.db.setting(NotificationSettings::key(kind))?.as_deref() != Some("off"))
        };
        Ok(RequestSettings {
            repo: self.db.setting(REPO)?.unwrap_or_default(),
            base_branch: self.db.setting(BASE_BRANCH)?.unwrap_or_default(),
            api_url: self.db.setting(API_URL)?.unwrap_or_else(|| {
                std::env::var("GITHUB_API_URL")
                    .ok()
                    .filter(|u| !u.trim().is_empty())
                    .unwrap_or_else(|| hugflow_github::DEFAULT_API_URL.to_string())
            }),
            notifications: NotificationSettings {
                complete: flag(EventKind::Complete)?,
                failed: flag(EventKind::Failed)?,
                merged: flag(EventKind::Merged)?,
                comment: flag(EventKind::Comment)?,
            },
        })
    }

    /// Saves the repository, base branch and API URL (notifications are saved apart).
    pub fn set_request_settings(
        &self,
        settings: &RequestSettings,
    ) -> Result<RequestSettings, ApiError> {
        let (repo, api_url) = settings.checked_gitops()?;
        self.db.set_setting(REPO, &repo)?;
        self.db
            .set_setting(BASE_BRANCH, settings.base_branch.trim())?;
        self.db.set_setting(API_URL, &api_url)?;
        self.requests_wake.notify_one();
        self.request_settings()
    }

    pub fn set_notification_settings(
        &self,
        notifications: NotificationSettings,
    ) -> Result<RequestSettings, ApiError> {
        for kind in [
            EventKind::Complete,
            EventKind::Failed,
            EventKind::Merged,
            EventKind::Comment,
        ] {
            let value = if notifications.allows(kind) {
                "on"
            } else {
                "off"
            };
            self.db
                .set_setting(NotificationSettings::key(kind), value)?;
        }
        self.request_settings()
    }

    /// The draft's plan: YAML, path, branch, title and the core's errors. Local and instant,
    /// for live validation as the user types.
    pub fn plan_request(&self, draft: &Draft) -> Plan {
        ops::plan(draft)
    }

    /// The plan, and whether a host, an open PR or the base branch already has it.
    pub async fn check_request(&self, draft: &Draft) -> Result<RequestCheck, ApiError> {
        let plan = ops::plan(draft);
        let held = self.hosts_holding(&plan)?;
        let duplicate = if plan.is_valid() {
            self.gitops()?.duplicate(&plan, &held).await?
        } else {
            None
        };
        Ok(RequestCheck { plan, duplicate })
    }

    /// "Create PR": branch, commit, PR (through a fork without push access).
    pub async fn create_request(&self, draft: &Draft) -> Result<OpenedRequest, ApiError> {
        let gitops = self.gitops()?;
        let held = self.hosts_holding(&ops::plan(draft))?;
        let hub = self.hub().ok();
        let opened = ops::open(&gitops, hub.as_ref(), draft, &held, ORIGIN).await?;
        self.requests_wake.notify_one();
        Ok(opened)
    }

    /// Hosts that hold exactly this download (same storage name), as `(host, path)`.
    fn hosts_holding(&self, plan: &Plan) -> Result<Vec<(String, Option<String>)>, ApiError> {
        Ok(self
            .catalogue
            .held_by(&plan.hf_id)?
            .into_iter()
            .filter(|held| held.storage_name == plan.storage_name)
            .map(|held| (held.host, held.path))
            .collect())
    }

    fn gitops(&self) -> Result<Gitops, ApiError> {
        let settings = self.request_settings()?;
        if settings.repo.is_empty() {
            return Err(ApiError::new(
                ErrorCode::NotConfigured,
                "no GitOps repository is set: enter it (owner/name) in Settings → Requests",
            ));
        }
        // Every GitOps call wants the token; a saved one that cannot be used (a locked keyring,
        // a token saved for another GitHub) is named now rather than by a 401 or 404 later,
        // and is never sent to an origin it was not saved for.
        let to = crate::github_destination(&settings.api_url)?;
        let token = self
            .secrets
            .optional(SecretId::GithubToken, &to)?
            .map(|r| r.value);
        let settings = GitopsSettings {
            repo: settings.repo,
            base_branch: Some(settings.base_branch),
            api_url: settings.api_url,
            sync_bots: Vec::new(),
        };
        Ok(ops::connect(&settings, token)?)
    }

    /// The Requests page as last polled (instant, also offline and right after a restart).
    pub fn requests(&self) -> Result<RequestsView, ApiError> {
        let settings = self.request_settings()?;
        let error = self.requests_error.lock().expect("error lock").clone();
        if settings.repo.is_empty() {
            return Ok(RequestsView {
                repo: None,
                login: None,
                polled_at: None,
                items: Vec::new(),
                error,
            });
        }
        let snapshot = self.db.request_snapshot(&settings.repo)?;
        let (login, polled_at, items) = match snapshot {
            Some(snapshot) => {
                let mut items = snapshot
                    .items
                    .iter()
                    .filter_map(|(_, json)| serde_json::from_str::<RequestItem>(json).ok())
                    .collect::<Vec<_>>();
                sort_requests(&mut items);
                (snapshot.login, Some(snapshot.polled_at), items)
            }
            None => (None, None, Vec::new()),
        };
        Ok(RequestsView {
            repo: Some(settings.repo),
            login,
            polled_at,
            items,
            error,
        })
    }

    /// Polls GitHub now and returns the new view.
    pub async fn refresh_requests(&self) -> Result<RequestsView, ApiError> {
        let outcome = self.poll_requests().await;
        *self.requests_error.lock().expect("error lock") = outcome.as_ref().err().cloned();
        match outcome {
            Ok(changed) => {
                if changed {
                    self.host.requests_changed();
                }
                self.requests()
            }
            Err(error) => Err(error),
        }
    }

    /// Polls until the app ends: every 30 s, sooner after a request is created or the
    /// settings change, backing off while GitHub fails or rate-limits.
    pub async fn poll_requests_forever(self: Arc<Self>) {
        let interval = std::env::var("HUGFLOW_REQUESTS_POLL_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(POLL_INTERVAL, Duration::from_millis);
        let mut wait = interval;
        loop {
            let outcome = self.refresh_requests().await;
            wait = match outcome {
                Ok(_) => interval,
                Err(error) if error.code == ErrorCode::NotConfigured => interval,
                Err(error) => {
                    tracing::warn!(code = ?error.code, "polling requests failed: {}", error.message);
                    self.host.requests_changed();
                    (wait * 2).clamp(interval, MAX_BACKOFF.max(interval))
                }
            };
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = self.requests_wake.notified() => {}
            }
        }
    }

    /// One poll: fetch, notify what is new, keep the snapshot. `true` when something changed.
    async fn poll_requests(&self) -> Result<bool, ApiError> {
        let gitops = self.gitops()?;
        let settings = self.request_settings()?;
        let ops::RequestList {
            login,
            requests: items,
            ..
        } = ops::list(&gitops).await?;
        let previous = self.db.request_snapshot(&settings.repo)?;
        // The first poll of a repository only learns what already happened.
        let baseline = previous.is_none();
        for item in items.iter().filter(|item| item.mine) {
            for event in &item.events {
                let new = self
                    .db
                    .record_request_event(&settings.repo, item.number, &event.key)?;
                if new && !baseline && settings.notifications.allows(event.kind) {
                    self.notify(notice(item, event.kind, &event.summary));
                }
            }
        }
        let encoded: Vec<(u64, String)> = items
            .iter()
            .map(|item| {
                let json = serde_json::to_string(item).expect("request items serialize");
                (item.number, json)
            })
            .collect();
        let changed = previous
            .as_ref()
            .is_none_or(|p| p.items != encoded || p.login.as_deref() != Some(login.as_str()));
        self.db.save_request_snapshot(
            &settings.repo,
            &RequestSnapshot {
                login: Some(login),
                polled_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                items: encoded,
            },
        )?;
        Ok(changed)
    }
}

fn notice(item: &RequestItem, kind: EventKind, summary: &str) -> Notice {
    let dataset = item.hf_id.clone().unwrap_or_else(|| item.title.clone());
    let title = match kind {
        EventKind::Complete => format!("Dataset ready: {dataset}"),
        EventKind::Failed => format!("Sync failed: {dataset}"),
        EventKind::Merged => format!("Request merged: {dataset}"),
        EventKind::Comment => format!("New comment on #{} ({dataset})", item.number),
    };
    let body = match kind {
        EventKind::Comment => summary.to_string(),
        _ => item.state.summary(),
    };
    Notice {
        title,
        body,
        link: Some(item.url.clone()),
    }
}

fn invalid(error: GithubError) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, error.to_string())
}

impl From<GithubError> for ApiError {
    fn from(error: GithubError) -> Self {
        let code = match &error {
            GithubError::NoToken => ErrorCode::NotConfigured,
            GithubError::Unauthorized { .. } | GithubError::Forbidden { .. } => {
                ErrorCode::Unauthorized
            }
            GithubError::NotFound { .. } => ErrorCode::NotFound,
            GithubError::RateLimited { .. } => ErrorCode::RateLimited,
            GithubError::Offline { .. } | GithubError::Server { .. } => ErrorCode::Offline,
            GithubError::PullExists { .. } => ErrorCode::Duplicate,
            GithubError::Config { .. } => ErrorCode::InvalidInput,
            GithubError::Validation { .. }
            | GithubError::Conflict { .. }
            | GithubError::NotMergeable { .. }
            | GithubError::Malformed { .. } => ErrorCode::Github,
        };
        Self::new(code, error.to_string())
    }
}

impl From<GitopsError> for ApiError {
    fn from(error: GitopsError) -> Self {
        match error {
            GitopsError::Github(github) => github.into(),
            GitopsError::Duplicate(_) => Self::new(ErrorCode::Duplicate, error.to_string()),
            GitopsError::Invalid(_) => Self::new(ErrorCode::InvalidInput, error.to_string()),
            GitopsError::Disabled { .. } => Self::new(ErrorCode::Disabled, error.to_string()),
            GitopsError::NoBaseBranch { .. } | GitopsError::NoRepository => {
                Self::new(ErrorCode::NotConfigured, error.to_string())
            }
        }
    }
}
