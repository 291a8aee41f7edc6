//! Pull requests: create (also from a fork, `head = "user:branch"`), list, get, their files,
//! merge; and the comments on them (the issue-comments API).

use serde_json::{Value, json};

use super::call::Call;
use super::git::Signature;
use super::render;
use super::reply::{Failure, Handled, Reply, field};
use super::repos::no_push;
use super::state::{Comment, Pull, now};

pub fn create(call: &mut Call<'_>, full: &str) -> Handled {
    let title = field(&call.body, "title")?.to_string();
    let head = field(&call.body, "head")?.to_string();
    let base_ref = field(&call.body, "base")?.to_string();
    let body = call
        .body
        .get("body")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let login = call.user.login.clone();
    let base_repo = call.ready_repo(full)?;
    let (head_owner, head_ref) = head
        .split_once(':')
        .map_or((base_repo.owner.clone(), head.clone()), |(o, b)| {
            (o.to_string(), b.to_string())
        });
    let head_full = format!("{head_owner}/{}", base_repo.name);
    let head_full = if head_owner.eq_ignore_ascii_case(&base_repo.owner) {
        base_repo.full_name()
    } else {
        head_full
    };
    let base_sha = base_repo.branch_sha(&base_ref).ok_or_else(|| {
        Failure::validation("PullRequest", &format!("base {base_ref} does not exist"))
    })?;
    let head_repo = call
        .world
        .repo(&head_full)
        .filter(|r| r.is_ready())
        .ok_or_else(|| {
            Failure::validation("PullRequest", &format!("head {head} does not exist"))
        })?;
    let head_sha = head_repo
        .branch_sha(&head_ref)
        .ok_or_else(|| Failure::validation("PullRequest", "head does not exist"))?;
    let base_repo = call.repo(full)?;
    if base_repo
        .pulls
        .iter()
        .any(|p| p.open && p.head_ref == head_ref && p.head_repo.eq_ignore_ascii_case(&head_full))
    {
        return Err(Failure::validation(
            "PullRequest",
            &format!("A pull request already exists for {head_owner}:{head_ref}."),
        ));
    }
    let number = base_repo.pulls.len() as u64 + 1;
    let pull_ref = format!("refs/pull/{number}/head");
    let head_git = head_repo.git.clone();
    base_repo
        .git
        .fetch(&head_git, &format!("refs/heads/{head_ref}"), &pull_ref)
        .map_err(|e| Failure::conflict(&e.to_string()))?;
    if base_repo
        .git
        .commits_between(&base_sha, &head_sha)
        .unwrap_or(0)
        == 0
    {
        let _ = base_repo.git.delete_ref(&pull_ref);
        return Err(Failure::validation(
            "PullRequest",
            &format!("No commits between {base_ref} and {head_ref}"),
        ));
    }
    let id = call.world.id();
    let time = now();
    let pull = Pull {
        id,
        number,
        title,
        body,
        user: login,
        head_repo: head_full,
        head_ref,
        head_sha,
        base_ref,
        base_sha,
        open: true,
        created_at: time.clone(),
        updated_at: time,
        closed_at: None,
        merged_at: None,
        merge_sha: None,
    };
    let repo = call.world.repo_mut(full).expect("checked above");
    repo.pulls.push(pull);
    Ok(Reply::created(render_pull(call, full, number)?))
}

fn render_pull(call: &Call<'_>, full: &str, number: u64) -> Result<Value, Failure> {
    let repo = call.repo(full)?;
    let pull = repo
        .pulls
        .iter()
        .find(|p| p.number == number)
        .ok_or_else(Failure::not_found)?;
    Ok(render::pull(
        call.world,
        pull,
        repo,
        call.users,
        &call.urls(),
    ))
}

pub fn get(call: &mut Call<'_>, full: &str, number: u64) -> Handled {
    refresh_head(call, full, number);
    Ok(Reply::ok(render_pull(call, full, number)?))
}

