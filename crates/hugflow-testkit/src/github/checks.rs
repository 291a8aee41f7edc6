//! What CI reports on a commit: check runs, commit statuses (and their combined state), and
//! Actions workflow runs.

use serde_json::{Value, json};

use super::call::Call;
use super::render;
use super::reply::{Failure, Handled, Reply, field};
use super::state::{CheckRunSpec, StoredCheck, StoredStatus};

/// A branch name or a sha, as `commits/{ref}` accepts.
fn commit_of(call: &Call<'_>, full: &str, reference: &str) -> Result<String, Failure> {
    let repo = call.ready_repo(full)?;
    repo.branch_sha(reference)
        .or_else(|| repo.git.resolve(reference))
        .ok_or_else(|| Failure::unprocessable(&format!("No commit found for SHA: {reference}")))
}

pub fn check_runs(call: &mut Call<'_>, full: &str, reference: &str) -> Handled {
    let sha = commit_of(call, full, reference)?;
    let repo = call.repo(full)?;
    let urls = call.urls();
    let runs: Vec<Value> = repo
        .checks
        .iter()
        .filter(|c| c.sha == sha)
        .map(|c| render::check_run(c, repo, &urls))
        .collect();
    Ok(Reply::ok(
        json!({ "total_count": runs.len(), "check_runs": runs }),
    ))
}

/// `POST /repos/{o}/{r}/check-runs` (a GitHub App's call; tests use it to report CI).
pub fn create_check_run(call: &mut Call<'_>, full: &str) -> Handled {
    let spec = CheckRunSpec {
        name: field(&call.body, "name")?.to_string(),
        status: call
            .body
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or("queued")
            .to_string(),
        conclusion: call
            .body
            .get("conclusion")
            .and_then(Value::as_str)
            .map(str::to_string),
    };
    let sha = field(&call.body, "head_sha")?.to_string();
    let check = set_check_run(call, full, &sha, spec)?;
    let repo = call.repo(full)?;
    Ok(Reply::created(render::check_run(
        &check,
        repo,
        &call.urls(),
    )))
}

/// Adds a check run, or updates the one of the same name on the same commit.
pub fn set_check_run(
    call: &mut Call<'_>,
    full: &str,
    sha: &str,
    spec: CheckRunSpec,
) -> Result<StoredCheck, Failure> {
    let id = call.world.id();
    let repo = call.ready_repo_mut(full)?;
    if let Some(existing) = repo
        .checks
        .iter_mut()
        .find(|c| c.sha == sha && c.spec.name == spec.name)
    {
        existing.spec = spec;
        return Ok(existing.clone());
    }
    let check = StoredCheck {
        id,
        sha: sha.to_string(),
        spec,
    };
    repo.checks.push(check.clone());
    Ok(check)
}

pub fn combined_status(call: &mut Call<'_>, full: &str, reference: &str) -> Handled {
    let sha = commit_of(call, full, reference)?;
    let repo = call.repo(full)?;
    // The latest status per context counts.
    let mut latest: Vec<&StoredStatus> = Vec::new();
    for status in repo.statuses.iter().rev().filter(|s| s.sha == sha) {
        if !latest.iter().any(|s| s.context == status.context) {
            latest.push(status);
        }
    }
    let state = if latest
        .iter()
        .any(|s| s.state == "failure" || s.state == "error")
    {
        "failure"
    } else if !latest.is_empty() && latest.iter().all(|s| s.state == "success") {
        "success"
    } else {
        "pending"
    };
    let statuses: Vec<Value> = latest
        .iter()
        .map(|s| json!({ "context": s.context, "state": s.state, "description": s.description, "target_url": s.target_url }))
        .collect();
    Ok(Reply::ok(json!({
        "state": state,
        "sha": sha,
        "total_count": statuses.len(),
        "statuses": statuses,
    })))
}

pub fn create_status(call: &mut Call<'_>, full: &str, sha: &str) -> Handled {
    let state = field(&call.body, "state")?.to_string();
    if !matches!(state.as_str(), "error" | "failure" | "pending" | "success") {
        return Err(Failure::validation(
            "Status",
            "state is not included in the list",
        ));
    }
    let text = |name: &str| {
        call.body
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let status = StoredStatus {
        sha: sha.to_string(),
        context: text("context").unwrap_or_else(|| "default".into()),
        state,
        description: text("description"),
        target_url: text("target_url"),
    };
    commit_of(call, full, sha)?;
    let body = json!({ "context": status.context, "state": status.state, "description": status.description, "target_url": status.target_url });
    call.ready_repo_mut(full)?.statuses.push(status);
    Ok(Reply::created(body))
}

pub fn workflow_runs(call: &mut Call<'_>, full: &str) -> Handled {
    let repo = call.ready_repo(full)?;
    let branch = call.query.get("branch");
    let event = call.query.get("event");
    let urls = call.urls();
    let runs: Vec<Value> = repo
        .runs
        .iter()
        .rev()
        .filter(|r| branch.is_none_or(|b| b == r.spec.head_branch))
        .filter(|r| event.is_none_or(|e| e == r.spec.event))
        .map(|r| render::workflow_run(r, repo, &urls))
        .collect();
    Ok(Reply::ok(
        json!({ "total_count": runs.len(), "workflow_runs": runs }),
    ))
}
