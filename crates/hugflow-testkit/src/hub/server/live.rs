//! Dataset repos whose files change while the Hub runs, as a prepare Space's pushes change
//! `dataset_metadata.json`: `GET /datasets/{id}/resolve/{rev}/{path}` (rev `main` or a commit)
//! `GET /api/datasets/{id}/commits/{rev}` (newest first, the Hub's shape) and `…/tree/{rev}`. A commit can be
//! armed to land a number of reads after a Space restart, so a poller sees it "after N polls".

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::api::json_response;
use super::errors::HubError;
use crate::hub::prng::fake_sha;

/// Files to commit: `(path, bytes)`.
pub type Files = Vec<(String, Vec<u8>)>;

#[derive(Debug, Clone)]
struct LiveCommit {
    sha: String,
    title: String,
    date: String,
    files: BTreeMap<String, Vec<u8>>,
}

/// A commit waiting for `reads_left` more reads of the repo's files before it lands.
#[derive(Debug, Clone)]
struct Pending {
    title: String,
    files: Files,
    reads_left: u32,
}

#[derive(Debug, Default)]
struct LiveRepo {
    /// Oldest first.
    commits: Vec<LiveCommit>,
    pending: Option<Pending>,
    reads: u64,
}

#[derive(Debug, Default)]
struct LiveState {
    repos: BTreeMap<String, LiveRepo>,
    /// What restarting a Space publishes: `space -> (repo, commit, reads before it lands)`.
    on_restart: BTreeMap<String, (String, Pending)>,
}

/// The live repos of a fake Hub; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct LiveRepos(Arc<Mutex<LiveState>>);

impl LiveRepos {
    /// Commits `files` to dataset `id` now (creating the repo on its first commit).
    pub fn commit(&self, id: &str, title: &str, files: Files) {
        let mut state = self.lock();
        let repo = state.repos.entry(id.to_string()).or_default();
        land(id, repo, title, files);
    }

    /// When Space `space` is next restarted, `files` land on `id` after `reads` more reads of
    /// the repo (0: on the very next read), as a prepare Space publishes a new version.
    pub fn publish_on_restart(&self, space: &str, id: &str, title: &str, files: Files, reads: u32) {
        let pending = Pending {
            title: title.to_string(),
            files,
            reads_left: reads,
        };
        self.lock()
            .on_restart
            .insert(space.to_string(), (id.to_string(), pending));
    }

    /// Arms what `space`'s restart publishes (called by the Spaces handler).
    pub(super) fn restarted(&self, space: &str) {
        let mut state = self.lock();
        if let Some((id, pending)) = state.on_restart.remove(space) {
            state.repos.entry(id).or_default().pending = Some(pending);
        }
    }

    /// How many times files of `id` were read.
    pub fn reads(&self, id: &str) -> u64 {
        self.lock().repos.get(id).map_or(0, |r| r.reads)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.lock().repos.contains_key(id)
    }

    /// `GET /datasets/{id}/resolve/{rev}/{path}` for a live repo.
    pub(super) fn resolve(
        &self,
        id: &str,
        revision: &str,
        path: &str,
    ) -> Result<Response, HubError> {
        let mut state = self.lock();
        let repo = state
            .repos
            .get_mut(id)
            .ok_or_else(|| HubError::repo_not_found(true))?;
        repo.reads += 1;
        if let Some(pending) = repo.pending.as_mut() {
            if pending.reads_left == 0 {
                let pending = repo.pending.take().expect("checked");
                land(id, repo, &pending.title, pending.files);
            } else {
                pending.reads_left -= 1;
            }
        }
        let commit = find(repo, revision)?;
        let bytes = commit
            .files
            .get(path)
            .ok_or_else(|| HubError::entry_not_found(&commit.sha))?
            .clone();
        let mut response = (StatusCode::OK, bytes).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if let Ok(sha) = HeaderValue::from_str(&commit.sha) {
            headers.insert("x-repo-commit", sha);
        }
        Ok(response)
    }

