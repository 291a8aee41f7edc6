//! The `hugflow` binary on a host (the "agent"): is it there and which version, putting the
//! laptop's Linux build in `~/.local/bin` when the user agrees, and asking it for the host's
//! datasets. All of it over the host's open connection.
//!
//! Its JSON carries a `schema`; a newer schema than this build knows is refused with "upgrade
//! hugflow on <host>" rather than misread (DESIGN §3.7).

pub mod builds;
pub mod cluster;
pub mod jobs;
pub mod reports;

use std::time::Duration;

use hugflow_core::status::{STATUS_SCHEMA, StatusReport};
use serde::Serialize;

use self::builds::{AgentBuilds, Platform};
use crate::error::SshError;
use crate::quote::{RemoteCommand, check_path};
use crate::ssh::Ssh;
use crate::target::Target;

/// Where the agent is installed on a host (under the remote user's home).
pub const INSTALL_PATH: &str = "~/.local/bin/hugflow";

#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error(transparent)]
    Ssh(#[from] SshError),
    #[error("hugflow is not installed on {host}; install it from the host's page")]
    Missing { host: String },
    #[error("cannot install hugflow on {host}: it runs {}, and {why}", why.wanted)]
    NoBuild { host: String, why: builds::NoBuild },
    #[error(
        "{host} answered `uname -sm` with {answer:?}, not a platform; is its login shell printing a banner?"
    )]
    UnknownPlatform { host: String, answer: String },
    #[error("cannot read {path}: {source}")]
    Binary {
        path: String,
        source: std::io::Error,
    },
    #[error("`{command}` failed on {host} (exit {code}): {stderr}")]
    Failed {
        host: String,
        command: String,
        code: i32,
        stderr: String,
    },
    #[error(
        "{host} answered `{command}` with something unreadable ({detail}); upgrade hugflow on {host}"
    )]
    Unreadable {
        host: String,
        command: String,
        detail: String,
    },
    #[error(
        "hugflow on {host} speaks a newer format (schema {found}, this app knows {known}); upgrade Hugflow Desktop"
    )]
    NewerSchema {
        host: String,
        found: u64,
        known: u32,
    },
}

/// The agent found on a host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgentInfo {
    /// As `hugflow --version` prints it, e.g. `0.1.0`.
    pub version: String,
    /// Where it is on the host.
    pub path: String,
}

/// Looks for the agent in [`INSTALL_PATH`], then on the remote PATH.
pub async fn detect(ssh: &Ssh, target: &Target) -> Result<Option<AgentInfo>, AgentError> {
    let script = RemoteCommand::script(
        "for p in \"$HOME/.local/bin/hugflow\" \"$(command -v hugflow 2>/dev/null)\"; do \
         if [ -n \"$p\" ] && [ -x \"$p\" ]; then printf '%s\\n' \"$p\"; exec \"$p\" --version; fi; done; echo @@none",
    );
    let output = ssh
        .run(target, &script, None, Duration::from_secs(20))
        .await?;
    let text = output.stdout_text();
    let mut lines = text.lines();
    match (lines.next(), lines.next()) {
        (Some("@@none"), _) | (None, _) => Ok(None),
        (Some(path), Some(version)) => Ok(Some(AgentInfo {
            version: version_of(version),
            path: path.to_string(),
        })),
        (Some(path), None) => Err(AgentError::Failed {
            host: target.to_string(),
            command: format!("{path} --version"),
            code: output.code,
            stderr: output.stderr.trim().to_string(),
        }),
    }
}

