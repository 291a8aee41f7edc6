//! Watching one host live, with no agent installed: one task per host keeps a connection
//! open and two long-lived commands on it, and reconnects with backoff when it drops.
//!
//! - a probe: is `nvidia-smi` there, and which MIG instances belong to which GPU;
//! - `nvidia-smi --query-gpu=… --loop-ms=N` (no new process per tick);
//! - a shell loop printing compute apps, `df -B1` of the storage root, load and memory.
//!
//! States and snapshots go to a [`MonitorSink`] the caller passes in.

pub mod assemble;
pub mod state;

use std::sync::Arc;
use std::time::Duration;

use hugflow_core::monitor::GpuStatus;
use hugflow_core::monitor::HostSnapshot;
use hugflow_core::monitor::gpu::{PROCESS_FIELDS, mig_parents};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::Child;
use tokio::sync::Notify;

use crate::error::SshError;
use crate::quote::{RemoteCommand, check_path};
use crate::ssh::{Master, Ssh};
use crate::target::Target;
use assemble::{Assembler, stream_fields};
pub use state::ConnectionState;

/// Where a monitor's news goes (the desktop keeps the latest and the history).
pub trait MonitorSink: Send + Sync + 'static {
    fn state(&self, state: ConnectionState);
    fn snapshot(&self, snapshot: HostSnapshot);
}

#[derive(Debug, Clone)]
pub struct MonitorSettings {
    /// How often the host reports (`--loop-ms`).
    pub interval: Duration,
    /// The folder whose disk is shown (the host's STORAGE_ROOT).
    pub storage_root: Option<String>,
    /// The longest wait between reconnection attempts.
    pub max_backoff: Duration,
    /// How long to wait before trying again after a refused login (the user may load a key).
    pub auth_retry: Duration,
}

impl Default for MonitorSettings {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(2),
            storage_root: None,
            max_backoff: Duration::from_secs(30),
            auth_retry: Duration::from_secs(60),
        }
    }
}

/// A running monitor; dropping it stops the task and closes the connection.
pub struct Monitor {
    wake: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
}

impl Monitor {
    /// Starts watching `target` on the current tokio runtime.
    pub fn start(
        ssh: Ssh,
        target: Target,
        settings: MonitorSettings,
        sink: Arc<dyn MonitorSink>,
    ) -> Result<Self, SshError> {
        if let Some(root) = &settings.storage_root {
            check_path("the storage root", root)?;
        }
        let wake = Arc::new(Notify::new());
        let task = tokio::spawn(run(ssh, target, settings, sink, wake.clone()));
        Ok(Self { wake, task })
    }

