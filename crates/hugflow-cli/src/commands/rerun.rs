//! `hugflow rerun`: one ductaflow flow run again in its own folder, detached so it outlives
//! the SSH session that asked for it (the desktop's "Re-run this flow"), then its status, its
//! log and its cancelling. What runs and the record are `hugflow_runs::rerun`'s; the
//! detaching and signalling are the jobs' (`hugflow_sync::jobs`).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::{SecondsFormat, Utc};
use hugflow_core::jobs::JobState;
use hugflow_core::progress::Cancel;
use hugflow_core::runs::Rerun;
use hugflow_runs::rerun::{self, RUNNER_ARGS};
use hugflow_sync::jobs::{cancel_on_signals, spawn_detached, terminate_group};

use super::follow::print_log;
use crate::cli::RerunAction;
use crate::output::print_json;

/// How long `rerun cancel` waits for the re-run to end.
const CANCEL_WAIT: Duration = Duration::from_secs(10);
/// How long the runner gives the flow to end after a SIGTERM before it kills it.
const KILL_AFTER: Duration = Duration::from_secs(5);

pub fn run(action: RerunAction) -> anyhow::Result<ExitCode> {
    match action {
        RerunAction::Start {
            folder,
            python,
            json,
        } => start(&folder, python.as_deref(), json),
        RerunAction::Status { folder, json } => status(&folder, json),
        RerunAction::Log { folder, follow } => {
            let folder = existing(&folder)?;
            print_log(&rerun::log_path(&folder), follow, || {
                Ok(recorded(&folder)?.state.is_running())
            })?;
            Ok(ExitCode::SUCCESS)
        }
        RerunAction::Cancel { folder, json } => cancel(&folder, json),
        RerunAction::Run { folder } => run_flow(&folder),
    }
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn existing(folder: &Path) -> anyhow::Result<PathBuf> {
    folder
        .canonicalize()
        .with_context(|| format!("{}: no such folder", folder.display()))
}

/// The folder's record; an error when it was never re-run.
fn recorded(folder: &Path) -> anyhow::Result<Rerun> {
    rerun::read(folder)?.with_context(|| {
        format!(
            "{} was never re-run; `hugflow rerun start {}` re-runs it",
            folder.display(),
            folder.display()
        )
    })
}

fn start(folder: &Path, python: Option<&str>, json: bool) -> anyhow::Result<ExitCode> {
    let plan = rerun::plan(folder, python)?;
    if let Some(previous) = rerun::read(&plan.folder)?
        && previous.state.is_running()
    {
        bail!(
            "{} is being re-run already (pid {}); `hugflow rerun cancel {}` stops it",
            plan.folder.display(),
            previous
                .pid
                .map_or("not yet known".into(), |p| p.to_string()),
            plan.folder.display()
        );
    }
    let mut record = rerun::starting(&plan, now());
    rerun::write(&plan.folder, &record)?;
    let log = rerun::log_path(&plan.folder);
    // A fresh log per re-run: the previous one belongs to the previous record.
    std::fs::write(&log, b"").with_context(|| format!("cannot write {}", log.display()))?;
    let exe = std::env::current_exe().context("cannot find the hugflow executable")?;
    let mut runner = Command::new(exe);
    runner
        .args(RUNNER_ARGS)
        .arg(&plan.folder)
        .current_dir(&plan.project);
    let pid = match spawn_detached(runner, &log, None) {
        Ok(pid) => pid,
        Err(error) => {
            record.state = JobState::Failed;
            record.ended_at = Some(now());
            rerun::write(&plan.folder, &record)?;
            return Err(error).context("cannot start the re-run");
        }
    };
    // The runner records its own pid as it starts; this copy only reports it.
    record.pid = Some(pid);
    if json {
        print_json(&record)?;
    } else {
        println!(
            "Re-running {} (pid {pid}): {}\nIt keeps running when this session ends. Follow it: hugflow rerun log {} --follow",
            plan.folder.display(),
            record.command.join(" "),
            plan.folder.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn status(folder: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let folder = existing(folder)?;
    let record = recorded(&folder)?;
    if json {
        print_json(&record)?;
    } else {
        let ended = record
            .ended_at
            .as_deref()
            .map_or(String::new(), |at| format!(", ended {at}"));
        let code = record
            .code
            .map_or(String::new(), |code| format!(", exit code {code}"));
        println!(
            "{}: {} (started {}{ended}{code})\n{}\nLog: {}",
            folder.display(),
            record.state.as_str(),
            record.started_at,
            record.command.join(" "),
            record.log
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn cancel(folder: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let folder = existing(folder)?;
    let mut record = recorded(&folder)?;
    // Just started: its runner records its pid in a moment.
    let deadline = Instant::now() + CANCEL_WAIT;
    while record.state.is_running() && record.pid.is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        record = recorded(&folder)?;
    }
    let (state, code) = match (record.state.is_running(), record.pid) {
        (true, Some(pid)) => {
            terminate_group(pid)?;
            let deadline = Instant::now() + CANCEL_WAIT;
            loop {
                let state = recorded(&folder)?.state;
                if !state.is_running() {
                    break (state, 0);
                }
                if Instant::now() >= deadline {
                    break (state, 2);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        (running, _) => (record.state, if running { 2 } else { 0 }),
    };
    if json {
        print_json(&serde_json::json!({
            "schema": hugflow_core::runs::RERUN_SCHEMA, "state": state,
        }))?;
    } else if code == 0 {
        println!("{}: {}", folder.display(), state.as_str());
    } else {
        eprintln!(
            "{}: still running after {} s; `hugflow rerun status` shows when it ends",
            folder.display(),
            CANCEL_WAIT.as_secs()
        );
    }
    Ok(ExitCode::from(code))
}

/// The detached runner: runs the recorded command (its output is already the log), and
/// records how it ended. A SIGTERM (from `rerun cancel`) reaches the flow too, as it shares
/// the runner's process group; the flow is killed if it outlives it by [`KILL_AFTER`].
fn run_flow(folder: &Path) -> anyhow::Result<ExitCode> {
    let folder = existing(folder)?;
    let mut record = recorded(&folder)?;
    if record.ended_at.is_some() {
        bail!(
            "{}'s re-run has already run; `hugflow rerun start` starts another",
            folder.display()
        );
    }
    record.pid = Some(std::process::id());
    rerun::write(&folder, &record)?;
    let cancel = Cancel::new();
    cancel_on_signals(cancel.clone(), || {}).context("cannot listen for signals")?;
    let (program, args) = record
        .command
        .split_first()
        .context("the re-run record has no command")?;
    eprintln!("hugflow: {} (in {})", record.command.join(" "), record.cwd);
    let spawned = Command::new(program)
        .args(args)
        .current_dir(&record.cwd)
        .stdin(Stdio::null())
        .spawn();
    let (state, code) = match spawned {
        Err(error) => {
            eprintln!(
                "hugflow: cannot start {program}: {error}; give the interpreter with --python"
            );
            (JobState::Failed, None)
        }
        Ok(mut child) => {
            let mut cancelled_at = None;
            let status = loop {
                if let Some(status) = child.try_wait()? {
                    break status;
                }
                if cancel.is_cancelled() {
                    let at = *cancelled_at.get_or_insert_with(Instant::now);
                    if at.elapsed() > KILL_AFTER {
                        let _ = child.kill();
                    }
                }
                std::thread::sleep(Duration::from_millis(100));
            };
            let state = if cancel.is_cancelled() {
                JobState::Cancelled
            } else if status.success() {
                JobState::Complete
            } else {
                JobState::Failed
            };
            (state, status.code())
        }
    };
    eprintln!(
        "hugflow: the re-run ended: {}{}",
        state.as_str(),
        code.map_or(String::new(), |c| format!(" (exit code {c})"))
    );
    record.state = state;
    record.code = code;
    record.ended_at = Some(now());
    rerun::write(&folder, &record)?;
    Ok(ExitCode::from(u8::from(state != JobState::Complete)))
}
