//! `hugflow local-sync FILE` and `hugflow sync --ci-mode`: thin shells over `hugflow-sync`
//! that hold the host's sync lock and show progress.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use hugflow_core::checkout::Checkout;
use hugflow_core::progress::Cancel;
use hugflow_core::request::{Request, load_request_file};
use hugflow_core::units::{human_bytes, human_count, human_duration};
use hugflow_github::{GithubClient, GithubConfig};
use hugflow_sync::jobs::acquire_host_lock;
use hugflow_sync::{
    AddOutcome, CiError, CiObserver, CiRun, CiSettings, Engine, HostLock, Slack, SyncError,
};
use serde_json::json;

use super::transfer::{Display, SCHEMA};

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

/// What a sync says while another one holds the host's lock.
fn waiting_note(display: &Display, holder: &str) {
    display.note(&format!(
        "another sync is running on this host ({}); waiting for it to finish…",
        if holder.is_empty() {
            "holder unknown"
        } else {
            holder
        }
    ));
}

/// Holds the host's sync lock, saying so when another sync has it.
fn lock(checkout: &Checkout, display: &Display) -> anyhow::Result<HostLock> {
    let state = checkout.state.path();
    Ok(HostLock::acquire(state, |holder| {
        waiting_note(display, holder)
    })?)
}

/// How applying one request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Downloaded, removed, or nothing to do.
    Done,
    Failed,
    /// Stopped by `cancel`; the parts are kept for the next run.
    Cancelled,
}

impl Applied {
    /// The exit code of `local-sync` (and of a job's runner): 0, 1, or 130 when cancelled.
    pub fn code(self) -> u8 {
        match self {
            Self::Done => 0,
            Self::Failed => 1,
            Self::Cancelled => 130,
        }
    }
}

pub fn local(file: &Path, root: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let applied = apply(file, root, &Display::new(json), &Cancel::new())?;
    Ok(ExitCode::from(applied.code()))
}

/// `local-sync FILE`: applies one request file on this host, holding the host's lock. A job's
/// runner (`hugflow jobs run`) calls it too, with `cancel` set by SIGTERM: a cancel while
/// waiting for the lock or downloading stops the sync and keeps what was downloaded.
pub fn apply(
    file: &Path,
    root: &Path,
    display: &Display,
    cancel: &Cancel,
) -> anyhow::Result<Applied> {
    let report = load_request_file(file);
    let request = match report.request {
        Some(request) if report.errors.is_empty() => request,
        _ => {
            let error = SyncError::Invalid {
                file: file.display().to_string(),
                errors: report.errors,
            };
            return Ok(failed(display, &error));
        }
    };
    let checkout = Checkout::open(root)?;
    let engine = Engine::new(checkout.clone())?;
    let waiting = |holder: &str| waiting_note(display, holder);
    let Some(_lock) = acquire_host_lock(checkout.state.path(), waiting, cancel)? else {
        return Ok(cancelled(display, None));
    };
    let runtime = runtime()?;
    match request {
        Request::Add(add) => {
            let outcome = runtime.block_on(engine.add(&add, display, cancel));
            display.finish();
            match outcome {
                Ok(outcome) => Ok(added(display, &outcome)),
                Err(error) if error.kind() == "cancelled" => Ok(cancelled(display, Some(&error))),
                Err(error) => Ok(failed(display, &error)),
            }
        }
        Request::Remove(remove) => match engine.remove(&remove) {
            Ok(removed) => {
                if matches!(display, Display::Json) {
                    Display::emit(json!({
                        "schema": SCHEMA, "event": "removed", "hf_id": remove.hf_id,
                        "removed": removed.iter().map(|r| json!({"storage_name": r.storage_name, "path": r.path})).collect::<Vec<_>>(),
                    }));
                } else if removed.is_empty() {
                    println!("{} is not on this host; nothing to remove.", remove.hf_id);
                } else {
                    for r in &removed {
                        println!(
                            "Removed {} ({}); archived in archived.json.",
                            r.storage_name,
                            r.path.display()
                        );
                    }
                }
                Ok(Applied::Done)
            }
            Err(error) => Ok(failed(display, &error)),
        },
    }
}

