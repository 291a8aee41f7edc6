//! The Requests list: every request PR of the GitOps repository (open, and closed in the last
//! 30 days) with where it stands, from the PR, the sync bot's comments and the PR's checks.

use chrono::{DateTime, SecondsFormat, Utc};
use hugflow_core::request::RequestKind;
use hugflow_core::sync_report::{Event, PrComment, PullState, RequestState, track};
use hugflow_github::{PullFilter, PullRequest};
use serde::{Deserialize, Serialize};

use crate::draft::parse_branch;
use crate::{Gitops, GitopsError};

/// Closed PRs stay on the list this long.
const CLOSED_KEPT_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CheckState {
    /// No checks ran (or the PR is closed: not asked).
    None,
    Pending,
    Success,
    Failure,
}

/// The PR's checks and commit statuses, in one word plus what failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChecksSummary {
    pub state: CheckState,
    pub failing: Vec<String>,
}

/// One request PR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestItem {
    pub number: u64,
    pub url: String,
    pub title: String,
    pub kind: Option<RequestKind>,
    pub hf_id: Option<String>,
    pub storage_name: Option<String>,
    pub author: String,
    /// Opened by the token's user.
    pub mine: bool,
    pub pull: PullState,
    pub state: RequestState,
    pub checks: ChecksSummary,
    /// Milestones so far, with stable keys (for notifying once).
    pub events: Vec<Event>,
    pub created_at: String,
    pub updated_at: String,
}

impl Gitops {
    /// Every request PR, the `login`'s own first, then the most recently updated.
    pub async fn requests(
        &self,
        login: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<RequestItem>, GitopsError> {
        let since = (now - chrono::Duration::days(CLOSED_KEPT_DAYS))
            .to_rfc3339_opts(SecondsFormat::Secs, true);
        let mut pulls = self
            .client
            .pulls(&self.repo, PullFilter::Open, None)
            .await?;
        pulls.extend(
            self.client
                .pulls(&self.repo, PullFilter::Closed, Some(&since))
                .await?,
        );
        let bots: Vec<&str> = self.bots.iter().map(String::as_str).collect();
        let mut items = Vec::new();
        for pull in pulls.into_iter().filter(is_request) {
            let comments: Vec<PrComment> = self
                .client
                .comments(&self.repo, pull.number)
                .await?
                .into_iter()
                .map(|c| PrComment {
                    id: c.id,
                    author: c.user.login,
                    created_at: c.created_at,
                    body: c.body,
                })
                .collect();
            let pull_state = if pull.is_merged() {
                PullState::Merged
            } else if pull.is_open() {
                PullState::Open
            } else {
                PullState::Closed
            };
            let tracked = track(pull_state, &comments, &bots, &pull.user.login);
            let checks = if pull.is_open() {
                self.checks(&pull.head.sha).await?
            } else {
                ChecksSummary {
                    state: CheckState::None,
                    failing: Vec::new(),
                }
            };
            let branch = parse_branch(&pull.head.branch);
            let mine = login.is_some_and(|l| l.eq_ignore_ascii_case(&pull.user.login));
            items.push(RequestItem {
                number: pull.number,
                kind: branch
                    .map(|(kind, _)| kind)
                    .or_else(|| kind_from_title(&pull.title)),
                hf_id: hf_id_from_title(&pull.title),
                storage_name: branch.map(|(_, name)| name.to_string()),
                url: pull.html_url,
                title: pull.title,
                author: pull.user.login,
                mine,
                pull: pull_state,
                state: tracked.state,
                checks,
                events: tracked.events,
                created_at: pull.created_at,
                updated_at: pull.updated_at,
            });
        }
        sort_requests(&mut items);
        Ok(items)
    }

    /// Check runs and commit statuses of a PR's head, folded into one state.
    async fn checks(&self, sha: &str) -> Result<ChecksSummary, GitopsError> {
        let runs = self.client.check_runs(&self.repo, sha).await?;
        let status = self.client.combined_status(&self.repo, sha).await?;
        let mut failing = Vec::new();
        let mut pending = false;
        for run in &runs.check_runs {
            match (run.status.as_str(), run.conclusion.as_deref()) {
                ("completed", Some("success" | "neutral" | "skipped")) => {}
                ("completed", _) => failing.push(run.name.clone()),
                _ => pending = true,
            }
        }
        for status in &status.statuses {
            match status.state.as_str() {
                "success" => {}
                "pending" => pending = true,
                _ => failing.push(status.context.clone()),
            }
        }
        let state = if !failing.is_empty() {
            CheckState::Failure
        } else if pending {
            CheckState::Pending
        } else if runs.check_runs.is_empty() && status.statuses.is_empty() {
            CheckState::None
        } else {
            CheckState::Success
        };
        Ok(ChecksSummary { state, failing })
    }
}

/// The Requests page's order: the user's own first, then the most recently updated.
pub fn sort_requests(items: &mut [RequestItem]) {
    items.sort_by(|a, b| {
        b.mine
            .cmp(&a.mine)
            .then_with(|| b.updated_at.cmp(&a.updated_at))
            .then_with(|| b.number.cmp(&a.number))
    });
}

/// A request PR: on a `hugflow/add-…` or `hugflow/remove-…` branch, or titled as one (a PR
/// made by hand, as the seed's README shows).
fn is_request(pull: &PullRequest) -> bool {
    parse_branch(&pull.head.branch).is_some() || kind_from_title(&pull.title).is_some()
}

fn kind_from_title(title: &str) -> Option<RequestKind> {
    if title.starts_with("Add dataset ") {
        Some(RequestKind::Add)
    } else if title.starts_with("Remove dataset ") {
        Some(RequestKind::Remove)
    } else {
        None
    }
}

fn hf_id_from_title(title: &str) -> Option<String> {
    let rest = title
        .strip_prefix("Add dataset ")
        .or_else(|| title.strip_prefix("Remove dataset "))?;
    let id = rest.split_whitespace().next()?;
    hugflow_core::hf_id::validate_hf_id(id)
        .ok()
        .map(|_| id.to_string())
}
