//! Re-running one ductaflow flow in its own folder ("Re-run this flow", `hugflow rerun`):
//! [`start`] it, read its [`status`], [`cancel`] it. What runs and the record are
//! `hugflow_runs::rerun`'s; this module runs it.
//!
//! Two ways to launch, one watcher ([`flow`]): the CLI starts a detached runner
//! (`hugflow rerun run <folder>`, which is [`supervise`]) so the flow outlives the SSH session
//! that asked for it; the desktop starts the flow itself in its own process group and watches
//! it from a thread, so a packaged app needs no `hugflow` binary. Should the app quit first,
//! the flow runs on and its record reads `lost` once it has ended (see `rerun::read`).

mod flow;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};
use hugflow_core::jobs::JobState;
use hugflow_core::path_io::{FromPathIo, PathIoError};
use hugflow_core::progress::Cancel;
use hugflow_core::runs::{RERUN_SCHEMA, Rerun, RerunCancel};
use hugflow_core::state::write_atomic;
use hugflow_runs::rerun::{self, RUNNER_ARGS, RerunError};
use hugflow_sync::jobs::{JobError, cancel_on_signals, spawn_detached, terminate_group};

/// How long [`cancel`] waits for the re-run to end.
pub const CANCEL_WAIT: Duration = Duration::from_secs(10);

/// What a `lost` re-run means, for whoever shows one.
pub const LOST: &str = "its process ended without recording how: it was killed, the machine restarted, or the app that started it quit while it ran";

/// How [`start`] launches the flow.
#[derive(Debug, Clone)]
pub enum Launcher {
    /// `<exe> rerun run <folder>` in a session of its own: it outlives the caller, as a
    /// re-run asked for over SSH must. The runner is [`supervise`].
    Runner(PathBuf),
    /// The flow itself in a process group of its own, watched by a thread of this process,
    /// which records its end (the desktop).
    InProcess,
}

#[derive(Debug, thiserror::Error)]
pub enum RerunsError {
    #[error(transparent)]
    Record(#[from] RerunError),
    #[error(
        "{} is being re-run already (pid {pid}); `hugflow rerun cancel {}` stops it",
        folder.display(),
        folder.display()
    )]
    Running { folder: PathBuf, pid: String },
    #[error(
        "{} was never re-run; `hugflow rerun start {}` re-runs it",
        .0.display(),
        .0.display()
    )]
    NeverRerun(PathBuf),
    #[error(
        "{}'s re-run has already run; `hugflow rerun start` starts another",
        .0.display()
    )]
    AlreadyRan(PathBuf),
    #[error("the re-run record of {} has no command; `hugflow rerun start` writes a new one", .0.display())]
    NoCommand(PathBuf),
    #[error(
        "cannot start the re-run of {} ({program}: {source}); give the interpreter with --python or HUGFLOW_PYTHON",
        folder.display()
    )]
    Spawn {
        folder: PathBuf,
        program: String,
        source: std::io::Error,
    },
    #[error("cannot start or stop the re-run of {}: {source}", folder.display())]
    Process { folder: PathBuf, source: JobError },
    #[error(transparent)]
    Io(#[from] PathIoError),
}