/// An open PR follows its head branch, as on GitHub.
fn refresh_head(call: &mut Call<'_>, full: &str, number: u64) {
    let Some(repo) = call.world.repo(full) else {
        return;
    };
    let Some(pull) = repo.pulls.iter().find(|p| p.number == number && p.open) else {
        return;
    };
    let Some(head_repo) = call.world.repo(&pull.head_repo) else {
        return;
    };
    let Some(sha) = head_repo.branch_sha(&pull.head_ref) else {
        return;
    };
    if sha == pull.head_sha {
        return;
    }
    let head_git = head_repo.git.clone();
    let head_ref = pull.head_ref.clone();
    let repo = call.world.repo_mut(full).expect("looked up above");
    let _ = repo.git.fetch(
        &head_git,
        &format!("refs/heads/{head_ref}"),
        &format!("refs/pull/{number}/head"),
    );
    if let Some(pull) = repo.pulls.iter_mut().find(|p| p.number == number) {
        pull.head_sha = sha;
        pull.updated_at = now();
    }
}

pub fn list(call: &mut Call<'_>, full: &str) -> Handled {
    let numbers: Vec<u64> = call.repo(full)?.pulls.iter().map(|p| p.number).collect();
    for number in numbers {
        refresh_head(call, full, number);
    }
    let repo = call.ready_repo(full)?;
    let state = call.query.get("state").unwrap_or("open");
    let head = call.query.get("head");
    let base = call.query.get("base");
    let mut pulls: Vec<_> = repo
        .pulls
        .iter()
        .filter(|p| match state {
            "all" => true,
            "closed" => !p.open,
            _ => p.open,
        })
        .filter(|p| {
            head.is_none_or(|h| {
                let owner = p.head_repo.split('/').next().unwrap_or_default();
                h.eq_ignore_ascii_case(&format!("{owner}:{}", p.head_ref))
            })
        })
        .filter(|p| base.is_none_or(|b| b == p.base_ref))
        .collect();
    let key = call.query.get("sort").unwrap_or("created");
    pulls.sort_by(|a, b| match key {
        "updated" => (&a.updated_at, a.number).cmp(&(&b.updated_at, b.number)),
        _ => a.number.cmp(&b.number),
    });
    let default_desc = key == "created" || key == "updated";
    if call
        .query
        .get("direction")
        .map_or(default_desc, |d| d == "desc")
    {
        pulls.reverse();
    }
    let urls = call.urls();
    let items = pulls
        .iter()
        .map(|p| render::pull(call.world, p, repo, call.users, &urls))
        .collect();
    Ok(Reply::page(
        items,
        &call.query,
        &urls.api(&format!("repos/{full}/pulls")),
    ))
}

/// GitHub lists at most this many files of a pull.
const MAX_PULL_FILES: usize = 3_000;

/// `GET /repos/{o}/{r}/pulls/{n}/files`: the diff from the merge base of the base branch and
/// the head to the head (the PR's "Files changed"), paginated. An open PR compares with the
/// base branch as it is now; a closed one with the base as it was when it was opened, so a
/// merged PR still lists what it changed.
pub fn files(call: &mut Call<'_>, full: &str, number: u64) -> Handled {
    refresh_head(call, full, number);
    let repo = call.ready_repo(full)?;
    let pull = repo
        .pulls
        .iter()
        .find(|p| p.number == number)
        .ok_or_else(Failure::not_found)?;
    let base = pull
        .open
        .then(|| repo.branch_sha(&pull.base_ref))
        .flatten()
        .unwrap_or_else(|| pull.base_sha.clone());
    let fail = |e: std::io::Error| {
        Failure::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            &format!("the diff of #{number}: {e}"),
        )
    };
    let merge_base = repo.git.merge_base(&base, &pull.head_sha).map_err(fail)?;
    let changes = repo.git.diff(&merge_base, &pull.head_sha).map_err(fail)?;
    let urls = call.urls();
    let items = changes
        .iter()
        .take(MAX_PULL_FILES)
        .map(|change| render::pull_file(change, &repo.full_name(), &pull.head_sha, &urls))
        .collect();
    let base = urls.api(&format!("repos/{full}/pulls/{number}/files"));
    Ok(Reply::page(items, &call.query, &base))
}

