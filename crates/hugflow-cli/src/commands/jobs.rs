//! `hugflow jobs`: a `local-sync` run detached on this host, so it outlives the SSH session
//! (or the laptop) that started it, and the commands a later session uses to list, follow and
//! cancel it. The job store, the detaching and the listing live in `hugflow_sync::jobs`.

use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use hugflow_core::checkout::Checkout;
use hugflow_core::progress::Cancel;
use hugflow_sync::jobs::{
    CancelOutcome, JOB_SCHEMA, Job, JobError, JobList, JobState, JobStore, Origin,
    cancel_on_signals, check_id, list,
};
use serde_json::{Value, json};

use super::follow::print_log;
use super::sync::{Applied, apply};
use super::transfer::Display;
use crate::cli::JobsAction;
use crate::output::{Table, human_count, print_json};

/// The most `jobs start` reads from stdin.
const MAX_INPUT: u64 = 1 << 20;
/// How long `jobs cancel` waits for the job to end.
const CANCEL_WAIT: Duration = Duration::from_secs(10);

pub fn run(action: JobsAction) -> anyhow::Result<ExitCode> {
    match action {
        JobsAction::Start { root, json } => reported(json, start(&root, json)),
        JobsAction::List { root, json } => reported(json, list_jobs(&root, json)),
        JobsAction::Log { id, root, follow } => log(&id, &root, follow),
        JobsAction::Cancel { id, root, json } => reported(json, cancel(&id, &root, json)),
        JobsAction::Run { id, root } => run_job(&id, &root),
    }
}

/// With `--json`, an error is also a `failed` line on stdout (exit 2), as the desktop reads.
fn reported(json: bool, result: anyhow::Result<ExitCode>) -> anyhow::Result<ExitCode> {
    match result {
        Err(error) if json => {
            let job_error = error.downcast_ref::<JobError>();
            let mut event = json!({
                "schema": JOB_SCHEMA, "event": "failed",
                "kind": job_error.map_or("error", JobError::kind),
                "message": format!("{error:#}"),
            });
            if let Some(JobError::InvalidRequest { errors }) = job_error {
                event["errors"] = json!(errors);
            }
            Display::emit(event);
            eprintln!("error: {error:#}");
            Ok(ExitCode::from(2))
        }
        other => other,
    }
}

fn store(root: &Path) -> anyhow::Result<(Checkout, JobStore)> {
    let checkout = Checkout::open(root)?;
    let store = JobStore::new(&checkout.state);
    Ok((checkout, store))
}

/// The job a caller named (over SSH, the desktop): its id is checked against the shapes the
/// engine makes before anything else, the checkout included, is looked at.
fn open_job(id: &str, root: &Path) -> anyhow::Result<Job> {
    check_id(id)?;
    let (_, store) = store(root)?;
    Ok(store.open(id)?)
}

/// What `jobs start` reads from stdin.
struct StartInput {
    request_yaml: String,
    hf_token: Option<String>,
}

/// Reads the document field by field, so that no error message ever quotes a value (the
/// token's, say, sent in the wrong field).
fn parse_start_input(text: &str) -> anyhow::Result<StartInput> {
    const SHAPE: &str = r#"{"request_yaml": "<request YAML>", "hf_token": "<optional>"}"#;
    let value: Value = serde_json::from_str(text).map_err(|error| {
        anyhow!(
            "stdin is not one JSON document like {SHAPE} (line {}, column {}: {:?} error)",
            error.line(),
            error.column(),
            error.classify()
        )
    })?;
    let Value::Object(fields) = value else {
        bail!("stdin must be a JSON object like {SHAPE}");
    };
    let mut input = StartInput {
        request_yaml: String::new(),
        hf_token: None,
    };
    let mut has_request = false;
    for (key, value) in fields {
        match (key.as_str(), value) {
            ("schema", Value::Number(n)) if n.as_u64() == Some(u64::from(JOB_SCHEMA)) => {}
            ("schema", _) => bail!(
                "stdin's `schema` is not {JOB_SCHEMA}: this hugflow is older than the caller; upgrade hugflow on this host"
            ),
            ("request_yaml", Value::String(yaml)) => {
                input.request_yaml = yaml;
                has_request = true;
            }
            ("request_yaml", _) => bail!("`request_yaml` must be a string: the request's YAML"),
            ("hf_token", Value::Null) => {}
            ("hf_token", Value::String(token)) => {
                if token.is_empty() {
                    continue;
                }
                if !token.bytes().all(|b| b.is_ascii_graphic()) {
                    bail!(
                        "`hf_token` has spaces or control characters; send the token alone (it was not used)"
                    );
                }
                input.hf_token = Some(token);
            }
            ("hf_token", _) => bail!("`hf_token` must be a string or null"),
            (other, _) => bail!(
                "stdin has an unknown field {other:?}; the fields are `request_yaml` and `hf_token`"
            ),
        }
    }
    if !has_request {
        bail!("stdin has no `request_yaml`; send {SHAPE}");
    }
    Ok(input)
}

