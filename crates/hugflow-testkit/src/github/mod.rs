//! A fake GitHub REST API on loopback, backed by real bare git repositories (DESIGN §5).
//!
//! It serves what Hugflow calls: the user, repositories with the caller's permissions, branch
//! refs, contents (GET, PUT and DELETE, each write a real commit), pulls (create, also from a
//! fork with `head = "user:branch"`; list with filters and `Link` pagination; get; the files
//! changed, from `git diff` against the merge base; merge into a real merge commit), issue
//! comments, check runs, commit statuses, workflow runs, and forks
//! (202 at once, usable a moment later). Every call needs a token. Errors have GitHub's
//! shapes: 401, 403 (no push access, or a spent rate limit with `X-RateLimit-Remaining: 0`),
//! 404, 409, 422 `Validation Failed` with `errors[]`, and 429 secondary limits with
//! `Retry-After`. GETs carry ETags and answer `If-None-Match` with a 304 that, as on GitHub,
//! costs no rate limit.
//!
//! Tests act as the sync bot or a reviewer through the same REST API (with that user's token)
//! or through [`FakeGithub`]'s methods, and read the result with `git clone` of
//! [`FakeGithub::clone_url`] or [`FakeGithub::file`].
//!
//! ```no_run
//! use hugflow_testkit::github::{FakeGithub, GithubOptions};
//! let github = FakeGithub::start(GithubOptions::default());
//! println!("API {} token {} repo {}", github.url(), github.token(), github.repo());
//! ```

mod call;
mod checks;
mod git;
mod pulls;
mod render;
mod reply;
mod repos;
mod server;
mod state;
#[cfg(test)]
mod tests;

use std::io;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::{Value, json};

pub use server::GithubCall;
pub use state::{
    ACTIONS_BOT, CheckRunSpec, Comment, GithubOptions, GithubUser, OUTSIDER, Pull, REQUESTER,
    WorkflowRunSpec,
};

use git::{Git, Signature};
use server::Shared;
use state::{Repo, StoredRun, World, now};

/// A running fake GitHub.
pub struct FakeGithub {
    shared: Arc<Shared>,
    port: u16,
    _root: Option<tempfile::TempDir>,
    served: crate::serve::Served,
}

impl std::fmt::Debug for FakeGithub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FakeGithub({})", self.url())
    }
}

impl FakeGithub {
    /// Starts it; panics with the reason when it cannot.
    pub fn start(options: GithubOptions) -> Self {
        let port = options.port;
        Self::try_start(options)
            .unwrap_or_else(|e| panic!("start the fake GitHub on 127.0.0.1:{port}: {e}"))
    }

