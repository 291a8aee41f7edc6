//! The operating-system side of jobs: starting the runner detached, telling whether it still
//! runs, signalling it, and the runner's own signal handling and cancellable lock wait.

use std::fs::File;
use std::io;
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use hugflow_core::path_io::FromPathIo;
use hugflow_core::progress::Cancel;

use super::{JobError, JobId};
use crate::{HostLock, SYNC_LOCK_FILE, SyncError};

/// Starts `command` in a new session (no controlling terminal, so no SIGHUP when the SSH
/// session ends) with stdin from /dev/null and stdout and stderr appended to `log`. The token
/// goes into its environment only.
#[cfg(unix)]
pub fn spawn_detached(
    mut command: Command,
    log: &Path,
    hf_token: Option<&str>,
) -> Result<u32, JobError> {
    use std::fs::OpenOptions;
    use std::os::unix::process::CommandExt;
    use std::process::Stdio;

    let out = OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(JobError::io("open", log))?;
    let err = out.try_clone().map_err(JobError::io("open", log))?;
    command.stdin(Stdio::null()).stdout(out).stderr(err);
    if let Some(token) = hf_token {
        command.env("HF_TOKEN", token);
    }
    // SAFETY: setsid is async-signal-safe and touches no memory of the parent.
    unsafe {
        command.pre_exec(|| {
            if libc::setsid() == -1 {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
    }
    // Not waited for: `jobs start` returns at once, and the runner is adopted by init.
    let child = command.spawn().map_err(JobError::Spawn)?;
    Ok(child.id())
}

#[cfg(not(unix))]
pub fn spawn_detached(
    _command: Command,
    _log: &Path,
    _hf_token: Option<&str>,
) -> Result<u32, JobError> {
    Err(JobError::Unsupported)
}

/// Whether `pid` is the runner of job `id`. With /proc, its command line must hold
/// `run <id>` (a zombie's is empty; a reused pid's is another program's); without, whether
/// the pid exists.
pub(super) fn is_job_process(pid: u32, id: &JobId) -> bool {
    if pid == 0 || i32::try_from(pid).is_err() {
        return false;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return match std::fs::read(proc.join(pid.to_string()).join("cmdline")) {
            Ok(cmdline) => {
                let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
                args.windows(2)
                    .any(|pair| pair[0] == b"run" && pair[1] == id.as_str().as_bytes())
            }
            Err(_) => false,
        };
    }
    exists(pid)
}

#[cfg(unix)]
fn exists(pid: u32) -> bool {
    // SAFETY: signal 0 only checks that the process exists and may be signalled.
    let sent = unsafe { libc::kill(pid as libc::pid_t, 0) } == 0;
    sent || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn exists(_pid: u32) -> bool {
    false
}

/// SIGTERM to a runner's process group (its pid: it leads its own session, as
/// [`spawn_detached`] starts it).
#[cfg(unix)]
pub fn terminate_group(pid: u32) -> Result<(), JobError> {
    let pid_t = pid as libc::pid_t;
    // SAFETY: plain kill(2) calls; the pid was checked to be the job's runner.
    if unsafe { libc::kill(-pid_t, libc::SIGTERM) } == 0 {
        return Ok(());
    }
    let group_error = io::Error::last_os_error();
    if unsafe { libc::kill(pid_t, libc::SIGTERM) } == 0 {
        return Ok(());
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::ESRCH) => Ok(()), // it ended meanwhile
        _ => Err(JobError::Signal {
            pid,
            source: if group_error.raw_os_error() == Some(libc::ESRCH) {
                error
            } else {
                group_error
            },
        }),
    }
}

#[cfg(not(unix))]
pub fn terminate_group(_pid: u32) -> Result<(), JobError> {
    Err(JobError::Unsupported)
}

/// Whether a sync holds the host's lock, and the pid it wrote there. `None`: nobody holds
/// it. (Probed with `F_GETLK`, which takes nothing.)
pub(super) fn sync_lock_holder(state_dir: &Path) -> Option<Option<u32>> {
    let path = state_dir.join(SYNC_LOCK_FILE);
    let file = File::open(&path).ok()?;
    match hugflow_core::state::record_lock::is_locked(&file) {
        Ok(false) => None,
        Ok(true) => {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            Some(
                text.split_whitespace()
                    .skip_while(|word| *word != "pid")
                    .nth(1)
                    .and_then(|pid| pid.parse().ok()),
            )
        }
        Err(error) => {
            tracing::debug!(%error, "cannot probe the sync lock");
            None
        }
    }
}

enum LockMessage {
    Waiting(String),
    Done(Result<HostLock, SyncError>),
}

/// [`HostLock::acquire`] that gives up when `cancel` is set while another sync holds the
/// lock: `Ok(None)`. `waiting` hears who holds it, as with `acquire`.
pub fn acquire_host_lock(
    state_dir: &Path,
    mut waiting: impl FnMut(&str),
    cancel: &Cancel,
) -> Result<Option<HostLock>, SyncError> {
    let (sender, receiver) = mpsc::channel();
    let dir = state_dir.to_path_buf();
    // Left blocked if cancelled; should it get the lock later, the send fails and the lock
    // is dropped at once.
    std::thread::Builder::new()
        .name("sync-lock".into())
        .spawn(move || {
            let on_wait = sender.clone();
            let result = HostLock::acquire(&dir, |holder| {
                let _ = on_wait.send(LockMessage::Waiting(holder.to_string()));
            });
            let _ = sender.send(LockMessage::Done(result));
        })
        .map_err(SyncError::io(
            "start a thread for",
            state_dir.join(SYNC_LOCK_FILE),
        ))?;
    loop {
        match receiver.recv_timeout(Duration::from_millis(200)) {
            Ok(LockMessage::Waiting(holder)) => waiting(&holder),
            Ok(LockMessage::Done(result)) => return result.map(Some),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if cancel.is_cancelled() {
                    return Ok(None);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(SyncError::io("lock", state_dir.join(SYNC_LOCK_FILE))(
                    io::Error::other("the thread waiting for the lock stopped"),
                ));
            }
        }
    }
}

/// Sets `cancel` on the first SIGTERM or SIGINT, and calls `on_second` on the next one. The
/// handlers are in place when this returns.
#[cfg(unix)]
pub fn cancel_on_signals(
    cancel: Cancel,
    on_second: impl FnOnce() + Send + 'static,
) -> io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    let (mut term, mut int) = {
        let _context = runtime.enter();
        (
            signal(SignalKind::terminate())?,
            signal(SignalKind::interrupt())?,
        )
    };
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            runtime.block_on(async move {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = int.recv() => {}
                }
                tracing::info!("asked to stop; cancelling the sync");
                cancel.cancel();
                tokio::select! {
                    _ = term.recv() => {}
                    _ = int.recv() => {}
                }
                on_second();
            });
        })?;
    Ok(())
}

#[cfg(not(unix))]
pub fn cancel_on_signals(
    _cancel: Cancel,
    _on_second: impl FnOnce() + Send + 'static,
) -> io::Result<()> {
    Ok(())
}