fn start(root: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let mut text = String::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT)
        .read_to_string(&mut text)
        .context("cannot read the job from stdin")?;
    let input = parse_start_input(&text)?;
    let (checkout, store) = store(root)?;
    let job = store.create(&input.request_yaml)?;
    let exe = std::env::current_exe().context("cannot find the hugflow executable")?;
    let mut command = Command::new(exe);
    command
        .args(["jobs", "run", job.id().as_str(), "--root"])
        .arg(&checkout.root)
        .current_dir(&checkout.root);
    let pid = job.launch(command, input.hf_token.as_deref())?;
    let log = job.log_path();
    if json {
        Display::emit(json!({
            "schema": JOB_SCHEMA, "event": "started", "id": job.id(), "pid": pid, "log": log,
        }));
    } else {
        let hf_id = job.meta().map(|m| m.hf_id).unwrap_or_default();
        println!(
            "Started job {id} for {hf_id} (pid {pid}); it keeps running when this session ends.\n\
             Follow it: hugflow jobs log {id} --follow --root {root}\nLog: {}",
            log.display(),
            id = job.id(),
            root = checkout.root.display(),
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn list_jobs(root: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let checkout = Checkout::open(root)?;
    let report = list(&checkout)?;
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
    let job = open_job(id, root)?;
    print_log(&job.log_path(), follow, || Ok(job.state()?.0.is_running()))?;
    Ok(ExitCode::SUCCESS)
}

fn cancel(id: &str, root: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let job = open_job(id, root)?;
    let id = job.id();
    let (event, state, code, text) = match job.cancel(CANCEL_WAIT)? {
        CancelOutcome::NotRunning(state) => (
            "not_running",
            state,
            0,
            format!(
                "Job {id} is not running ({}); nothing to cancel.",
                state.as_str()
            ),
        ),
        CancelOutcome::Stopped(JobState::Cancelled) => (
            "cancelled",
            JobState::Cancelled,
            0,
            format!(
                "Cancelled job {id}; what it downloaded is kept, and starting the request again resumes it."
            ),
        ),
        CancelOutcome::Stopped(state) => (
            "cancelled",
            state,
            0,
            format!(
                "Job {id} ended before it could be stopped ({}).",
                state.as_str()
            ),
        ),
        CancelOutcome::StillRunning => (
            "cancel_pending",
            JobState::Running,
            2,
            format!(
                "Asked job {id} to stop; it is still running after {} s. `hugflow jobs list` shows when it ends.",
                CANCEL_WAIT.as_secs()
            ),
        ),
    };
    if json {
        Display::emit(json!({
            "schema": JOB_SCHEMA, "event": event, "id": id, "state": state,
        }));
    } else if code == 0 {
        println!("{text}");
    } else {
        eprintln!("{text}");
    }
    Ok(ExitCode::from(code))
}

/// The detached runner: the job's request applied as `local-sync --json` applies a file,
/// its lines going to the log; SIGTERM or SIGINT cancels it (a second one ends it at once).
fn run_job(id: &str, root: &Path) -> anyhow::Result<ExitCode> {
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
            let _ = job.log_event(&json!({
                "schema": JOB_SCHEMA, "event": "cancelled",
                "message": "stopped at once (asked twice); the next run resumes the download",
            }));
            let _ = job.finish(i32::from(Applied::Cancelled.code()), JobState::Cancelled);
            std::process::exit(i32::from(Applied::Cancelled.code()));
        }
    };
    cancel_on_signals(cancel.clone(), on_second).context("cannot listen for signals")?;
    let display = Display::Json;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        apply(&job.request_path(), root, &display, &cancel)
    }));
    let (code, state) = match outcome {
        Ok(Ok(applied)) => (applied.code(), finished_state(applied)),
        Ok(Err(error)) => {
            failed_line("error", &format!("{error:#}"));
            (2, JobState::Failed)
        }
        Err(_) => {
            failed_line(
                "internal",
                "the sync stopped on an internal error (see above)",
            );
            (101, JobState::Failed)
        }
    };
    job.finish(i32::from(code), state)?;
    Ok(ExitCode::from(code))
}

fn finished_state(applied: Applied) -> JobState {
    match applied {
        Applied::Done => JobState::Complete,
        Applied::Failed => JobState::Failed,
        Applied::Cancelled => JobState::Cancelled,
    }
}

/// A `failed` line for what the sync itself could not report (stdout is the log).
fn failed_line(kind: &str, message: &str) {
    Display::emit(json!({
        "schema": JOB_SCHEMA, "event": "failed", "kind": kind, "message": message,
    }));
}