    /// Tries to connect now instead of waiting (after the user trusted a key, say).
    pub fn retry_now(&self) {
        self.wake.notify_one();
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The wait before attempt `failures + 1`: 1, 2, 4, … seconds up to `max`.
pub fn backoff(failures: u32, max: Duration) -> Duration {
    Duration::from_secs(1u64 << failures.saturating_sub(1).min(16)).min(max)
}

async fn run(
    ssh: Ssh,
    target: Target,
    settings: MonitorSettings,
    sink: Arc<dyn MonitorSink>,
    wake: Arc<Notify>,
) {
    let mut failures = 0;
    loop {
        sink.state(ConnectionState::Connecting);
        let error = match ssh.open_master(&target).await {
            Ok(mut master) => {
                failures = 0;
                sink.state(ConnectionState::Connected {
                    since: chrono::Utc::now().to_rfc3339(),
                });
                watch(&ssh, &target, &settings, sink.as_ref(), &mut master).await
            }
            Err(error) => error,
        };
        tracing::info!(host = %target, %error, "monitor connection ended");
        let wait = match &error {
            error if error.is_transient() => {
                failures += 1;
                let delay = backoff(failures, settings.max_backoff);
                let retry_at = chrono::Utc::now() + delay;
                sink.state(ConnectionState::Lost {
                    detail: error.to_string(),
                    retry_at: retry_at.to_rfc3339(),
                    retry_in_seconds: delay.as_secs(),
                });
                Some(delay)
            }
            SshError::HostKeyUnknown { .. } => {
                let key = ssh.fetch_host_key(&target).await.ok();
                sink.state(ConnectionState::HostKeyUnknown { key });
                None
            }
            SshError::AuthFailed { .. } => {
                sink.state(ConnectionState::from_error(&error));
                Some(settings.auth_retry)
            }
            error => {
                sink.state(ConnectionState::from_error(error));
                None
            }
        };
        match wait {
            Some(delay) => {
                tokio::select! {
                    () = tokio::time::sleep(delay) => {}
                    () = wake.notified() => {}
                }
            }
            None => wake.notified().await,
        }
    }
}

/// Streams snapshots until the connection is lost; returns why.
async fn watch(
    ssh: &Ssh,
    target: &Target,
    settings: &MonitorSettings,
    sink: &dyn MonitorSink,
    master: &mut Master,
) -> SshError {
    let probe = match ssh
        .run(target, &probe_command(), None, Duration::from_secs(20))
        .await
    {
        Ok(output) => output.stdout_text(),
        Err(error) => return error,
    };
    let has_nvidia_smi = probe.starts_with("nvidia-smi");
    let gpu_status = if has_nvidia_smi {
        GpuStatus::Ok
    } else {
        GpuStatus::NoNvidiaSmi
    };
    let mut assembler = Assembler::new(gpu_status, mig_parents(&probe));
    let mut gpu = match has_nvidia_smi {
        true => match ssh.stream(target, &gpu_command(settings)) {
            Ok(child) => Some(Lines::new(child)),
            Err(error) => return error,
        },
        false => None,
    };
    let mut host = match ssh.stream(target, &host_command(settings, has_nvidia_smi)) {
        Ok(child) => Lines::new(child),
        Err(error) => return error,
    };
    // A connection that stays silent this long is as good as gone, keepalives or not.
    let silence = settings.interval * 5 + Duration::from_secs(10);
    loop {
        tokio::select! {
            error = master.closed() => return error,
            line = next_line(&mut gpu) => match line {
                Some(line) => {
                    if let Some(snapshot) = assembler.gpu_line(&line) {
                        sink.snapshot(snapshot);
                    }
                }
                None => {
                    let Some(mut stream) = gpu.take() else { continue };
                    let (code, said) = stream.finish().await;
                    if code == Some(255) {
                        return SshError::classify(&target.to_string(), code, &said);
                    }
                    sink.snapshot(assembler.gpu_stream_failed(if said.trim().is_empty() {
                        "nvidia-smi stopped without saying why"
                    } else {
                        &said
                    }));
                }
            },
            line = host.lines.next_line() => match line {
                Ok(Some(line)) => {
                    if let Some(snapshot) = assembler.host_line(&line) {
                        sink.snapshot(snapshot);
                    }
                }
                _ => {
                    let (code, said) = host.finish().await;
                    return SshError::Lost {
                        host: target.to_string(),
                        detail: format!(
                            "the monitoring command ended (exit {code:?}): {}",
                            said.trim()
                        ),
                    };
                }
            },
            () = tokio::time::sleep(silence) => {
                return SshError::TimedOut { host: target.to_string(), after: silence };
            }
        }
    }
}

/// A streaming remote command read line by line.
struct Lines {
    child: Child,
    lines: tokio::io::Lines<BufReader<tokio::process::ChildStdout>>,
}

impl Lines {
    fn new(mut child: Child) -> Self {
        let stdout = child.stdout.take().expect("stdout is piped");
        Self {
            child,
            lines: BufReader::new(stdout).lines(),
        }
    }

    /// Waits for the exit and returns the code and what it printed on stderr.
    async fn finish(&mut self) -> (Option<i32>, String) {
        let code = self.child.wait().await.ok().and_then(|s| s.code());
        let mut said = String::new();
        if let Some(mut stderr) = self.child.stderr.take() {
            let _ = stderr.read_to_string(&mut said).await;
        }
        (code, said)
    }
}

/// The next line of an optional stream; pending forever when there is none.
async fn next_line(stream: &mut Option<Lines>) -> Option<String> {
    match stream {
        Some(stream) => stream.lines.next_line().await.ok().flatten(),
        None => std::future::pending().await,
    }
}

/// `nvidia-smi` on the remote PATH? Then its `-L` list (for MIG parents).
fn probe_command() -> RemoteCommand {
    RemoteCommand::script(
        "if command -v nvidia-smi >/dev/null 2>&1; then echo nvidia-smi; nvidia-smi -L 2>&1; else echo none; fi",
    )
}

fn gpu_command(settings: &MonitorSettings) -> RemoteCommand {
    RemoteCommand::script("exec nvidia-smi")
        .arg(&format!("--query-gpu={}", stream_fields().join(",")))
        .arg("--format=csv,noheader,nounits")
        .arg(&format!("--loop-ms={}", settings.interval.as_millis()))
}

/// The shell loop behind the host stream (see [`assemble`]).
pub fn host_command(settings: &MonitorSettings, has_nvidia_smi: bool) -> RemoteCommand {
    let seconds = format!("{}", settings.interval.as_secs_f64());
    let mut command = RemoteCommand::script("while :; do echo @@apps;");
    if has_nvidia_smi {
        command = command
            .then(" nvidia-smi")
            .arg(&format!(
                "--query-compute-apps={}",
                PROCESS_FIELDS.join(",")
            ))
            .arg("--format=csv,noheader,nounits")
            .then(" 2>/dev/null;");
    }
    command = command.then(" echo @@df;");
    if let Some(root) = &settings.storage_root {
        command = command.then(" df -B1 --").path(root).then(" 2>/dev/null;");
    }
    command
        .then(" echo @@loadavg; cat /proc/loadavg; echo @@meminfo; cat /proc/meminfo; echo @@end; sleep")
        .arg(&seconds)
        .then(" || exit; done")
}

/// One look at the host over the open connection: what a poll costs (the benchmark), and
/// what the agent-less `Refresh` shows at once.
pub fn snapshot_command(settings: &MonitorSettings) -> RemoteCommand {
    let mut command =
        RemoteCommand::script("if command -v nvidia-smi >/dev/null 2>&1; then nvidia-smi")
            .arg(&format!("--query-gpu={}", stream_fields().join(",")))
            .arg("--format=csv,noheader,nounits")
            .then(" 2>&1; else echo @@none; fi; echo @@df;");
    if let Some(root) = &settings.storage_root {
        command = command.then(" df -B1 --").path(root).then(" 2>/dev/null;");
    }
    command
        .then(" echo @@loadavg; cat /proc/loadavg; echo @@meminfo; cat /proc/meminfo; echo @@end")
}

/// Reads [`snapshot_command`]'s output.
pub fn parse_snapshot(text: &str) -> HostSnapshot {
    let (gpu_part, host_part) = text.split_once("@@df\n").unwrap_or((text, ""));
    let no_nvidia_smi = gpu_part.trim() == "@@none";
    let status = if no_nvidia_smi {
        GpuStatus::NoNvidiaSmi
    } else {
        GpuStatus::Ok
    };
    let mut assembler = Assembler::new(status, Default::default());
    let mut snapshot = None;
    for line in std::iter::once("@@df").chain(host_part.lines()) {
        snapshot = assembler.host_line(line).or(snapshot);
    }
    if no_nvidia_smi {
        return snapshot.unwrap_or_else(|| assembler.gpu_stream_failed("no answer"));
    }
    let mut snapshot = None;
    for line in gpu_part.lines() {
        snapshot = assembler.gpu_line(line).or(snapshot);
    }
    snapshot.unwrap_or_else(|| assembler.gpu_stream_failed(gpu_part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let max = Duration::from_secs(30);
        let waits: Vec<u64> = (1..=7).map(|n| backoff(n, max).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30]);
    }

    #[test]
    fn the_host_loop_quotes_the_storage_root() {
        let settings = MonitorSettings {
            storage_root: Some("~/data; rm -rf ~".into()),
            ..Default::default()
        };
        let script = host_command(&settings, false).to_string();
        assert!(
            script.contains("df -B1 -- \"$HOME\"'/data; rm -rf ~' 2>/dev/null;"),
            "{script}"
        );
    }
}
