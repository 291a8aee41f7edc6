//! Repositories, refs, contents (get, put, delete) and forks.

use std::time::Instant;

use base64::Engine;
use serde_json::{Value, json};

use super::call::Call;
use super::git::{Git, Signature};
use super::render;
use super::reply::{Failure, Handled, Reply, field};
use super::state::{Repo, now};

pub fn get_repo(call: &mut Call<'_>, full: &str) -> Handled {
    let repo = call.ready_repo(full)?;
    Ok(Reply::ok(render::repo(
        repo,
        &call.user.login,
        call.users,
        &call.urls(),
    )))
}

pub fn get_branch(call: &mut Call<'_>, full: &str, branch: &str) -> Handled {
    let repo = call.ready_repo(full)?;
    let sha = repo.branch_sha(branch).ok_or_else(Failure::not_found)?;
    Ok(Reply::ok(reference(call, repo, branch, &sha)))
}

fn reference(call: &Call<'_>, repo: &Repo, branch: &str, sha: &str) -> Value {
    let urls = call.urls();
    json!({
        "ref": format!("refs/heads/{branch}"),
        "url": urls.api(&format!("repos/{}/git/refs/heads/{branch}", repo.full_name())),
        "object": { "sha": sha, "type": "commit", "url": urls.api(&format!("repos/{}/git/commits/{sha}", repo.full_name())) },
    })
}

pub fn create_ref(call: &mut Call<'_>, full: &str) -> Handled {
    let name = field(&call.body, "ref")?.to_string();
    let sha = field(&call.body, "sha")?.to_string();
    let login = call.user.login.clone();
    let repo = call.ready_repo(full)?;
    if !repo.can_push(&login) {
        return Err(no_push(repo, &login));
    }
    let Some(branch) = name.strip_prefix("refs/heads/") else {
        return Err(Failure::unprocessable(
            "Reference name must start with 'refs/' and have at least two slashes.",
        ));
    };
    if repo.git.resolve(&sha).as_deref() != Some(sha.as_str()) {
        return Err(Failure::unprocessable("Object does not exist"));
    }
    repo.git
        .update_ref(&name, &sha, None)
        .map_err(|_| Failure::unprocessable("Reference already exists"))?;
    let body = reference(call, call.repo(full)?, branch, &sha);
    Ok(Reply::created(body))
}

pub fn delete_ref(call: &mut Call<'_>, full: &str, branch: &str) -> Handled {
    let login = call.user.login.clone();
    let repo = call.ready_repo(full)?;
    if !repo.can_push(&login) {
        return Err(no_push(repo, &login));
    }
    if repo.branch_sha(branch).is_none() {
        return Err(Failure::unprocessable("Reference does not exist"));
    }
    repo.git
        .delete_ref(&format!("refs/heads/{branch}"))
        .map_err(|e| Failure::conflict(&e.to_string()))?;
    Ok(Reply::no_content())
}

pub fn get_contents(call: &mut Call<'_>, full: &str, path: &str) -> Handled {
    let repo = call.ready_repo(full)?;
    let reference = call
        .query
        .get("ref")
        .map_or_else(|| repo.default_branch.clone(), str::to_string);
    let commit = repo
        .branch_sha(&reference)
        .or_else(|| repo.git.resolve(&reference))
        .ok_or_else(Failure::not_found)?;
    let (sha, bytes) = repo
        .git
        .file_at(&commit, path)
        .ok_or_else(Failure::not_found)?;
    let urls = call.urls();
    Ok(Reply::ok(json!({
        "type": "file",
        "encoding": "base64",
        "size": bytes.len(),
        "name": path.rsplit('/').next().unwrap_or(path),
        "path": path,
        "sha": sha,
        "content": wrap_base64(&bytes),
        "html_url": urls.web(&format!("{}/blob/{reference}/{path}", repo.full_name())),
    })))
}

/// GitHub wraps base64 content at 60 columns.
fn wrap_base64(bytes: &[u8]) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(60)
        .map(|chunk| std::str::from_utf8(chunk).expect("base64 is ASCII"))
        .collect();
    lines.join("\n") + "\n"
}

pub fn put_contents(call: &mut Call<'_>, full: &str, path: &str) -> Handled {
    let message = field(&call.body, "message")?.to_string();
    let encoded = field(&call.body, "content")?.to_string();
    let given_sha = call
        .body
        .get("sha")
        .and_then(Value::as_str)
        .map(str::to_string);
    let (branch, parent) = writable_branch(call, full)?;
    let content = base64::engine::general_purpose::STANDARD
        .decode(encoded.split_whitespace().collect::<String>())
        .map_err(|_| Failure::bad_request("content is not valid Base64"))?;
    let repo = call.repo(full)?;
    let existing = repo.git.file_at(&parent, path).map(|(sha, _)| sha);
    match (&existing, &given_sha) {
        (Some(_), None) => {
            return Err(Failure::unprocessable(
                "Invalid request.\n\n\"sha\" wasn't supplied.",
            ));
        }
        (Some(current), Some(given)) if current != given => {
            return Err(Failure::conflict(&format!("{path} does not match {given}")));
        }
        _ => {}
    }
    let (sha, commit) = commit_on(
        call,
        full,
        &branch,
        &parent,
        (path, Some(&content)),
        &message,
    )?;
    let (blob, _) = call
        .repo(full)?
        .git
        .file_at(&sha, path)
        .expect("the file just written");
    let body = json!({
        "content": { "path": path, "sha": blob, "size": content.len(), "name": path.rsplit('/').next() },
        "commit": commit,
    });
    Ok(if existing.is_some() {
        Reply::ok(body)
    } else {
        Reply::created(body)
    })
}