    /// `GET /api/datasets/{id}/commits/{rev}` for a live repo, newest first.
    pub(super) fn commits(&self, id: &str, revision: &str) -> Result<Response, HubError> {
        let state = self.lock();
        let repo = state
            .repos
            .get(id)
            .ok_or_else(|| HubError::repo_not_found(true))?;
        let head = find(repo, revision)?.sha.clone();
        let upto = repo.commits.iter().position(|c| c.sha == head).unwrap_or(0);
        let items: Vec<Value> = repo.commits[..=upto]
            .iter()
            .rev()
            .map(|c| {
                json!({
                    "id": c.sha,
                    "title": c.title,
                    "message": "",
                    "authors": [{"user": "prepare-space", "avatar": null}],
                    "date": c.date,
                })
            })
            .collect();
        Ok(json_response(&Value::Array(items)))
    }

    /// `GET /api/datasets/{id}/tree/{rev}/{prefix}` for a live repo: its files, recursively.
    pub(super) fn tree(
        &self,
        id: &str,
        revision: &str,
        prefix: &str,
    ) -> Result<Response, HubError> {
        let state = self.lock();
        let repo = state
            .repos
            .get(id)
            .ok_or_else(|| HubError::repo_not_found(true))?;
        let commit = find(repo, revision)?;
        let items: Vec<Value> = commit
            .files
            .iter()
            .filter(|(path, _)| prefix.is_empty() || path.starts_with(&format!("{prefix}/")))
            .map(|(path, bytes)| {
                json!({
                    "type": "file",
                    "oid": crate::hub::git_blob_oid(bytes),
                    "size": bytes.len(),
                    "path": path,
                })
            })
            .collect();
        Ok(json_response(&Value::Array(items)))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LiveState> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn land(id: &str, repo: &mut LiveRepo, title: &str, files: Files) {
    let mut tree = repo
        .commits
        .last()
        .map(|c| c.files.clone())
        .unwrap_or_default();
    tree.extend(files);
    let n = repo.commits.len();
    // One commit a minute from a fixed start: dates are ordered and reproducible.
    let date = chrono::DateTime::from_timestamp(1_767_225_600 + 60 * n as i64, 0)
        .expect("in range")
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    repo.commits.push(LiveCommit {
        sha: fake_sha(&["live", id, &n.to_string()]),
        title: title.to_string(),
        date,
        files: tree,
    });
}

fn find<'r>(repo: &'r LiveRepo, revision: &str) -> Result<&'r LiveCommit, HubError> {
    let found = if revision == "main" {
        repo.commits.last()
    } else {
        repo.commits.iter().find(|c| c.sha == revision)
    };
    found.ok_or_else(|| HubError::revision_not_found(revision))
}

/// `/datasets/{*rest}`: a live repo's file, else the corpus's.
pub async fn resolve_route(
    state: axum::extract::State<Arc<super::state::Shared>>,
    method: axum::http::Method,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> Result<Response, HubError> {
    if let Some((id, rest)) = live_path(&state.live, uri.path(), "/datasets/")
        && let [resolve, revision, path @ ..] = rest.as_slice()
        && resolve == "resolve"
        && !path.is_empty()
    {
        return state.live.resolve(&id, revision, &path.join("/"));
    }
    super::resolve::resolve(state, method, uri, headers).await
}

/// `/api/datasets/{*rest}`: a live repo's commits, else the corpus's API.
pub async fn api_route(
    state: axum::extract::State<Arc<super::state::Shared>>,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> Result<Response, HubError> {
    if let Some((id, rest)) = live_path(&state.live, uri.path(), "/api/datasets/")
        && let [commits, revision] = rest.as_slice()
        && commits == "commits"
    {
        return state.live.commits(&id, revision);
    }
    if let Some((id, rest)) = live_path(&state.live, uri.path(), "/api/datasets/")
        && let [tree, revision, prefix @ ..] = rest.as_slice()
        && tree == "tree"
    {
        return state.live.tree(&id, revision, &prefix.join("/"));
    }
    super::api::dataset(state, uri, headers).await
}

/// `owner/name` and the decoded segments after it, when the path names a live repo.
fn live_path(live: &LiveRepos, path: &str, prefix: &str) -> Option<(String, Vec<String>)> {
    let segs = super::paths::segments(path, prefix)?;
    let decoded: Vec<String> = segs.iter().map(|s| super::paths::decode(s)).collect();
    let id = decoded.get(..2)?.join("/");
    live.contains(&id).then(|| (id, decoded[2..].to_vec()))
}
