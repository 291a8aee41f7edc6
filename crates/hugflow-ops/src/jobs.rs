//! `hugflow jobs`: a local sync detached on this host so it outlives the session (or the
//! laptop) that started it, listed, cancelled, and run by its detached runner. The job
//! store, the detaching and the listing are `hugflow_sync::jobs`; this is the orchestration
//! both shells share, answering in typed values ([`SyncEvent`], [`JobCancelAnswer`]).

mod input;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};
use hugflow_core::checkout::Checkout;
use hugflow_core::events::{EventSink, JobCancelAnswer, SyncEvent};
use hugflow_core::progress::Cancel;
use hugflow_sync::jobs::{
    CancelOutcome, Job, JobError, JobList, JobState, JobStore, cancel_on_signals, check_id,
};

use crate::sync::{Applied, apply};

pub use input::{MAX_INPUT, StartInput, StartInputError, parse_start_input, read_start_input};

/// How long `jobs cancel` waits for the job to end.
pub const CANCEL_WAIT: Duration = Duration::from_secs(10);

fn store(root: &Path) -> anyhow::Result<(Checkout, JobStore)> {
    let checkout = Checkout::open(root)?;
    let store = JobStore::new(&checkout.state);
    Ok((checkout, store))
}

/// The job a caller named (over SSH, the desktop): its id is checked against the shapes the
/// engine makes before anything else, the checkout included, is looked at.
pub fn open_job(id: &str, root: &Path) -> anyhow::Result<Job> {
    check_id(id)?;
    let (_, store) = store(root)?;
    Ok(store.open(id)?)
}

/// A job `start` detached.
#[derive(Debug, Clone)]
pub struct Started {
    pub id: String,
    pub pid: u32,
    pub log: PathBuf,
    pub hf_id: String,
    /// The checkout's root, as the runner was started in it.
    pub root: PathBuf,
}

impl Started {
    /// The `started` event `jobs start --json` answers with.
    pub fn event(&self) -> SyncEvent {
        SyncEvent::Started {
            id: self.id.clone(),
            pid: self.pid,
            log: self.log.to_string_lossy().into_owned(),
        }
    }
}

/// `jobs start`: creates the job (its request checked first) and launches `exe` (this
/// hugflow) as `jobs run <id>`, detached, the token in its environment only.
pub fn start(root: &Path, input: &StartInput, exe: &Path) -> anyhow::Result<Started> {
    let (checkout, store) = store(root)?;
    let job = store.create(&input.request_yaml)?;
    let mut command = Command::new(exe);
    command
        .args(["jobs", "run", job.id().as_str(), "--root"])
        .arg(&checkout.root)
        .current_dir(&checkout.root);
    let pid = job.launch(command, input.hf_token.as_deref())?;
    Ok(Started {
        id: job.id().to_string(),
        pid,
        log: job.log_path(),
        hf_id: job.meta().map(|m| m.hf_id).unwrap_or_default(),
        root: checkout.root.clone(),
    })
}

/// `jobs list`: this host's jobs, and the downloads no job owns (a CI sync's).
pub fn list(root: &Path) -> anyhow::Result<JobList> {
    Ok(hugflow_sync::jobs::list(&Checkout::open(root)?)?)
}

/// `jobs cancel`: asks the job to stop and waits up to `wait` for it to end.
pub fn cancel(id: &str, root: &Path, wait: Duration) -> anyhow::Result<JobCancelAnswer> {
    let job = open_job(id, root)?;
    Ok(cancel_answer(job.id().as_str(), job.cancel(wait)?))
}

/// What a cancel did, as `jobs cancel --json` says it.
pub fn cancel_answer(id: &str, outcome: CancelOutcome) -> JobCancelAnswer {
    let id = id.to_string();
    match outcome {
        CancelOutcome::NotRunning(state) => JobCancelAnswer::NotRunning { id, state },
        CancelOutcome::Stopped(state) => JobCancelAnswer::Cancelled { id, state },
        CancelOutcome::StillRunning => JobCancelAnswer::CancelPending {
            id,
            state: JobState::Running,
        },
    }
}

/// A job command's error as the `failed` line `--json` callers read: the job error's stable
/// kind (`error` for any other), and the request's field errors when it was invalid.
pub fn failure_event(error: &anyhow::Error) -> SyncEvent {
    let job_error = error.downcast_ref::<JobError>();
    SyncEvent::Failed {
        kind: job_error.map_or("error", JobError::kind).to_string(),
        message: format!("{error:#}"),
        suggestion: None,
        errors: match job_error {
            Some(JobError::InvalidRequest { errors }) => Some(errors.clone()),
            _ => None,
        },
    }
}

/// How a run that applied its request ended, as `exit.json` records it.
pub fn finished_state(applied: Applied) -> JobState {
    match applied {
        Applied::Done => JobState::Complete,
        Applied::Failed => JobState::Failed,
        Applied::Cancelled => JobState::Cancelled,
    }
}

/// The detached runner (`jobs run <id>`): the job's request applied as `local-sync --json`
/// applies a file, its events going to `sink` (stdout, which is the job's log). SIGTERM or
/// SIGINT cancels it; a second one ends the process at once. Returns the exit code, which
/// `exit.json` records too.
pub fn run_job(id: &str, root: &Path, sink: &dyn EventSink) -> anyhow::Result<u8> {
    let job = open_job(id, root)?;
    if job.exit()?.is_some() {
        bail!(
            "job {id} has already run; `hugflow jobs start` starts the request again",
            id = job.id()
        );
    }
    job.record_pid(std::process::id())?;
    let cancel = Cancel::new();
    let on_second = {
        let job = job.clone();
        move || {
            let _ = job.log_event(&SyncEvent::Cancelled {
                message: "stopped at once (asked twice); the next run resumes the download".into(),
            });
            let code = i32::from(Applied::Cancelled.code());
            let _ = job.finish(code, JobState::Cancelled);
            std::process::exit(code);
        }
    };
    cancel_on_signals(cancel.clone(), on_second).context("cannot listen for signals")?;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        apply(&job.request_path(), root, sink, &cancel)
    }));
    let (code, state) = match outcome {
        Ok(Ok(applied)) => (applied.code(), finished_state(applied)),
        Ok(Err(error)) => {
            sink.event(&failed("error", format!("{error:#}")));
            (2, JobState::Failed)
        }
        Err(_) => {
            // The panic's message is already in the log (stderr goes there).
            let message = "the sync stopped on an internal error (see above)";
            sink.event(&failed("internal", message.into()));
            (101, JobState::Failed)
        }
    };
    job.finish(i32::from(code), state)?;
    Ok(code)
}

/// A `failed` event for what the sync itself could not report.
fn failed(kind: &str, message: String) -> SyncEvent {
    SyncEvent::Failed {
        kind: kind.into(),
        message,
        suggestion: None,
        errors: None,
    }
}
