//! Detached syncs on a host through its agent (`hugflow jobs …`): start one that outlives
//! the connection, list them (CI's too), follow one's `--json` log, cancel one.
//!
//! The Hub token travels in the JSON document on the command's stdin, never on its command
//! line; the agent hands it to the sync through the environment only.

use std::time::Duration;

use hugflow_core::jobs::{JOB_SCHEMA, JobList};
use serde::Deserialize;
use tokio::io::{AsyncBufReadExt, BufReader};

use super::{AgentError, AgentInfo, parse_versioned, run_json};
use crate::error::SshError;
use crate::quote::{RemoteCommand, check_path, check_value};
use crate::ssh::Ssh;
use crate::target::Target;

/// What `hugflow jobs start --json` answers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StartedJob {
    pub id: String,
    pub pid: Option<u32>,
    pub log: Option<String>,
}

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
    let text = run_json(ssh, target, &command, Some(input.to_string().as_bytes())).await?;
    let line = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let event: serde_json::Value =
        serde_json::from_str(line).map_err(|e| AgentError::Unreadable {
            host: target.to_string(),
            command: "hugflow jobs start".into(),
            detail: e.to_string(),
        })?;
    if event.get("event").and_then(|e| e.as_str()) != Some("started") {
        return Err(AgentError::Failed {
            host: target.to_string(),
            command: "hugflow jobs start".into(),
            code: 1,
            stderr: event
                .get("message")
                .and_then(|m| m.as_str())
                .unwrap_or(line)
                .to_string(),
        });
    }
    parse_versioned(target, "hugflow jobs start", line, JOB_SCHEMA)
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

/// Follows job `id`'s log until it ends, handing each JSON event to `on_event`; returns the
/// last event (`complete`, `skipped`, `failed` …).
pub async fn follow(
    ssh: &Ssh,
    target: &Target,
    agent: &AgentInfo,
    checkout: &str,
    id: &str,
    mut on_event: impl FnMut(&serde_json::Value),
) -> Result<Option<serde_json::Value>, AgentError> {
    let command = jobs_command(agent, checkout, "log", Some(id))?.arg("--follow");
    let mut child = ssh.stream(target, &command)?;
    let mut lines = BufReader::new(child.stdout.take().expect("stdout is piped")).lines();
    let mut last = None;
    while let Ok(Some(line)) = lines.next_line().await {
        if let Ok(event) = serde_json::from_str::<serde_json::Value>(&line) {
            on_event(&event);
            last = Some(event);
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

/// The log of job `id` so far (its JSON lines).
pub async fn log(
    ssh: &Ssh,
    target: &Target,
    agent: &AgentInfo,
    checkout: &str,
    id: &str,
) -> Result<Vec<String>, AgentError> {
    let command = jobs_command(agent, checkout, "log", Some(id))?;
    let text = run_json(ssh, target, &command, None).await?;
    Ok(text.lines().map(str::to_string).collect())
}

/// Cancels job `id` (the sync stops; its partial files stay for a later resume).
pub async fn cancel(
    ssh: &Ssh,
    target: &Target,
    agent: &AgentInfo,
    checkout: &str,
    id: &str,
) -> Result<(), AgentError> {
    let command = jobs_command(agent, checkout, "cancel", Some(id))?.arg("--json");
    let output = ssh
        .run(target, &command, None, Duration::from_secs(30))
        .await?;
    if output.code != 0 {
        return Err(AgentError::Failed {
            host: target.to_string(),
            command: format!("hugflow jobs cancel {id}"),
            code: output.code,
            stderr: output.stderr.trim().to_string(),
        });
    }
    Ok(())
}
