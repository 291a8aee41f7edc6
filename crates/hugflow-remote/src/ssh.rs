//! The system OpenSSH client, one multiplexed connection per host.
//!
//! Using `ssh` itself (not a library) means the user's config works as in a terminal:
//! `Include`, `Match`, `ProxyJump`, agents, certificates. Every call is non-interactive
//! (`BatchMode=yes`), times out on connect, sends keepalives, and checks host keys strictly
//! against the user's `known_hosts` files plus the app's own, where keys the user trusted in the
//! app go.
//!
//! [`Ssh::open_master`] starts a `ControlMaster` we own as a child process, so the moment the
//! connection drops is the moment that child exits; every other call rides on its control
//! socket (`ControlMaster=no`), which makes a poll a channel on an open connection rather than
//! a new TCP and key exchange. Where OpenSSH has no `ControlMaster` (Windows, see
//! [`crate::control_dir`]) the master is a plain connection kept open only to notice when the
//! host goes away, and every call opens a connection of its own.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, Command};

use crate::control_dir::{MULTIPLEXED, control_dir, prepare_control_dir};
use crate::error::SshError;
use crate::quote::RemoteCommand;
use crate::target::Target;

/// How the client is run; built once by the app.
#[derive(Debug, Clone)]
pub struct SshSettings {
    /// The `ssh` program (see [`crate::path::find_program`]).
    pub program: PathBuf,
    /// An ssh config to use instead of `~/.ssh/config` (`HUGFLOW_SSH_CONFIG`).
    pub config_file: Option<PathBuf>,
    /// Where control sockets live (the app's data dir, or a short fallback).
    pub control_dir: PathBuf,
    /// The app's known_hosts file: keys trusted in the app are appended here.
    pub known_hosts: PathBuf,
    pub connect_timeout: Duration,
    /// Whether calls ride on one `ControlMaster` connection per host ([`MULTIPLEXED`] where
    /// OpenSSH can); without, each call opens a connection of its own.
    pub multiplex: bool,
}

impl SshSettings {
    /// Settings keeping the app's files under `data_dir`.
    pub fn in_dir(program: PathBuf, data_dir: &Path) -> Self {
        Self {
            program,
            config_file: None,
            control_dir: control_dir(&data_dir.join("ssh")),
            known_hosts: data_dir.join("known_hosts"),
            connect_timeout: Duration::from_secs(10),
            multiplex: MULTIPLEXED,
        }
    }
}

/// What a remote command printed and how it ended.
#[derive(Debug, Clone)]
pub struct RemoteOutput {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl RemoteOutput {
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

#[derive(Debug, Clone)]
pub struct Ssh {
    settings: Arc<SshSettings>,
}

/// A running `ControlMaster`. Dropping it closes the connection.
pub struct Master {
    child: Child,
    /// The control socket, when calls ride on this connection.
    socket: Option<PathBuf>,
    host: String,
}

impl Master {
    fn remove_socket(&self) {
        if let Some(socket) = &self.socket {
            let _ = std::fs::remove_file(socket);
        }
    }

    /// Waits until the connection ends and says why.
    pub async fn closed(&mut self) -> SshError {
        let _ = self.child.wait().await;
        let mut said = String::new();
        if let Some(mut stderr) = self.child.stderr.take() {
            let _ = stderr.read_to_string(&mut said).await;
        }
        self.remove_socket();
        let detail = said.trim();
        SshError::Lost {
            host: self.host.clone(),
            detail: if detail.is_empty() {
                "the connection closed".into()
            } else {
                detail.to_string()
            },
        }
    }
}

impl Drop for Master {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        self.remove_socket();
    }
}

impl Ssh {
    pub fn new(settings: SshSettings) -> Self {
        Self {
            settings: Arc::new(settings),
        }
    }

    pub fn settings(&self) -> &SshSettings {
        &self.settings
    }

    /// Where `target`'s control socket lives: a readable prefix of the target plus a stable
    /// hash, short enough for any socket path limit.
    pub fn control_socket(&self, target: &Target) -> PathBuf {
        let name = target.to_string();
        let readable: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(16)
            .collect();
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        self.settings
            .control_dir
            .join(format!("{readable}-{:08x}", hash as u32))
    }

    /// The options every call shares. `multiplex` says whether the call uses the control
    /// socket (ssh keeps the first value of an option, so this is decided here, once).
    fn base(&self, target: &Target, multiplex: bool) -> Command {
        let s = &self.settings;
        let mut command = Command::new(&s.program);
        if let Some(config) = &s.config_file {
            command.arg("-F").arg(config);
        }
        let known_hosts = format!(
            "UserKnownHostsFile=~/.ssh/known_hosts ~/.ssh/known_hosts2 \"{}\"",
            s.known_hosts.display()
        );
        command
            .args([
                "-T",
                "-o",
                "BatchMode=yes",
                "-o",
                "StrictHostKeyChecking=yes",
            ])
            .args(["-o", &known_hosts])
            .arg("-o")
            .arg(format!(
                "ConnectTimeout={}",
                s.connect_timeout.as_secs().max(1)
            ))
            .args(["-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3"])
            .arg("-o")
            .arg(if multiplex {
                format!("ControlPath=\"{}\"", self.control_socket(target).display())
            } else {
                "ControlPath=none".to_string()
            })
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        command
    }

    fn over_master(&self, target: &Target, remote: &RemoteCommand) -> Command {
        let mut command = self.base(target, self.settings.multiplex);
        command
            .args(["-o", "ControlMaster=no"])
            .args(target.ssh_args())
            .arg("--")
            .arg(remote.as_str());
        command
    }

