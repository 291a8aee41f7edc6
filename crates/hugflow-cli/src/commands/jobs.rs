//! `hugflow jobs`: a `local-sync` run detached on this host, so it outlives the SSH session
//! (or the laptop) that started it, and the commands a later session uses to list, follow and
//! cancel it. Each is one `hugflow_ops::jobs` call, rendered here.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use hugflow_core::events::JobCancelAnswer;
use hugflow_ops::jobs::{self, CANCEL_WAIT};
use hugflow_sync::jobs::{JobList, Origin};

use super::follow::print_log;
use super::transfer::{Display, emit};
use crate::cli::JobsAction;
use crate::output::{Table, human_count, print_json};

pub fn run(action: JobsAction) -> anyhow::Result<ExitCode> {
    match action {
        JobsAction::Start { root, json } => reported(json, start(&root, json)),
        JobsAction::List { root, json } => reported(json, list_jobs(&root, json)),
        JobsAction::Log { id, root, follow } => log(&id, &root, follow),
        JobsAction::Cancel { id, root, json } => reported(json, cancel(&id, &root, json)),
        JobsAction::Run { id, root } => {
            // Stdout is the job's log: the events as `local-sync --json` writes them.
            Ok(ExitCode::from(jobs::run_job(&id, &root, &Display::Json)?))
        }
    }
}

/// With `--json`, an error is also a `failed` line on stdout (exit 2), as the desktop reads.
fn reported(json: bool, result: anyhow::Result<ExitCode>) -> anyhow::Result<ExitCode> {
    match result {
        Err(error) if json => {
            emit(jobs::failure_event(&error));
            eprintln!("error: {error:#}");
            Ok(ExitCode::from(2))
        }
        other => other,
    }
}

fn start(root: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let input = jobs::read_start_input(std::io::stdin().lock())?;
    let exe = std::env::current_exe().context("cannot find the hugflow executable")?;
    let started = jobs::start(root, &input, &exe)?;
    if json {
        emit(started.event());
    } else {
        println!(
            "Started job {id} for {hf_id} (pid {pid}); it keeps running when this session ends.\n\
             Follow it: hugflow jobs log {id} --follow --root {root}\nLog: {}",
            started.log.display(),
            id = started.id,
            hf_id = started.hf_id,
            pid = started.pid,
            root = started.root.display(),
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn list_jobs(root: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let report = jobs::list(root)?;
    if json {
        print_json(&report)?;
    } else {
        print_human(&report);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_human(report: &JobList) {
    if report.jobs.is_empty() {
        println!("No jobs. `hugflow jobs start` starts one (the desktop does).");
        return;
    }
    let mut table = Table::new(["ID", "ORIGIN", "STATE", "DATASET", "PROGRESS", "STARTED"]);
    for job in &report.jobs {
        let progress = job.progress.as_ref().map_or_else(
            || "-".to_string(),
            |p| {
                format!(
                    "{:.1} % ({}/{} files)",
                    p.percent_complete,
                    human_count(p.downloaded_files),
                    human_count(p.total_files)
                )
            },
        );
        let started = job
            .started_at
            .as_deref()
            .map_or("-".into(), |t| t.replace('T', " ").replace('Z', " UTC"));
        table.row([
            job.id.clone(),
            match job.origin {
                Origin::Desktop => "desktop",
                Origin::Ci => "ci",
            }
            .to_string(),
            job.state.as_str().to_string(),
            job.hf_id.clone(),
            progress,
            started,
        ]);
    }
    table.print();
    for job in &report.jobs {
        if let Some(error) = &job.error {
            println!("\n{}: {error}", job.id);
        }
    }
}

fn log(id: &str, root: &Path, follow: bool) -> anyhow::Result<ExitCode> {
    let job = jobs::open_job(id, root)?;
    print_log(&job.log_path(), follow, || Ok(job.state()?.0.is_running()))?;
    Ok(ExitCode::SUCCESS)
}

fn cancel(id: &str, root: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let answer = jobs::cancel(id, root, CANCEL_WAIT)?;
    let pending = matches!(answer, JobCancelAnswer::CancelPending { .. });
    if json {
        emit(&answer);
    } else if pending {
        eprintln!("{}", cancel_text(&answer));
    } else {
        println!("{}", cancel_text(&answer));
    }
    Ok(ExitCode::from(if pending { 2 } else { 0 }))
}

/// What `jobs cancel` says to a person.
fn cancel_text(answer: &JobCancelAnswer) -> String {
    use hugflow_sync::jobs::JobState;
    match answer {
        JobCancelAnswer::NotRunning { id, state } => format!(
            "Job {id} is not running ({}); nothing to cancel.",
            state.as_str()
        ),
        JobCancelAnswer::Cancelled {
            id,
            state: JobState::Cancelled,
        } => format!(
            "Cancelled job {id}; what it downloaded is kept, and starting the request again resumes it."
        ),
        JobCancelAnswer::Cancelled { id, state } => format!(
            "Job {id} ended before it could be stopped ({}).",
            state.as_str()
        ),
        JobCancelAnswer::CancelPending { id, .. } => format!(
            "Asked job {id} to stop; it is still running after {} s. `hugflow jobs list` shows when it ends.",
            CANCEL_WAIT.as_secs()
        ),
    }
}