fn added(display: &Display, outcome: &AddOutcome) -> Applied {
    match (display, outcome) {
        (Display::Json, AddOutcome::AlreadyPresent { path, entry }) => Display::emit(json!({
            "schema": SCHEMA, "event": "skipped", "reason": "already present",
            "storage_name": entry.storage_name, "path": path,
        })),
        (
            Display::Json,
            AddOutcome::Downloaded {
                path,
                entry,
                summary,
                took,
                warnings,
            },
        ) => Display::emit(json!({
            "schema": SCHEMA, "event": "complete", "storage_name": entry.storage_name,
            "path": path, "file_count": summary.files, "size_bytes": summary.bytes,
            "took_seconds": took.as_secs_f64(), "bytes_fetched": summary.bytes_fetched,
            "bytes_resumed": summary.bytes_resumed,
            "files_already_present": summary.files_already_present,
            "corrupt_refetches": summary.corrupt_refetches, "retries": summary.retries,
            "warnings": warnings,
        })),
        (_, AddOutcome::AlreadyPresent { path, entry }) => println!(
            "{} is already on this host at {} (active.json lists it); nothing to do.",
            entry.storage_name,
            path.display()
        ),
        (
            _,
            AddOutcome::Downloaded {
                path,
                summary,
                took,
                ..
            },
        ) => {
            println!(
                "Done: {} files, {} in {}, verified, at {}.",
                human_count(summary.files),
                human_bytes(summary.bytes),
                human_duration(took.as_secs()),
                path.display()
            );
            if summary.bytes_resumed > 0 || summary.files_already_present > 0 {
                println!(
                    "Resumed an earlier run: {} were already here; fetched {}.",
                    human_bytes(summary.bytes - summary.bytes_fetched),
                    human_bytes(summary.bytes_fetched)
                );
            }
        }
    }
    Applied::Done
}

fn failed(display: &Display, error: &SyncError) -> Applied {
    match display {
        Display::Json => Display::emit(json!({
            "schema": SCHEMA, "event": "failed", "kind": error.kind(),
            "message": error.to_string(), "suggestion": error.suggestion(),
        })),
        _ => eprintln!("error: {error}\nwhat to do: {}", error.suggestion()),
    }
    Applied::Failed
}

/// Stopped by a cancel: while waiting for the lock (`None`) or downloading.
fn cancelled(display: &Display, error: Option<&SyncError>) -> Applied {
    let message = error.map_or_else(
        || "cancelled while waiting for the other sync; nothing was downloaded".to_string(),
        ToString::to_string,
    );
    match display {
        Display::Json => Display::emit(json!({
            "schema": SCHEMA, "event": "cancelled", "message": message,
        })),
        _ => eprintln!("{message}"),
    }
    Applied::Cancelled
}

pub fn ci(root: &Path, results: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let display = Display::new(json);
    // The workspace is the PR's checkout: settings come from the runner alone.
    let env: HashMap<String, String> = std::env::vars().collect();
    let runner = Checkout::open_runner(root, &env)?;
    for note in runner.notes() {
        display.note(&note);
    }
    let checkout = runner.checkout;
    let settings = CiSettings::from_env(|name| env.get(name).cloned())?;
    let token = checkout
        .config
        .github_token
        .clone()
        .ok_or(CiError::NoToken)?;
    let github = GithubClient::new(GithubConfig::new(settings.api_url.clone(), Some(token)))?;
    let slack = checkout.config.slack_webhook_url.clone().map(Slack::new);
    let engine = Engine::new(checkout.clone())?;
    let _lock = lock(&checkout, &display)?;
    display.note(&format!("syncing PR #{} of {}", settings.pr, settings.repo));
    let run = CiRun {
        engine,
        github,
        settings,
        slack,
    };
    let report = runtime()?.block_on(run.run(&display, &Cancel::new()));
    display.finish();
    let report = report?;
    report
        .results
        .write(results)
        .with_context(|| format!("cannot write {}", results.display()))?;
    if json {
        Display::emit(json!({
            "schema": SCHEMA, "event": "results", "results": report.results,
            "merged": report.merged, "branch_deleted": report.branch_deleted,
            "not_merged": report.not_merged.as_ref().map(|reason| json!({
                "kind": reason.kind(), "message": reason.to_string(),
            })),
        }));
    } else {
        display.note(&format!("wrote {}", results.display()));
    }
    Ok(if report.results.succeeded() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