/// `DELETE /repos/{o}/{r}/contents/{path}` with `{message, sha, branch?, committer?}`: 422
/// without `sha`, 404 when the file is not on the branch, 409 when `sha` is not its blob;
/// otherwise one commit that removes it, answered with `"content": null`.
pub fn delete_contents(call: &mut Call<'_>, full: &str, path: &str) -> Handled {
    let message = field(&call.body, "message")?.to_string();
    let given_sha = field(&call.body, "sha")?.to_string();
    let (branch, parent) = writable_branch(call, full)?;
    let repo = call.repo(full)?;
    let (current, _) = repo
        .git
        .file_at(&parent, path)
        .ok_or_else(Failure::not_found)?;
    if current != given_sha {
        return Err(Failure::conflict(&format!(
            "{path} does not match {given_sha}"
        )));
    }
    let (_, commit) = commit_on(call, full, &branch, &parent, (path, None), &message)?;
    Ok(Reply::ok(json!({ "content": null, "commit": commit })))
}

/// The branch a contents write goes to (`branch` in the body, else the default branch) and
/// its head, once the caller may push.
fn writable_branch(call: &Call<'_>, full: &str) -> Result<(String, String), Failure> {
    let login = &call.user.login;
    let repo = call.ready_repo(full)?;
    if !repo.can_push(login) {
        return Err(no_push(repo, login));
    }
    let branch = call
        .body
        .get("branch")
        .and_then(Value::as_str)
        .map_or_else(|| repo.default_branch.clone(), str::to_string);
    let head = repo
        .branch_sha(&branch)
        .ok_or_else(|| Failure::not_found_because(&format!("Branch {branch} not found")))?;
    Ok((branch, head))
}

/// Commits one file change (`None` removes it) on `branch` if it is still at `parent`, by the
/// body's `committer` (else the caller); returns the commit's sha and the `commit` part of a
/// contents write's answer.
fn commit_on(
    call: &Call<'_>,
    full: &str,
    branch: &str,
    parent: &str,
    (path, content): (&str, Option<&[u8]>),
    message: &str,
) -> Result<(String, Value), Failure> {
    let repo = call.repo(full)?;
    let person = |key: &str| {
        call.body
            .get("committer")
            .and_then(|c| c.get(key))
            .and_then(Value::as_str)
    };
    let email = call.user.email();
    let signature = Signature {
        name: person("name").unwrap_or(&call.user.login),
        email: person("email").unwrap_or(&email),
    };
    let commit = repo
        .git
        .commit_changes(Some(parent), &[(path, content)], message, signature)
        .map_err(|e| Failure::conflict(&e.to_string()))?;
    repo.git
        .update_ref(&format!("refs/heads/{branch}"), &commit, Some(parent))
        .map_err(|_| Failure::conflict(&format!("{branch} moved; fetch it and retry")))?;
    let urls = call.urls();
    let who = json!({ "name": signature.name, "email": signature.email, "date": now() });
    let body = json!({
        "sha": commit,
        "message": message,
        "url": urls.api(&format!("repos/{full}/git/commits/{commit}")),
        "html_url": urls.web(&format!("{full}/commit/{commit}")),
        "author": who,
        "committer": who,
        "parents": [{ "sha": parent }],
    });
    Ok((commit, body))
}

/// `POST /repos/{o}/{r}/forks`: 202 at once; the fork answers after the configured delay.
pub fn fork(call: &mut Call<'_>, full: &str) -> Handled {
    let login = call.user.login.clone();
    let source = call.ready_repo(full)?;
    let fork_name = format!("{login}/{}", source.name);
    if call.world.repo(&fork_name).is_none() {
        let dir = call
            .shared
            .root
            .join(&login)
            .join(format!("{}.git", source.name));
        let source = call.repo(full)?;
        let git =
            Git::clone_bare(&source.git, &dir).map_err(|e| Failure::conflict(&e.to_string()))?;
        let (name, default_branch) = (source.name.clone(), source.default_branch.clone());
        let id = call.world.id();
        let repo = Repo {
            id,
            owner: login.clone(),
            name,
            git,
            default_branch,
            pushers: Default::default(),
            parent: Some(full.to_string()),
            ready_at: Instant::now() + call.shared.options.fork_delay,
            pulls: Vec::new(),
            comments: Vec::new(),
            checks: Vec::new(),
            statuses: Vec::new(),
            runs: Vec::new(),
        };
        call.world
            .repos
            .insert(fork_name.to_ascii_lowercase(), repo);
    }
    let fork = call.repo(&fork_name)?;
    Ok(Reply::accepted(render::repo(
        fork,
        &login,
        call.users,
        &call.urls(),
    )))
}

/// GitHub's answer to a write without push access.
pub fn no_push(repo: &Repo, login: &str) -> Failure {
    Failure::forbidden(&format!(
        "Permission to {}.git denied to {login}.",
        repo.full_name()
    ))
}
