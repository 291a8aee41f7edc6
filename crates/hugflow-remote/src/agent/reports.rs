//! Run histories read on a host through its agent: `hugflow runs --json` over a folder of
//! flow and artifact runs, `hugflow retrain history --json` of a checkout, and the tail of a
//! run's file (plain `tail`, no agent needed); and a flow's re-run (`hugflow rerun`).

use std::time::Duration;

use hugflow_core::jobs::JobState;
use hugflow_core::retrain::{RETRAIN_SCHEMA, RetrainHistory};
use hugflow_core::runs::{RERUN_SCHEMA, RUNS_SCHEMA, Rerun, RerunCancel, RunsReport};

use super::{AgentError, AgentInfo, parse_versioned, run_json};
use crate::error::SshError;
use crate::quote::{RemoteCommand, check_path};
use crate::ssh::Ssh;
use crate::target::Target;

/// `hugflow runs --json --root ROOT` on the host.
pub async fn runs(
    ssh: &Ssh,
    target: &Target,
    agent: &AgentInfo,
    root: &str,
) -> Result<RunsReport, AgentError> {
    check_path("the runs folder", root).map_err(SshError::from)?;
    let command = RemoteCommand::default()
        .path(&agent.path)
        .arg("runs")
        .arg("--json")
        .arg("--root")
        .path(root);
    let text = run_json(ssh, target, &command, None).await?;
    parse_versioned(target, "hugflow runs --json", &text, RUNS_SCHEMA)
}

/// `hugflow retrain history --json --root CHECKOUT` on the host.
pub async fn retrain_history(
    ssh: &Ssh,
    target: &Target,
    agent: &AgentInfo,
    checkout: &str,
) -> Result<RetrainHistory, AgentError> {
    check_path("the checkout path", checkout).map_err(SshError::from)?;
    let command = RemoteCommand::default()
        .path(&agent.path)
        .arg("retrain")
        .arg("history")
        .arg("--json")
        .arg("--root")
        .path(checkout);
    let text = run_json(ssh, target, &command, None).await?;
    parse_versioned(
        target,
        "hugflow retrain history --json",
        &text,
        RETRAIN_SCHEMA,
    )
}

/// What `hugflow rerun` is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RerunVerb {
    /// Start the re-run of the folder's flow, detached.
    Start,
    /// How the folder's last re-run stands.
    Status,
}

/// `hugflow rerun start|status FOLDER --json` on the host: the re-run's record.
pub async fn rerun(
    ssh: &Ssh,
    target: &Target,
    agent: &AgentInfo,
    verb: RerunVerb,
    folder: &str,
) -> Result<Rerun, AgentError> {
    let verb = match verb {
        RerunVerb::Start => "start",
        RerunVerb::Status => "status",
    };
    let text = run_json(ssh, target, &rerun_command(agent, verb, folder)?, None).await?;
    parse_versioned(
        target,
        &format!("hugflow rerun {verb}"),
        &text,
        RERUN_SCHEMA,
    )
}

/// `hugflow rerun cancel FOLDER --json` on the host: the state the re-run ended in
/// (`running` if it has not ended within the command's wait).
pub async fn cancel_rerun(
    ssh: &Ssh,
    target: &Target,
    agent: &AgentInfo,
    folder: &str,
) -> Result<JobState, AgentError> {
    let text = run_json(ssh, target, &rerun_command(agent, "cancel", folder)?, None).await?;
    let answer: RerunCancel = parse_versioned(target, "hugflow rerun cancel", &text, RERUN_SCHEMA)?;
    Ok(answer.state)
}

fn rerun_command(
    agent: &AgentInfo,
    verb: &'static str,
    folder: &str,
) -> Result<RemoteCommand, AgentError> {
    check_path("the run folder", folder).map_err(SshError::from)?;
    Ok(RemoteCommand::default()
        .path(&agent.path)
        .arg("rerun")
        .arg(verb)
        .path(folder)
        .arg("--json"))
}

/// The last `lines` lines of the file at `path` on the host.
pub async fn file_tail(
    ssh: &Ssh,
    target: &Target,
    path: &str,
    lines: u32,
) -> Result<Vec<String>, AgentError> {
    check_path("the file", path).map_err(SshError::from)?;
    let command = RemoteCommand::default()
        .arg("tail")
        .arg("-n")
        .arg(&lines.to_string())
        .arg("--")
        .path(path);
    let output = ssh
        .run(target, &command, None, Duration::from_secs(30))
        .await?;
    if output.code != 0 {
        return Err(AgentError::Failed {
            host: target.to_string(),
            command: command.to_string(),
            code: output.code,
            stderr: output.stderr.trim().to_string(),
        });
    }
    Ok(output.stdout_text().lines().map(str::to_string).collect())
}

#[cfg(test)]
#[path = "reports_tests.rs"]
mod tests;