/// The version in what `hugflow --version` prints: `hugflow 0.1.0 (1a2b3c4)` from this
/// release on (the build's commit after it), `hugflow 0.1.0` before.
fn version_of(line: &str) -> String {
    let rest = line.trim().trim_start_matches("hugflow").trim();
    rest.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Copies the build of `builds` that fits the host's `uname -sm` to [`INSTALL_PATH`] on the
/// host, atomically (a half-copied file never replaces a working one), and returns what is now
/// there.
pub async fn install(
    ssh: &Ssh,
    target: &Target,
    builds: &AgentBuilds,
) -> Result<AgentInfo, AgentError> {
    let answer = ssh
        .run(
            target,
            &RemoteCommand::script("uname -sm"),
            None,
            Duration::from_secs(20),
        )
        .await?
        .stdout_text();
    let platform = Platform::from_uname(&answer).ok_or_else(|| AgentError::UnknownPlatform {
        host: target.to_string(),
        answer: answer.chars().take(120).collect(),
    })?;
    let build = builds
        .for_platform(&platform)
        .map_err(|why| AgentError::NoBuild {
            host: target.to_string(),
            why,
        })?;
    let binary = &build.path;
    let bytes = std::fs::read(binary).map_err(|source| AgentError::Binary {
        path: binary.display().to_string(),
        source,
    })?;
    let script = RemoteCommand::script(
        "set -e; mkdir -p \"$HOME/.local/bin\"; part=\"$HOME/.local/bin/.hugflow.$$.partial\"; \
         trap 'rm -f \"$part\"' EXIT; cat > \"$part\"; chmod 755 \"$part\"; \"$part\" --version >/dev/null; \
         mv -f \"$part\" \"$HOME/.local/bin/hugflow\"; trap - EXIT",
    );
    let output = ssh
        .run(target, &script, Some(&bytes), Duration::from_secs(600))
        .await?;
    if output.code != 0 {
        return Err(AgentError::Failed {
            host: target.to_string(),
            command: format!("install to {INSTALL_PATH}"),
            code: output.code,
            stderr: output.stderr.trim().to_string(),
        });
    }
    tracing::info!(host = %target, bytes = bytes.len(), "hugflow installed on the host");
    detect(ssh, target).await?.ok_or(AgentError::Missing {
        host: target.to_string(),
    })
}

/// `hugflow status --json` of the checkout at `checkout` on the host.
pub async fn status(
    ssh: &Ssh,
    target: &Target,
    agent: &AgentInfo,
    checkout: &str,
) -> Result<StatusReport, AgentError> {
    check_path("the checkout path", checkout).map_err(SshError::from)?;
    let command = RemoteCommand::default()
        .path(&agent.path)
        .arg("status")
        .arg("--json")
        .arg("--root")
        .path(checkout);
    let text = run_json(ssh, target, &command, None).await?;
    parse_versioned(target, "hugflow status --json", &text, STATUS_SCHEMA)
}

/// Runs an agent command and returns its stdout, or the failure with its stderr.
pub(crate) async fn run_json(
    ssh: &Ssh,
    target: &Target,
    command: &RemoteCommand,
    stdin: Option<&[u8]>,
) -> Result<String, AgentError> {
    let output = ssh
        .run(target, command, stdin, Duration::from_secs(60))
        .await?;
    if output.code != 0 && output.stdout.is_empty() {
        return Err(AgentError::Failed {
            host: target.to_string(),
            command: command.to_string(),
            code: output.code,
            stderr: output.stderr.trim().to_string(),
        });
    }
    Ok(output.stdout_text())
}

/// Reads one JSON document, refusing a schema newer than `known`.
pub(crate) fn parse_versioned<T: serde::de::DeserializeOwned>(
    target: &Target,
    command: &str,
    text: &str,
    known: u32,
) -> Result<T, AgentError> {
    let unreadable = |detail: String| AgentError::Unreadable {
        host: target.to_string(),
        command: command.to_string(),
        detail,
    };
    let value: serde_json::Value =
        serde_json::from_str(text.trim()).map_err(|e| unreadable(e.to_string()))?;
    let found = value.get("schema").and_then(|s| s.as_u64()).unwrap_or(0);
    if found > u64::from(known) {
        return Err(AgentError::NewerSchema {
            host: target.to_string(),
            found,
            known,
        });
    }
    serde_json::from_value(value).map_err(|e| unreadable(e.to_string()))
}

#[cfg(test)]
mod version_tests {
    use super::version_of;

    #[test]
    fn the_version_is_read_with_or_without_the_commit_after_it() {
        assert_eq!(version_of("hugflow 0.1.0 (1a2b3c4)\n"), "0.1.0");
        assert_eq!(version_of("hugflow 0.1.0"), "0.1.0");
        assert_eq!(version_of("hugflow 0.2.0 (unknown)"), "0.2.0");
        assert_eq!(version_of(""), "");
    }
}