impl RerunsError {
    fn process(folder: &Path) -> impl FnOnce(JobError) -> Self + use<> {
        let folder = folder.to_path_buf();
        move |source| Self::Process { folder, source }
    }
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn existing(folder: &Path) -> Result<PathBuf, RerunsError> {
    folder
        .canonicalize()
        .map_err(|_| RerunError::NoFolder(folder.to_path_buf()).into())
}

/// `<folder>/.hugflow/rerun.cancel`: written by [`cancel`] before it signals, so that whoever
/// watches the flow records `cancelled` rather than `failed`, whichever process that is.
fn cancel_marker(folder: &Path) -> PathBuf {
    folder.join(rerun::RECORD_DIR).join("rerun.cancel")
}

/// Starts the re-run of `folder` with `python` (default: `HUGFLOW_PYTHON`, else `python`,
/// else `python3`) and returns its record, `running`. Refused while one is running.
pub fn start(
    folder: &Path,
    python: Option<&str>,
    launcher: &Launcher,
) -> Result<Rerun, RerunsError> {
    let plan = rerun::plan(folder, python)?;
    let folder = plan.folder.as_path();
    if let Some(previous) = rerun::read(folder)?
        && previous.state.is_running()
    {
        return Err(RerunsError::Running {
            folder: folder.to_path_buf(),
            pid: previous
                .pid
                .map_or("not yet known".into(), |p| p.to_string()),
        });
    }
    let mut record = rerun::starting(&plan, now());
    rerun::write(folder, &record)?;
    let marker = cancel_marker(folder);
    match std::fs::remove_file(&marker) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            return Err(RerunsError::io("remove", &marker)(error));
        }
        _ => {}
    }
    let log = rerun::log_path(folder);
    // A fresh log per re-run: the previous one belongs to the previous record.
    std::fs::write(&log, b"").map_err(RerunsError::io("write", &log))?;
    match launcher {
        Launcher::Runner(exe) => {
            let mut runner = Command::new(exe);
            runner
                .args(RUNNER_ARGS)
                .arg(folder)
                .current_dir(&plan.project);
            match spawn_detached(runner, &log, None) {
                // The runner records its own pid as it starts; this copy only reports it.
                Ok(pid) => record.pid = Some(pid),
                Err(error) => {
                    flow::finish(folder, record, JobState::Failed, None)?;
                    return Err(RerunsError::process(folder)(error));
                }
            }
        }
        Launcher::InProcess => {
            flow::note(folder, &flow::started_line(&record));
            let child = match flow::spawn(&record, Some(&log)) {
                Ok(child) => child,
                Err(source) => {
                    flow::note(folder, &format!("hugflow: cannot start it: {source}"));
                    let program = record.command.first().cloned().unwrap_or_default();
                    flow::finish(folder, record, JobState::Failed, None)?;
                    return Err(RerunsError::Spawn {
                        folder: folder.to_path_buf(),
                        program,
                        source,
                    });
                }
            };
            // Recorded before the watcher starts, which may record the end at once.
            record.pid = Some(child.id());
            rerun::write(folder, &record)?;
            let (at, watched) = (folder.to_path_buf(), record.clone());
            std::thread::Builder::new()
                .name("rerun-watch".into())
                .spawn(move || {
                    if let Err(error) = flow::watch(&at, watched, child, &Cancel::new()) {
                        tracing::error!(folder = %at.display(), %error, "cannot record how the re-run ended");
                    }
                })
                .map_err(RerunsError::io("start a thread watching", folder))?;
        }
    }
    Ok(record)
}

/// The folder's last re-run; `NeverRerun` when there is none.
pub fn status(folder: &Path) -> Result<Rerun, RerunsError> {
    let folder = existing(folder)?;
    rerun::read(&folder)?.ok_or(RerunsError::NeverRerun(folder))
}

/// Stops the folder's running re-run (SIGTERM to its process group) and waits up to
/// [`CANCEL_WAIT`] for its end to be recorded. The answer's state is `running` if it outlived
/// the wait; a re-run that had ended already answers how it ended.
pub fn cancel(folder: &Path) -> Result<RerunCancel, RerunsError> {
    let folder = existing(folder)?;
    let mut record = status(&folder)?;
    // Just started: its runner records its pid in a moment.
    let deadline = Instant::now() + CANCEL_WAIT;
    while record.state.is_running() && record.pid.is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        record = status(&folder)?;
    }
    if let (true, Some(pid)) = (record.state.is_running(), record.pid) {
        let marker = cancel_marker(&folder);
        write_atomic(&marker, now().as_bytes()).map_err(RerunsError::io("write", &marker))?;
        terminate_group(pid).map_err(RerunsError::process(&folder))?;
        let deadline = Instant::now() + CANCEL_WAIT;
        record = status(&folder)?;
        // `lost` here is a runner this SIGTERM ended a moment before it records how: its end
        // is waited for as a running one's, until the deadline.
        while (record.state.is_running() || record.state == JobState::Lost)
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(100));
            record = status(&folder)?;
        }
    }
    Ok(RerunCancel {
        schema: RERUN_SCHEMA,
        state: record.state,
    })
}

/// The detached runner (`hugflow rerun run <folder>`): records its pid, runs the recorded
/// command as its child (its output is already the log) and records how it ended. A SIGTERM
/// from [`cancel`] reaches the flow too, as it shares the runner's process group.
pub fn supervise(folder: &Path) -> Result<Rerun, RerunsError> {
    let folder = existing(folder)?;
    let mut record = status(&folder)?;
    if record.ended_at.is_some() {
        return Err(RerunsError::AlreadyRan(folder));
    }
    if record.command.is_empty() {
        return Err(RerunsError::NoCommand(folder));
    }
    record.pid = Some(std::process::id());
    rerun::write(&folder, &record)?;
    let cancel = Cancel::new();
    cancel_on_signals(cancel.clone(), || {}).map_err(RerunsError::io(
        "listen for signals while re-running",
        &folder,
    ))?;
    flow::note(&folder, &flow::started_line(&record));
    match flow::spawn(&record, None) {
        Ok(child) => flow::watch(&folder, record, child, &cancel),
        Err(error) => {
            flow::note(
                &folder,
                &format!(
                    "hugflow: cannot start {}: {error}; give the interpreter with --python",
                    record.command[0]
                ),
            );
            flow::finish(&folder, record, JobState::Failed, None)
        }
    }
}

#[cfg(test)]
mod tests;