    /// Opens the connection to `target` and returns once it is authenticated.
    pub async fn open_master(&self, target: &Target) -> Result<Master, SshError> {
        if !self.settings.multiplex {
            return self.open_watch(target).await;
        }
        prepare_control_dir(&self.settings.control_dir)?;
        let socket = self.control_socket(target);
        // A socket left by a crashed run would make the new master refuse to listen.
        let _ = std::fs::remove_file(&socket);
        let mut command = self.base(target, true);
        command
            .args(["-N", "-o", "ControlMaster=yes", "-o", "ControlPersist=no"])
            .args(target.ssh_args());
        let mut child = self.spawn(command)?;
        let deadline =
            tokio::time::Instant::now() + self.settings.connect_timeout + Duration::from_secs(5);
        loop {
            if socket.exists() {
                return Ok(Master {
                    child,
                    socket: Some(socket),
                    host: target.to_string(),
                });
            }
            if let Some(status) = child.try_wait().map_err(|source| SshError::Local {
                what: "wait for ssh".into(),
                source,
            })? {
                let mut said = String::new();
                if let Some(mut stderr) = child.stderr.take() {
                    let _ = stderr.read_to_string(&mut said).await;
                }
                return Err(SshError::classify(
                    &target.to_string(),
                    status.code(),
                    &said,
                ));
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(SshError::TimedOut {
                    host: target.to_string(),
                    after: self.settings.connect_timeout,
                });
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Without multiplexing: one call proves the host answers and lets us in (its failure is
    /// classified as the master's would be), then a connection running nothing stays open so
    /// that its end says the host went away, as a master's does.
    async fn open_watch(&self, target: &Target) -> Result<Master, SshError> {
        // The same allowance as a master's start.
        let allowed = self.settings.connect_timeout + Duration::from_secs(5);
        let probe = RemoteCommand::script("true");
        tokio::time::timeout(allowed, self.run_unshared(target, &probe))
            .await
            .map_err(|_| SshError::TimedOut {
                host: target.to_string(),
                after: self.settings.connect_timeout,
            })??;
        let mut command = self.base(target, false);
        command
            .args(["-N", "-o", "ControlMaster=no"])
            .args(target.ssh_args());
        Ok(Master {
            child: self.spawn(command)?,
            socket: None,
            host: target.to_string(),
        })
    }

    /// Runs `remote` over the open connection, feeding `stdin`, within `timeout`.
    /// Only a failure of ssh itself is an error; the remote exit code is in the output.
    pub async fn run(
        &self,
        target: &Target,
        remote: &RemoteCommand,
        stdin: Option<&[u8]>,
        timeout: Duration,
    ) -> Result<RemoteOutput, SshError> {
        let mut command = self.over_master(target, remote);
        if stdin.is_some() {
            command.stdin(Stdio::piped());
        }
        let mut child = self.spawn(command)?;
        let host = target.to_string();
        let work = async {
            if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
                pipe.write_all(bytes)
                    .await
                    .map_err(|source| SshError::Local {
                        what: "send data to ssh".into(),
                        source,
                    })?;
                drop(pipe);
            }
            child
                .wait_with_output()
                .await
                .map_err(|source| SshError::Local {
                    what: "read from ssh".into(),
                    source,
                })
        };
        let output =
            tokio::time::timeout(timeout, work)
                .await
                .map_err(|_| SshError::TimedOut {
                    host: host.clone(),
                    after: timeout,
                })??;
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let code = output.status.code().unwrap_or(-1);
        if code == 255 {
            return Err(SshError::classify(&host, Some(code), &stderr));
        }
        Ok(RemoteOutput {
            code,
            stdout: output.stdout,
            stderr,
        })
    }

    /// Starts `remote` over the open connection and hands back the process, its stdout piped:
    /// for streams such as `nvidia-smi --loop-ms`.
    pub fn stream(&self, target: &Target, remote: &RemoteCommand) -> Result<Child, SshError> {
        self.spawn(self.over_master(target, remote))
    }

    /// Runs `remote` on a connection of its own (no multiplexing): what a poll costs without
    /// a reused connection (the benchmark's peer), and how a connection is proved where there
    /// is no multiplexing.
    pub async fn run_unshared(
        &self,
        target: &Target,
        remote: &RemoteCommand,
    ) -> Result<RemoteOutput, SshError> {
        let mut command = self.base(target, false);
        command
            .args(["-o", "ControlMaster=no"])
            .args(target.ssh_args())
            .arg("--")
            .arg(remote.as_str());
        let output = self.output(command).await?;
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        match output.status.code() {
            Some(255) | None => Err(SshError::classify(
                &target.to_string(),
                output.status.code(),
                &stderr,
            )),
            Some(code) => Ok(RemoteOutput {
                code,
                stdout: output.stdout,
                stderr,
            }),
        }
    }

    /// Runs `command` to its end and collects what it printed.
    pub(crate) async fn output(&self, command: Command) -> Result<std::process::Output, SshError> {
        self.spawn(command)?
            .wait_with_output()
            .await
            .map_err(|source| SshError::Local {
                what: "read from ssh".into(),
                source,
            })
    }

    pub(crate) fn spawn(&self, mut command: Command) -> Result<Child, SshError> {
        command.spawn().map_err(|source| SshError::NoSsh {
            program: self.settings.program.display().to_string(),
            source,
        })
    }
}
