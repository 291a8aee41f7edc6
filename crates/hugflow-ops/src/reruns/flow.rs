//! The flow's process: started from its record, watched to its end (killed if it outlives a
//! cancel by [`KILL_AFTER`]), and its end recorded. One watcher for both launchers: the CLI's
//! detached runner and the desktop's thread.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};
use hugflow_core::jobs::JobState;
use hugflow_core::path_io::FromPathIo;
use hugflow_core::progress::Cancel;
use hugflow_core::runs::Rerun;
use hugflow_runs::rerun;

use super::{RerunsError, cancel_marker};

/// How long the flow has to end after a cancel before it is killed.
pub(super) const KILL_AFTER: Duration = Duration::from_secs(5);
/// How often the watcher looks at the flow and for a cancel.
const POLL: Duration = Duration::from_millis(100);

/// `hugflow: <command> (in <cwd>)`, the log's first line.
pub(super) fn started_line(record: &Rerun) -> String {
    format!("hugflow: {} (in {})", record.command.join(" "), record.cwd)
}

/// Appends a line of Hugflow's own to the re-run's log (best effort: the log is for reading,
/// the record is what counts).
pub(super) fn note(folder: &Path, line: &str) {
    let path = rerun::log_path(folder);
    let written = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut log| writeln!(log, "{line}"));
    if let Err(error) = written {
        tracing::warn!(log = %path.display(), %error, "cannot write to the re-run's log");
    }
}

/// Starts the recorded command from its folder. With `log`, in a process group of its own
/// (so a cancel reaches it and whatever it starts) with its output appended to `log`;
/// without, as a child sharing this process's group and output (the detached runner's,
/// which are the log already).
pub(super) fn spawn(record: &Rerun, log: Option<&Path>) -> std::io::Result<Child> {
    let (program, args) = record
        .command
        .split_first()
        .ok_or_else(|| std::io::Error::other("the re-run record has no command"))?;
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(&record.cwd)
        .stdin(Stdio::null());
    if let Some(log) = log {
        let out = OpenOptions::new().create(true).append(true).open(log)?;
        command.stdout(out.try_clone()?).stderr(out);
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
    }
    command.spawn()
}

/// Watches `child` (the flow of `record`) until it ends, then records how. A cancel is
/// `cancel` set (the runner's signals) or [`cancel_marker`] written (by `reruns::cancel`,
/// from any process); a flow still running [`KILL_AFTER`] later is killed.
pub(super) fn watch(
    folder: &Path,
    record: Rerun,
    mut child: Child,
    cancel: &Cancel,
) -> Result<Rerun, RerunsError> {
    // The desktop records the flow's own pid (it leads its group); the runner records its.
    let leads_group = record.pid == Some(child.id());
    let mut cancelled_at: Option<Instant> = None;
    let status = loop {
        if let Some(status) = exited(&mut child).map_err(RerunsError::io("wait for", folder))? {
            break status;
        }
        if cancelled_at.is_none() && (cancel.is_cancelled() || cancel_marker(folder).exists()) {
            cancelled_at = Some(Instant::now());
        }
        if cancelled_at.is_some_and(|at| at.elapsed() > KILL_AFTER) {
            kill(&mut child, leads_group);
        }
        std::thread::sleep(POLL);
    };
    let cancelled =
        cancelled_at.is_some() || cancel.is_cancelled() || cancel_marker(folder).exists();
    let (state, code) = match status {
        _ if cancelled => (JobState::Cancelled, status.code()),
        Ended::Code(0) => (JobState::Complete, Some(0)),
        Ended::Code(code) => (JobState::Failed, Some(code)),
        Ended::Signal => (JobState::Failed, None),
    };
    let ended = finish(folder, record, state, code);
    // Collected only now: until then the process is a zombie, which `rerun::read` counts as
    // running, so no reader sees it gone before its end is recorded.
    let _ = child.wait();
    ended
}

/// Records the end (`state`, exit `code`, now) and says so in the log.
pub(super) fn finish(
    folder: &Path,
    mut record: Rerun,
    state: JobState,
    code: Option<i32>,
) -> Result<Rerun, RerunsError> {
    note(
        folder,
        &format!(
            "hugflow: the re-run ended: {}{}",
            state.as_str(),
            code.map_or(String::new(), |c| format!(" (exit code {c})"))
        ),
    );
    record.state = state;
    record.code = code;
    record.ended_at = Some(Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true));
    rerun::write(folder, &record)?;
    Ok(record)
}

/// How the flow ended.
#[derive(Debug, Clone, Copy)]
enum Ended {
    Code(i32),
    /// Killed by a signal.
    Signal,
}

impl Ended {
    fn code(self) -> Option<i32> {
        match self {
            Self::Code(code) => Some(code),
            Self::Signal => None,
        }
    }
}

#[cfg(not(target_os = "linux"))]
impl From<std::process::ExitStatus> for Ended {
    fn from(status: std::process::ExitStatus) -> Self {
        status.code().map_or(Self::Signal, Self::Code)
    }
}

/// How the child ended, if it has, *without collecting it* where the OS allows (Linux):
/// see [`watch`].
#[cfg(target_os = "linux")]
fn exited(child: &mut Child) -> std::io::Result<Option<Ended>> {
    // SAFETY: a zeroed siginfo_t is valid; waitid only writes into it.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    let flags = libc::WEXITED | libc::WNOHANG | libc::WNOWAIT;
    // SAFETY: waitid on our own child's pid, with a valid siginfo_t to fill.
    if unsafe { libc::waitid(libc::P_PID, child.id(), &mut info, flags) } == -1 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: after a successful waitid the pid and status fields are initialized (the pid is
    // 0 when the child has not changed state).
    let (pid, status) = unsafe { (info.si_pid(), info.si_status()) };
    if pid == 0 {
        return Ok(None);
    }
    Ok(Some(if info.si_code == libc::CLD_EXITED {
        Ended::Code(status)
    } else {
        Ended::Signal
    }))
}

/// Elsewhere there is no /proc to read a zombie in, so collecting it first costs nothing.
#[cfg(not(target_os = "linux"))]
fn exited(child: &mut Child) -> std::io::Result<Option<Ended>> {
    Ok(child.try_wait()?.map(Ended::from))
}

/// SIGKILL to the flow (and its group, when it leads one of its own).
fn kill(child: &mut Child, leads_group: bool) {
    #[cfg(unix)]
    if leads_group {
        // SAFETY: kill(2) on the process group our own child leads.
        unsafe { libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL) };
        return;
    }
    let _ = leads_group;
    let _ = child.kill();
}
