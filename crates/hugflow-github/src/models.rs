//! The parts of GitHub's JSON that Hugflow reads. Unknown fields are ignored, so GitHub adding
//! fields never breaks a poll.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub login: String,
    #[serde(default)]
    pub id: u64,
    /// `User` or `Bot`.
    #[serde(rename = "type", default)]
    pub kind: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permissions {
    #[serde(default)]
    pub admin: bool,
    #[serde(default)]
    pub push: bool,
    #[serde(default)]
    pub pull: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repository {
    pub full_name: String,
    pub name: String,
    pub owner: User,
    pub default_branch: String,
    pub html_url: String,
    pub clone_url: String,
    #[serde(default)]
    pub fork: bool,
    #[serde(default)]
    pub private: bool,
    /// What the token may do; GitHub sends it only to authenticated callers.
    #[serde(default)]
    pub permissions: Option<Permissions>,
}

impl Repository {
    pub fn can_push(&self) -> bool {
        self.permissions.is_some_and(|p| p.push || p.admin)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GitObject {
    pub sha: String,
    #[serde(rename = "type", default)]
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GitReference {
    #[serde(rename = "ref")]
    pub name: String,
    pub object: GitObject,
}

/// A file as `GET /repos/{o}/{r}/contents/{path}` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentFile {
    pub path: String,
    pub sha: String,
    #[serde(default)]
    pub size: u64,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub encoding: String,
    #[serde(default)]
    pub html_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentCommit {
    pub sha: String,
    /// The commit(s) it was made on; a contents write makes one commit on the branch's head.
    #[serde(default)]
    pub parents: Vec<CommitParent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitParent {
    pub sha: String,
}

/// The answer to `PUT contents` and `DELETE contents` (whose `content` is `null`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentWrite {
    pub content: Option<ContentFile>,
    pub commit: ContentCommit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullBranch {
    /// `owner:branch`.
    pub label: String,
    #[serde(rename = "ref")]
    pub branch: String,
    pub sha: String,
    /// `None` when the fork it came from was deleted.
    pub repo: Option<Box<Repository>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullRequest {
    pub number: u64,
    pub html_url: String,
    /// `open` or `closed`.
    pub state: String,
    pub title: String,
    #[serde(default)]
    pub body: Option<String>,
    pub user: User,
    pub head: PullBranch,
    pub base: PullBranch,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default)]
    pub closed_at: Option<String>,
    #[serde(default)]
    pub merged_at: Option<String>,
}

impl PullRequest {
    pub fn is_open(&self) -> bool {
        self.state == "open"
    }

    pub fn is_merged(&self) -> bool {
        self.merged_at.is_some()
    }
}

/// What a PR did to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PullFileStatus {
    Added,
    Removed,
    Modified,
    Renamed,
    Copied,
    /// The file's mode or type changed.
    Changed,
    Unchanged,
    /// A status GitHub added after this was written.
    #[serde(other)]
    Other,
}

/// One entry of `GET /repos/{o}/{r}/pulls/{n}/files`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullFile {
    pub filename: String,
    pub status: PullFileStatus,
    /// The blob; GitHub leaves it out for some entries (submodules).
    #[serde(default)]
    pub sha: Option<String>,
    /// The path before a rename.
    #[serde(default)]
    pub previous_filename: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueComment {
    pub id: u64,
    pub user: User,
    pub body: String,
    pub created_at: String,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub html_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRun {
    pub id: u64,
    pub name: String,
    /// `queued`, `in_progress` or `completed`.
    pub status: String,
    /// Set when completed: `success`, `failure`, `cancelled`, `timed_out`, ...
    #[serde(default)]
    pub conclusion: Option<String>,
    #[serde(default)]
    pub html_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRuns {
    pub total_count: u64,
    pub check_runs: Vec<CheckRun>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitStatus {
    pub context: String,
    /// `error`, `failure`, `pending` or `success`.
    pub state: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub target_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CombinedStatus {
    /// `failure`, `pending` or `success` (`pending` also when there are no statuses).
    pub state: String,
    pub sha: String,
    pub total_count: u64,
    pub statuses: Vec<CommitStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowRun {
    pub id: u64,
    #[serde(default)]
    pub name: Option<String>,
    pub head_branch: Option<String>,
    pub head_sha: String,
    pub event: String,
    /// `queued`, `in_progress`, `completed`, ...
    pub status: Option<String>,
    pub conclusion: Option<String>,
    pub html_url: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowRuns {
    pub total_count: u64,
    pub workflow_runs: Vec<WorkflowRun>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeResult {
    pub sha: String,
    pub merged: bool,
    pub message: String,
}

/// A new pull request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewPull<'a> {
    pub title: &'a str,
    /// `branch` in the same repository, `owner:branch` from a fork.
    pub head: &'a str,
    pub base: &'a str,
    pub body: &'a str,
}

/// Which pulls to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PullFilter {
    Open,
    Closed,
    All,
}

impl PullFilter {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
            Self::All => "all",
        }
    }
}