    pub fn try_start(options: GithubOptions) -> io::Result<Self> {
        let (temp, root) = match &options.root {
            Some(root) => (None, root.clone()),
            None => {
                let temp = tempfile::Builder::new().prefix("fake-github-").tempdir()?;
                let root = temp.path().to_path_buf();
                (Some(temp), root)
            }
        };
        let listener = TcpListener::bind(("127.0.0.1", options.port))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let world = seed_world(&options, &root)?;
        let shared = Arc::new(Shared {
            base_url: format!("http://127.0.0.1:{port}"),
            root,
            options,
            world: Mutex::new(world),
            log: Mutex::new(Vec::new()),
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("fake-github-worker")
            .enable_all()
            .build()?;
        let app = axum::Router::new()
            .fallback(server::handle)
            .with_state(shared.clone());
        let served =
            crate::serve::Served::start(format!("fake-github-{port}"), listener, runtime, app)?;
        Ok(Self {
            shared,
            port,
            _root: temp,
            served,
        })
    }

    /// The API base URL (the value of Hugflow's GitHub API URL setting).
    pub fn url(&self) -> &str {
        &self.shared.base_url
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The GitOps repository, `owner/name`.
    pub fn repo(&self) -> &str {
        &self.shared.options.repo
    }

    /// The first user's token (a team member with push access by default).
    pub fn token(&self) -> &str {
        &self.shared.options.users[0].token
    }

    pub fn token_of(&self, login: &str) -> &str {
        &self.shared.user(login).token
    }

    /// `git clone` fetches this: the bare repository of `full_name` (`owner/name`).
    pub fn clone_url(&self, full_name: &str) -> String {
        format!("file://{}", self.git_dir(full_name).display())
    }

    pub fn git_dir(&self, full_name: &str) -> PathBuf {
        self.with_world(|world| {
            world
                .repo(full_name)
                .unwrap_or_else(|| panic!("the fake GitHub has no repository {full_name}"))
                .git
                .dir()
                .to_path_buf()
        })
    }

    /// A file's text at a branch (or sha) of a repository, read with git.
    pub fn file(&self, full_name: &str, reference: &str, path: &str) -> Option<String> {
        self.with_world(|world| {
            let repo = world.repo(full_name)?;
            let commit = repo
                .branch_sha(reference)
                .or_else(|| repo.git.resolve(reference))?;
            let (_, bytes) = repo.git.file_at(&commit, path)?;
            Some(String::from_utf8_lossy(&bytes).into_owned())
        })
    }

    /// Commits on `branch` of `full_name` as its owner, writing each `(path, Some(bytes))` and
    /// removing each `(path, None)`; a missing branch starts at the default branch. Returns the
    /// new commit. One commit however many files, so a test can build a big PR quickly.
    pub fn commit(
        &self,
        full_name: &str,
        branch: &str,
        changes: &[(&str, Option<&[u8]>)],
        message: &str,
    ) -> String {
        self.with_world(|world| {
            let repo = world
                .repo(full_name)
                .unwrap_or_else(|| panic!("the fake GitHub has no repository {full_name}"));
            let existing = repo.branch_sha(branch);
            let parent = existing
                .clone()
                .or_else(|| repo.branch_sha(&repo.default_branch))
                .unwrap_or_else(|| {
                    panic!("{full_name} has no branch {branch} nor a default branch")
                });
            let email = format!("{}@users.noreply.github.test", repo.owner);
            let signature = Signature {
                name: &repo.owner,
                email: &email,
            };
            let commit = repo
                .git
                .commit_changes(Some(&parent), changes, message, signature)
                .unwrap_or_else(|e| panic!("commit on {full_name} {branch}: {e}"));
            repo.git
                .update_ref(
                    &format!("refs/heads/{branch}"),
                    &commit,
                    existing.as_deref(),
                )
                .unwrap_or_else(|e| panic!("move {full_name} {branch}: {e}"));
            commit
        })
    }

    pub fn branch_sha(&self, full_name: &str, branch: &str) -> Option<String> {
        self.with_world(|world| world.repo(full_name)?.branch_sha(branch))
    }

    /// The GitOps repository's pulls, oldest first.
    pub fn pulls(&self) -> Vec<Pull> {
        let repo = self.repo().to_string();
        self.with_world(|world| {
            world
                .repo(&repo)
                .map(|r| r.pulls.clone())
                .unwrap_or_default()
        })
    }

    /// The comments on PR `number` of the GitOps repository, oldest first.
    pub fn comments(&self, number: u64) -> Vec<Comment> {
        let repo = self.repo().to_string();
        self.with_world(|world| {
            world
                .repo(&repo)
                .map(|r| {
                    r.comments
                        .iter()
                        .filter(|c| c.issue == number)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    /// Comments on PR `number` of the GitOps repository as `login` (e.g. [`ACTIONS_BOT`]).
    pub fn comment(&self, login: &str, number: u64, body: &str) -> u64 {
        let repo = self.repo().to_string();
        let reply = self
            .shared
            .as_user(login, json!({ "body": body }), |call| {
                pulls::add_comment(call, &repo, number)
            })
            .unwrap_or_else(|e| panic!("comment on #{number}: {:?}", e.body));
        reply
            .body
            .and_then(|b| b["id"].as_u64())
            .expect("a comment id")
    }

    /// Merges PR `number` as `login`, with a real merge commit.
    pub fn merge(&self, login: &str, number: u64) {
        let repo = self.repo().to_string();
        self.shared
            .as_user(login, Value::Null, |call| pulls::merge(call, &repo, number))
            .unwrap_or_else(|e| panic!("merge #{number}: {:?}", e.body));
    }

    /// Sets (or updates) a check run on a commit of the GitOps repository.
    pub fn set_check_run(&self, sha: &str, spec: CheckRunSpec) {
        let repo = self.repo().to_string();
        let login = self.shared.options.users[0].login.clone();
        self.shared
            .as_user(&login, Value::Null, |call| {
                checks::set_check_run(call, &repo, sha, spec)
            })
            .unwrap_or_else(|e| panic!("set a check run on {sha}: {:?}", e.body));
    }

    /// Records a workflow run of the GitOps repository.
    pub fn add_workflow_run(&self, spec: WorkflowRunSpec) -> u64 {
        let repo = self.repo().to_string();
        self.with_world(|world| {
            let id = world.id();
            let repo = world.repo_mut(&repo).expect("the GitOps repository");
            repo.runs.push(StoredRun {
                id,
                spec,
                created_at: now(),
            });
            id
        })
    }

    /// The rate limit `login` has left.
    pub fn rate_limit_remaining(&self, login: &str) -> u64 {
        let limit = self.shared.options.rate_limit;
        self.with_world(|world| world.rates.get(login).map_or(limit, |r| r.remaining))
    }

    /// Spends `login`'s rate limit down to `remaining`.
    pub fn set_rate_limit_remaining(&self, login: &str, remaining: u64) {
        let limit = self.shared.options.rate_limit;
        self.with_world(|world| {
            let rate = world.rates.entry(login.to_string()).or_insert(state::Rate {
                limit,
                remaining: limit,
                reset: state::unix_now() + 3600,
            });
            rate.remaining = remaining;
        });
    }

    /// The next `requests` calls get a secondary rate limit (429 with `Retry-After: 120`).
    pub fn limit_secondary(&self, requests: u32) {
        self.with_world(|world| world.secondary_limited = requests);
    }

    /// Every call so far, oldest first.
    pub fn calls(&self) -> Vec<GithubCall> {
        self.shared
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn clear_calls(&self) {
        self.shared
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    fn with_world<T>(&self, f: impl FnOnce(&mut World) -> T) -> T {
        let mut world = self.shared.world.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut world)
    }

    /// Stops the server; the port is free when it returns.
    pub fn stop(&mut self) {
        self.served.stop();
    }
}

impl Drop for FakeGithub {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The GitOps repository with one commit of the seed files on the default branch.
fn seed_world(options: &GithubOptions, root: &std::path::Path) -> io::Result<World> {
    let (owner, name) = options.repo.split_once('/').ok_or_else(|| {
        io::Error::other(format!(
            "the repository {:?} is not owner/name",
            options.repo
        ))
    })?;
    let git = Git::init_bare(
        &root.join(owner).join(format!("{name}.git")),
        &options.default_branch,
    )?;
    let files: Vec<(&str, &[u8])> = options
        .seed_files
        .iter()
        .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
        .collect();
    let signature = Signature {
        name: owner,
        email: "gitops@users.noreply.github.test",
    };
    let commit = git.commit_files(None, &files, "Set up the GitOps repository", signature)?;
    git.update_ref(
        &format!("refs/heads/{}", options.default_branch),
        &commit,
        None,
    )?;
    let mut world = World::default();
    let id = world.id();
    world.repos.insert(
        options.repo.to_ascii_lowercase(),
        Repo {
            id,
            owner: owner.to_string(),
            name: name.to_string(),
            git,
            default_branch: options.default_branch.clone(),
            pushers: options.pushers.iter().cloned().collect(),
            parent: None,
            ready_at: Instant::now(),
            pulls: Vec::new(),
            comments: Vec::new(),
            checks: Vec::new(),
            statuses: Vec::new(),
            runs: Vec::new(),
        },
    );
    Ok(world)
}
