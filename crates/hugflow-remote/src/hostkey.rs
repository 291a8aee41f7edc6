//! Host keys the user has not trusted yet: fetch one to show its fingerprint, and trust it
//! only when the user says so.
//!
//! The key is fetched by `ssh` itself (with a throwaway `known_hosts` and `accept-new`), so it
//! is the key of the host the user's config really leads to, through any `ProxyJump` or
//! `HostKeyAlias`, recorded under the name ssh will look it up by.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use serde::Serialize;
use tokio::process::Command;

use crate::control_dir::prepare_control_dir;
use crate::error::SshError;
use crate::ssh::Ssh;
use crate::target::Target;

/// Where ssh reads nothing from: Win32-OpenSSH knows Windows' `NUL`, not `/dev/null`.
const NULL_DEVICE: &str = if cfg!(windows) { "NUL" } else { "/dev/null" };

/// A host key as ssh received it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HostKey {
    /// e.g. `ED25519`.
    pub key_type: String,
    /// e.g. `SHA256:iaB7NDMq…`, as `ssh-keygen -l` and the first-connect prompt show it.
    pub fingerprint: String,
    /// The known_hosts lines that trust it.
    #[serde(skip)]
    pub lines: String,
}

impl Ssh {
    /// Connects just far enough to receive `target`'s host key.
    pub async fn fetch_host_key(&self, target: &Target) -> Result<HostKey, SshError> {
        let dir = tempfile_dir(&self.settings().control_dir)?;
        let scratch = dir.path().join("known_hosts");
        let mut command = Command::new(&self.settings().program);
        if let Some(config) = &self.settings().config_file {
            command.arg("-F").arg(config);
        }
        command
            .args([
                "-T",
                "-o",
                "BatchMode=yes",
                "-o",
                "StrictHostKeyChecking=accept-new",
            ])
            .arg("-o")
            .arg(format!("UserKnownHostsFile=\"{}\"", scratch.display()))
            .arg("-o")
            .arg(format!("GlobalKnownHostsFile={NULL_DEVICE}"))
            .args(["-o", "ControlMaster=no", "-o", "ControlPath=none"])
            // Only the key exchange is wanted: offer no credentials at all.
            .args(["-o", "PreferredAuthentications=none"])
            .arg("-o")
            .arg(format!(
                "ConnectTimeout={}",
                self.settings().connect_timeout.as_secs().max(1)
            ))
            .args(target.ssh_args())
            .args(["--", "true"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let output = self.output(command).await?;
        let lines = std::fs::read_to_string(&scratch).unwrap_or_default();
        if lines.trim().is_empty() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(SshError::classify(
                &target.to_string(),
                output.status.code(),
                &stderr,
            ));
        }
        let (key_type, fingerprint) = fingerprint(&self.settings().program, &scratch).await?;
        Ok(HostKey {
            key_type,
            fingerprint,
            lines,
        })
    }

    /// Adds `key` to the app's known_hosts: called only on the user's explicit "Trust".
    pub fn trust(&self, key: &HostKey) -> Result<(), SshError> {
        let path = &self.settings().known_hosts;
        let local = |source| SshError::Local {
            what: format!("write {}", path.display()),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(local)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path).map_err(local)?;
        let mut lines = key.lines.clone();
        if !lines.ends_with('\n') {
            lines.push('\n');
        }
        file.write_all(lines.as_bytes()).map_err(local)?;
        tracing::info!(fingerprint = %key.fingerprint, "host key trusted");
        Ok(())
    }
}

fn tempfile_dir(parent: &Path) -> Result<tempfile::TempDir, SshError> {
    prepare_control_dir(parent)?;
    tempfile::tempdir_in(parent).map_err(|source| SshError::Local {
        what: format!("create a scratch dir in {}", parent.display()),
        source,
    })
}

/// `ssh-keygen -l -f FILE` → (`ED25519`, `SHA256:…`).
async fn fingerprint(ssh: &Path, file: &Path) -> Result<(String, String), SshError> {
    let keygen = match ssh.parent() {
        Some(dir) if ssh.is_absolute() => dir.join("ssh-keygen"),
        _ => "ssh-keygen".into(),
    };
    let output = Command::new(&keygen)
        .arg("-l")
        .arg("-f")
        .arg(file)
        .output()
        .await
        .map_err(|source| SshError::NoSsh {
            program: keygen.display().to_string(),
            source,
        })?;
    let text = String::from_utf8_lossy(&output.stdout);
    // "256 SHA256:abc… |1|hash… (ED25519)"
    let line = text.lines().next().unwrap_or_default();
    let mut words = line.split_whitespace();
    let fingerprint = words.nth(1).unwrap_or_default().to_string();
    let key_type = line
        .rsplit_once('(')
        .map(|(_, t)| t.trim_end_matches(')').to_string())
        .unwrap_or_default();
    if fingerprint.is_empty() {
        return Err(SshError::Other {
            host: file.display().to_string(),
            detail: format!("ssh-keygen could not read the host key: {line}"),
        });
    }
    Ok((key_type, fingerprint))
}
