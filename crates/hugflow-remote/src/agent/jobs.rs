//! Detached syncs on a host through its agent (`hugflow jobs …`): start one that outlives
//! the connection, list them (CI's too), follow one's `--json` log, cancel one.
//!
//! The Hub token travels in the JSON document on the command's stdin, never on its command
//! line; the agent hands it to the sync through the environment only.

mod lines;
#[cfg(test)]
mod tests;

use std::time::Duration;

use hugflow_core::events::{JobCancelAnswer, SyncEvent};
use hugflow_core::jobs::{JOB_SCHEMA, JobList};
use tokio::io::{AsyncBufReadExt, BufReader};

use super::{AgentError, AgentInfo, parse_versioned, run_json};
use crate::error::SshError;
use crate::quote::{RemoteCommand, check_path, check_value};
use crate::ssh::Ssh;
use crate::target::Target;
pub use lines::{StartedJob, SyncLogEntry, read_cancel_answer, read_log_line, read_start_answer};

/// `hugflow jobs <verb> [ID] --root CHECKOUT` with every value checked and quoted.
fn jobs_command(
    agent: &AgentInfo,
    checkout: &str,
    verb: &'static str,
    id: Option<&str>,
) -> Result<RemoteCommand, SshError> {
    check_path("the checkout path", checkout)?;
    let mut command = RemoteCommand::default()
        .path(&agent.path)
        .arg("jobs")
        .arg(verb);
    if let Some(id) = id {
        check_value("the job id", id)?;
        command = command.arg(id);
    }
    Ok(command.arg("--root").path(checkout))
}

/// Starts the sync of `request_yaml` on the host, detached; returns once it runs.
pub async fn start(
    ssh: &Ssh,
    target: &Target,
    agent: &AgentInfo,
    checkout: &str,
    request_yaml: &str,
    hf_token: Option<&str>,
) -> Result<StartedJob, AgentError> {
    let command = jobs_command(agent, checkout, "start", None)?.arg("--json");
    let input = serde_json::json!({ "request_yaml": request_yaml, "hf_token": hf_token });
    let stdin = input.to_string();
    let timeout = Duration::from_secs(60);
    let (code, stdout) = answer(ssh, target, &command, Some(stdin.as_bytes()), timeout).await?;
    read_start_answer(target, code, &stdout)
}

/// Runs a `jobs` command whose answer is a JSON line: its exit code and stdout. A command
/// that printed nothing and failed is its stderr; a failure with an answer is the answer's.
async fn answer(
    ssh: &Ssh,
    target: &Target,
    command: &RemoteCommand,
    stdin: Option<&[u8]>,
    timeout: Duration,
) -> Result<(i32, String), AgentError> {
    let output = ssh.run(target, command, stdin, timeout).await?;
    let stdout = output.stdout_text();
    if output.code != 0 && stdout.trim().is_empty() {
        return Err(AgentError::Failed {
            host: target.to_string(),
            command: command.to_string(),
            code: output.code,
            stderr: output.stderr.trim().to_string(),
        });
    }
    Ok((output.code, stdout))
}

/// Every sync on the host, newest first.
pub async fn list(
    ssh: &Ssh,
    target: &Target,
    agent: &AgentInfo,
    checkout: &str,
) -> Result<JobList, AgentError> {
    let command = jobs_command(agent, checkout, "list", None)?.arg("--json");
    let text = run_json(ssh, target, &command, None).await?;
    parse_versioned(target, "hugflow jobs list --json", &text, JOB_SCHEMA)
}

/// Follows job `id`'s log until it ends, handing each event to `on_event` (text in the log,
/// such as stderr, is skipped); returns the last event (`complete`, `skipped`, `failed` …).
/// A line of a newer schema stops the follow with "upgrade".
pub async fn follow(
    ssh: &Ssh,
    target: &Target,
    agent: &AgentInfo,
    checkout: &str,
    id: &str,
    mut on_event: impl FnMut(&SyncEvent),
) -> Result<Option<SyncEvent>, AgentError> {
    let command = jobs_command(agent, checkout, "log", Some(id))?.arg("--follow");
    let mut child = ssh.stream(target, &command)?;
    let mut lines = BufReader::new(child.stdout.take().expect("stdout is piped")).lines();
    let mut last = None;
    while let Ok(Some(line)) = lines.next_line().await {
        match read_log_line(target, &line) {
            Ok(Some(SyncLogEntry::Event { event })) => {
                on_event(&event);
                last = Some(event);
            }
            Ok(_) => {}
            Err(error) => {
                // Nothing after it can be read either; the job itself goes on.
                let _ = child.kill().await;
                return Err(error);
            }
        }
    }
    let status = child.wait().await.map_err(|source| SshError::Local {
        what: "wait for ssh".into(),
        source,
    })?;
    match status.code() {
        Some(0) => Ok(last),
        code => Err(AgentError::Failed {
            host: target.to_string(),
            command: format!("hugflow jobs log {id} --follow"),
            code: code.unwrap_or(-1),
            stderr: String::new(),
        }),
    }
}

/// The log of job `id` so far: its events, and any other text in it as printed.
pub async fn log(
    ssh: &Ssh,
    target: &Target,
    agent: &AgentInfo,
    checkout: &str,
    id: &str,
) -> Result<Vec<SyncLogEntry>, AgentError> {
    let command = jobs_command(agent, checkout, "log", Some(id))?;
    let text = run_json(ssh, target, &command, None).await?;
    let mut entries = Vec::new();
    for line in text.lines() {
        entries.extend(read_log_line(target, line)?);
    }
    Ok(entries)
}

/// Cancels job `id` (the sync stops; its partial files stay for a later resume) and says
/// how it went: stopped, already ended, or still stopping.
pub async fn cancel(
    ssh: &Ssh,
    target: &Target,
    agent: &AgentInfo,
    checkout: &str,
    id: &str,
) -> Result<JobCancelAnswer, AgentError> {
    let command = jobs_command(agent, checkout, "cancel", Some(id))?.arg("--json");
    // The agent waits up to 10 s for the job to stop.
    let (code, stdout) = answer(ssh, target, &command, None, Duration::from_secs(30)).await?;
    read_cancel_answer(target, id, code, &stdout)
}
