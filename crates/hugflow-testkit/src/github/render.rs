//! The JSON GitHub returns for users, repositories, pulls, pull files, comments, checks and
//! runs; only the fields clients read, with GitHub's names and types.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Value, json};

use super::git::FileChange;
use super::state::{Comment, GithubUser, Pull, Repo, StoredCheck, StoredRun, World};

/// Where pages and API live: the same server, as on GitHub Enterprise.
pub struct Urls<'a> {
    pub base: &'a str,
}

impl Urls<'_> {
    pub fn api(&self, path: &str) -> String {
        format!("{}/{path}", self.base)
    }

    pub fn web(&self, path: &str) -> String {
        format!("{}/{path}", self.base)
    }
}

pub fn user(login: &str, users: &[GithubUser]) -> Value {
    let bot = users.iter().any(|u| u.login == login && u.bot);
    json!({
        "login": login,
        "id": login_id(login),
        "type": if bot { "Bot" } else { "User" },
        "site_admin": false,
    })
}

/// A stable numeric id per login.
fn login_id(login: &str) -> u64 {
    login.bytes().fold(1_000u64, |acc, b| {
        acc.wrapping_mul(31).wrapping_add(u64::from(b))
    }) % 100_000_000
}

pub fn repo(repo: &Repo, caller: &str, users: &[GithubUser], urls: &Urls<'_>) -> Value {
    let push = repo.can_push(caller);
    json!({
        "id": repo.id,
        "name": repo.name,
        "full_name": repo.full_name(),
        "owner": user(&repo.owner, users),
        "private": false,
        "fork": repo.parent.is_some(),
        "html_url": urls.web(&repo.full_name()),
        "url": urls.api(&format!("repos/{}", repo.full_name())),
        "clone_url": format!("file://{}", repo.git.dir().display()),
        "default_branch": repo.default_branch,
        "permissions": { "admin": repo.owner == caller, "maintain": push, "push": push, "triage": push, "pull": true },
    })
}

pub fn pull(
    world: &World,
    pull: &Pull,
    base: &Repo,
    users: &[GithubUser],
    urls: &Urls<'_>,
) -> Value {
    let full = base.full_name();
    let head_repo = world.repo(&pull.head_repo);
    let head_owner = pull.head_repo.split('/').next().unwrap_or_default();
    let branch = |label_owner: &str, branch: &str, sha: &str, repo: Option<&Repo>| {
        json!({
            "label": format!("{label_owner}:{branch}"),
            "ref": branch,
            "sha": sha,
            "user": user(label_owner, users),
            "repo": repo.map(|r| self::repo(r, &pull.user, users, urls)),
        })
    };
    json!({
        "id": pull.id,
        "number": pull.number,
        "url": urls.api(&format!("repos/{full}/pulls/{}", pull.number)),
        "html_url": urls.web(&format!("{full}/pull/{}", pull.number)),
        "state": if pull.open { "open" } else { "closed" },
        "title": pull.title,
        "body": pull.body,
        "user": user(&pull.user, users),
        "draft": false,
        "head": branch(head_owner, &pull.head_ref, &pull.head_sha, head_repo),
        "base": branch(&base.owner, &pull.base_ref, &pull.base_sha, Some(base)),
        "created_at": pull.created_at,
        "updated_at": pull.updated_at,
        "closed_at": pull.closed_at,
        "merged_at": pull.merged_at,
        "merge_commit_sha": pull.merge_sha,
        "merged": pull.merged_at.is_some(),
        "mergeable": pull.open.then_some(true),
    })
}

/// What a URL path escapes (`/` stays, it separates the file's folders).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// One entry of `GET /repos/{o}/{r}/pulls/{n}/files`; `sha` is the file's blob (the removed
/// blob for a removed file), the URLs point at the head commit.
pub fn pull_file(change: &FileChange, full: &str, head_sha: &str, urls: &Urls<'_>) -> Value {
    let status = match change.status {
        'A' => "added",
        'D' => "removed",
        'R' => "renamed",
        'C' => "copied",
        'T' => "changed",
        _ => "modified",
    };
    let path = utf8_percent_encode(&change.path, PATH).to_string();
    let mut file = json!({
        "sha": change.new_blob.as_ref().or(change.old_blob.as_ref()),
        "filename": change.path,
        "status": status,
        "additions": change.additions,
        "deletions": change.deletions,
        "changes": change.additions + change.deletions,
        "blob_url": urls.web(&format!("{full}/blob/{head_sha}/{path}")),
        "raw_url": urls.web(&format!("{full}/raw/{head_sha}/{path}")),
        "contents_url": urls.api(&format!("repos/{full}/contents/{path}?ref={head_sha}")),
    });
    if let Some(old) = &change.old_path {
        file["previous_filename"] = json!(old);
    }
    file
}

pub fn comment(comment: &Comment, repo: &Repo, users: &[GithubUser], urls: &Urls<'_>) -> Value {
    let full = repo.full_name();
    json!({
        "id": comment.id,
        "html_url": urls.web(&format!("{full}/pull/{}#issuecomment-{}", comment.issue, comment.id)),
        "issue_url": urls.api(&format!("repos/{full}/issues/{}", comment.issue)),
        "user": user(&comment.user, users),
        "body": comment.body,
        "created_at": comment.created_at,
        "updated_at": comment.created_at,
        "author_association": if repo.can_push(&comment.user) { "MEMBER" } else { "CONTRIBUTOR" },
    })
}

pub fn check_run(check: &StoredCheck, repo: &Repo, urls: &Urls<'_>) -> Value {
    json!({
        "id": check.id,
        "head_sha": check.sha,
        "name": check.spec.name,
        "status": check.spec.status,
        "conclusion": check.spec.conclusion,
        "html_url": urls.web(&format!("{}/runs/{}", repo.full_name(), check.id)),
    })
}

pub fn workflow_run(run: &StoredRun, repo: &Repo, urls: &Urls<'_>) -> Value {
    json!({
        "id": run.id,
        "name": run.spec.name,
        "head_branch": run.spec.head_branch,
        "head_sha": run.spec.head_sha,
        "event": run.spec.event,
        "status": run.spec.status,
        "conclusion": run.spec.conclusion,
        "html_url": urls.web(&format!("{}/actions/runs/{}", repo.full_name(), run.id)),
        "created_at": run.created_at,
        "updated_at": run.created_at,
    })
}
