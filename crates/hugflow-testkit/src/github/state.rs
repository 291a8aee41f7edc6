//! What the fake GitHub knows: users and their tokens, repositories (each a real bare git
//! repository), pulls, comments, checks, statuses, workflow runs, and per-token rate limits.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};

use super::git::Git;

/// A GitHub account the fake knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GithubUser {
    pub login: String,
    pub token: String,
    /// `Bot` accounts (`github-actions[bot]`) write the sync comments.
    pub bot: bool,
}

impl GithubUser {
    pub fn new(login: &str, token: &str) -> Self {
        Self {
            login: login.into(),
            token: token.into(),
            bot: false,
        }
    }

    pub fn bot(login: &str, token: &str) -> Self {
        Self {
            bot: true,
            ..Self::new(login, token)
        }
    }

    pub fn email(&self) -> String {
        format!(
            "{}@users.noreply.github.test",
            self.login.replace(['[', ']'], "")
        )
    }
}

/// A pull request.
#[derive(Debug, Clone)]
pub struct Pull {
    pub id: u64,
    pub number: u64,
    pub title: String,
    pub body: String,
    pub user: String,
    /// `owner/name` of the repository the head branch lives in.
    pub head_repo: String,
    pub head_ref: String,
    pub head_sha: String,
    pub base_ref: String,
    pub base_sha: String,
    pub open: bool,
    pub created_at: String,
    pub updated_at: String,
    pub closed_at: Option<String>,
    pub merged_at: Option<String>,
    pub merge_sha: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub id: u64,
    pub issue: u64,
    pub user: String,
    pub body: String,
    pub created_at: String,
}

/// A check run a test sets on a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRunSpec {
    pub name: String,
    /// `queued`, `in_progress` or `completed`.
    pub status: String,
    pub conclusion: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StoredCheck {
    pub id: u64,
    pub sha: String,
    pub spec: CheckRunSpec,
}

#[derive(Debug, Clone)]
pub struct StoredStatus {
    pub sha: String,
    pub context: String,
    pub state: String,
    pub description: Option<String>,
    pub target_url: Option<String>,
}

/// A workflow run a test adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkflowRunSpec {
    pub name: String,
    pub head_branch: String,
    pub head_sha: String,
    pub event: String,
    pub status: String,
    pub conclusion: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StoredRun {
    pub id: u64,
    pub spec: WorkflowRunSpec,
    pub created_at: String,
}

#[derive(Debug)]
pub struct Repo {
    pub id: u64,
    pub owner: String,
    pub name: String,
    pub git: Git,
    pub default_branch: String,
    /// Logins with push access (the owner always has it).
    pub pushers: BTreeSet<String>,
    pub parent: Option<String>,
    /// A fork answers only from this moment on (GitHub creates forks in the background).
    pub ready_at: Instant,
    pub pulls: Vec<Pull>,
    pub comments: Vec<Comment>,
    pub checks: Vec<StoredCheck>,
    pub statuses: Vec<StoredStatus>,
    pub runs: Vec<StoredRun>,
}

impl Repo {
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }

    pub fn can_push(&self, login: &str) -> bool {
        self.owner.eq_ignore_ascii_case(login) || self.pushers.contains(login)
    }

    pub fn is_ready(&self) -> bool {
        Instant::now() >= self.ready_at
    }

    pub fn branch_sha(&self, branch: &str) -> Option<String> {
        self.git.resolve(&format!("refs/heads/{branch}"))
    }
}

/// A token's core rate limit.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    pub limit: u64,
    pub remaining: u64,
    pub reset: u64,
}

#[derive(Debug, Default)]
pub struct World {
    /// Keyed by lower-case `owner/name` (GitHub names are case-insensitive).
    pub repos: BTreeMap<String, Repo>,
    pub next_id: u64,
    pub rates: HashMap<String, Rate>,
    /// The next this-many requests get a secondary rate limit (429 with `Retry-After`).
    pub secondary_limited: u32,
}

impl World {
    pub fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn repo(&self, full_name: &str) -> Option<&Repo> {
        self.repos.get(&full_name.to_ascii_lowercase())
    }

    pub fn repo_mut(&mut self, full_name: &str) -> Option<&mut Repo> {
        self.repos.get_mut(&full_name.to_ascii_lowercase())
    }
}

/// Options of a fake GitHub.
#[derive(Debug, Clone)]
pub struct GithubOptions {
    /// 0 picks a free port.
    pub port: u16,
    /// The GitOps repository, `owner/name`.
    pub repo: String,
    pub default_branch: String,
    /// Accounts; the first is the one [`FakeGithub::token`](super::FakeGithub::token) returns.
    pub users: Vec<GithubUser>,
    /// Logins with push access to the GitOps repository.
    pub pushers: Vec<String>,
    /// Files of the first commit on the default branch.
    pub seed_files: Vec<(String, Vec<u8>)>,
    /// How long a fork takes to become usable.
    pub fork_delay: Duration,
    /// Requests per token per hour.
    pub rate_limit: u64,
    /// Where the bare repositories go; a temporary folder when `None`.
    pub root: Option<PathBuf>,
}

/// The login `FakeGithub::token` belongs to by default: a team member with push access.
pub const REQUESTER: &str = "hf-requester";
/// A user without push access, who has to fork.
pub const OUTSIDER: &str = "outsider";
/// The account `hugflow sync --ci-mode` comments as in GitHub Actions.
pub const ACTIONS_BOT: &str = "github-actions[bot]";

impl Default for GithubOptions {
    fn default() -> Self {
        Self {
            port: 0,
            repo: "hugflow-team/datasets-gitops".into(),
            default_branch: "main".into(),
            users: vec![
                GithubUser::new(REQUESTER, "ghp_testkit_requester"),
                GithubUser::new(OUTSIDER, "ghp_testkit_outsider"),
                GithubUser::bot(ACTIONS_BOT, "ghs_testkit_actions"),
            ],
            pushers: vec![REQUESTER.into(), ACTIONS_BOT.into()],
            seed_files: vec![
                (
                    "README.md".into(),
                    b"# Datasets\n\nAsk for a dataset with a YAML file in requests/add/.\n"
                        .to_vec(),
                ),
                ("requests/add/.gitkeep".into(), Vec::new()),
                ("requests/remove/.gitkeep".into(), Vec::new()),
            ],
            fork_delay: Duration::from_millis(300),
            rate_limit: 5_000,
            root: None,
        }
    }
}

/// Now, as GitHub writes times: `2026-01-02T03:04:05Z`.
pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn unix_now() -> u64 {
    Utc::now().timestamp().max(0) as u64
}