pub fn merge(call: &mut Call<'_>, full: &str, number: u64) -> Handled {
    refresh_head(call, full, number);
    let user = call.user.clone();
    let repo = call.ready_repo(full)?;
    if !repo.can_push(&user.login) {
        return Err(no_push(repo, &user.login));
    }
    let pull = repo
        .pulls
        .iter()
        .find(|p| p.number == number)
        .ok_or_else(Failure::not_found)?;
    if !pull.open {
        return Err(Failure::new(
            axum::http::StatusCode::METHOD_NOT_ALLOWED,
            "Pull Request is not mergeable",
        ));
    }
    if let Some(expected) = call.body.get("sha").and_then(Value::as_str)
        && expected != pull.head_sha
    {
        return Err(Failure::conflict(
            "Head branch was modified. Review and try the merge again.",
        ));
    }
    let base_sha = repo
        .branch_sha(&pull.base_ref)
        .ok_or_else(Failure::not_found)?;
    let message = format!("Merge pull request #{number} from {}", pull.head_ref);
    let email = user.email();
    let signature = Signature {
        name: &user.login,
        email: &email,
    };
    let merged = repo
        .git
        .merge(&base_sha, &pull.head_sha, &message, signature)
        .map_err(|_| {
            Failure::new(
                axum::http::StatusCode::METHOD_NOT_ALLOWED,
                "Pull Request is not mergeable",
            )
        })?;
    repo.git
        .update_ref(
            &format!("refs/heads/{}", pull.base_ref),
            &merged,
            Some(&base_sha),
        )
        .map_err(|_| {
            Failure::conflict("Base branch was modified. Review and try the merge again.")
        })?;
    let time = now();
    let repo = call.world.repo_mut(full).expect("looked up above");
    let pull = repo
        .pulls
        .iter_mut()
        .find(|p| p.number == number)
        .expect("found above");
    pull.open = false;
    pull.merged_at = Some(time.clone());
    pull.closed_at = Some(time.clone());
    pull.updated_at = time;
    pull.merge_sha = Some(merged.clone());
    Ok(Reply::ok(
        json!({ "sha": merged, "merged": true, "message": "Pull Request successfully merged" }),
    ))
}

pub fn comments(call: &mut Call<'_>, full: &str, number: u64) -> Handled {
    let repo = call.ready_repo(full)?;
    if !repo.pulls.iter().any(|p| p.number == number) {
        return Err(Failure::not_found());
    }
    let urls = call.urls();
    let items = repo
        .comments
        .iter()
        .filter(|c| c.issue == number)
        .map(|c| render::comment(c, repo, call.users, &urls))
        .collect();
    let base = urls.api(&format!("repos/{full}/issues/{number}/comments"));
    Ok(Reply::page(items, &call.query, &base))
}

pub fn add_comment(call: &mut Call<'_>, full: &str, number: u64) -> Handled {
    let body = field(&call.body, "body")?.to_string();
    let login = call.user.login.clone();
    let id = call.world.id();
    let repo = call.ready_repo_mut(full)?;
    let time = now();
    let pull = repo
        .pulls
        .iter_mut()
        .find(|p| p.number == number)
        .ok_or_else(Failure::not_found)?;
    pull.updated_at = time.clone();
    let comment = Comment {
        id,
        issue: number,
        user: login,
        body,
        created_at: time,
    };
    repo.comments.push(comment);
    let repo = call.repo(full)?;
    let stored = repo.comments.last().expect("just pushed");
    Ok(Reply::created(render::comment(
        stored,
        repo,
        call.users,
        &call.urls(),
    )))
}
