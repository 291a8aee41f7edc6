//! Syncing on this host: `local-sync FILE` (one request file applied, also a detached job's
//! run) and `sync --ci-mode` (a request PR's files applied, commented, merged). Each is one
//! call holding the host's sync lock, reporting only through an [`EventSink`]: `planned`,
//! `progress`, `note`, then `complete`, `skipped`, `removed`, `failed`, `cancelled` or
//! (CI) `results`. The shells render the events; nothing here prints.

#[cfg(unix)]
mod cluster;
mod events;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use hugflow_core::checkout::Checkout;
use hugflow_core::events::{EventSink, NotMergedNote, SyncEvent};
use hugflow_core::progress::Cancel;
use hugflow_core::request::{Request, load_request_file};
use hugflow_github::{GithubClient, GithubConfig};
use hugflow_sync::jobs::acquire_host_lock;
use hugflow_sync::{CiError, CiRun, CiSettings, Engine, HostLock, Slack, SyncError};

use events::SinkObserver;

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

/// Two workers: the downloader's own concurrency is what matters, not the runtime's.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

/// `local-sync FILE`: applies one request file on this host (settings from `root`'s `.env`
/// and the environment), holding the host's lock. A job's runner calls it too, with `cancel`
/// set by SIGTERM: a cancel while waiting for the lock or downloading stops the sync and
/// keeps what was downloaded. An invalid file is a `failed` event (`Applied::Failed`), not an
/// error; `Err` is for what stops the command itself (unreadable settings, state).
pub fn apply(
    file: &Path,
    root: &Path,
    sink: &dyn EventSink,
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
            sink.event(&events::failed(&error));
            return Ok(Applied::Failed);
        }
    };
    apply_request(Checkout::open(root)?, &request, sink, cancel)
}

/// [`apply`] of a request already read, in a checkout already opened.
pub fn apply_request(
    checkout: Checkout,
    request: &Request,
    sink: &dyn EventSink,
    cancel: &Cancel,
) -> anyhow::Result<Applied> {
    let state = checkout.state.path().to_path_buf();
    let engine = Engine::new(checkout)?;
    let waiting = |holder: &str| sink.event(&events::waiting(holder));
    let Some(_lock) = acquire_host_lock(&state, waiting, cancel)? else {
        sink.event(&events::cancelled(None));
        return Ok(Applied::Cancelled);
    };
    let (event, applied) = match request {
        Request::Add(add) => {
            let outcome = runtime()?.block_on(engine.add(add, &SinkObserver(sink), cancel));
            match outcome {
                Ok(outcome) => (events::added(&outcome), Applied::Done),
                Err(error) if error.kind() == "cancelled" => {
                    (events::cancelled(Some(&error)), Applied::Cancelled)
                }
                Err(error) => (events::failed(&error), Applied::Failed),
            }
        }
        Request::Remove(remove) => match engine.remove(remove) {
            Ok(removed) => (events::removed(&remove.hf_id, &removed), Applied::Done),
            Err(error) => (events::failed(&error), Applied::Failed),
        },
    };
    sink.event(&event);
    Ok(applied)
}

/// How a CI sync ended, once `results.json` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CiDone {
    /// Every request of the PR succeeded (the command's exit code is 0).
    pub succeeded: bool,
}

/// `sync --ci-mode`: the PR checked out at `root` synced, its results written to `results`
/// and sent as a `results` event. `env` is the runner's environment, the only source of
/// settings (the workspace is the PR's own files).
pub fn ci(
    root: &Path,
    results: &Path,
    env: &HashMap<String, String>,
    sink: &dyn EventSink,
) -> anyhow::Result<CiDone> {
    let runner = Checkout::open_runner(root, env)?;
    for note in runner.notes() {
        sink.event(&SyncEvent::note(note));
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
    // Not cancellable: the workflow's own cancel ends the process.
    let _lock = HostLock::acquire(checkout.state.path(), |holder| {
        sink.event(&events::waiting(holder))
    })?;
    sink.event(&SyncEvent::note(format!(
        "syncing PR #{} of {}",
        settings.pr, settings.repo
    )));
    #[cfg(unix)]
    let stager: Option<std::sync::Arc<dyn hugflow_sync::Stager>> = Some(std::sync::Arc::new(
        cluster::ClusterStager::new(&checkout).context("cannot tell where this hugflow is")?,
    ));
    #[cfg(not(unix))]
    let stager = None;
    let run = CiRun {
        engine,
        github,
        settings,
        slack,
        stager,
    };
    let report = runtime()?.block_on(run.run(&SinkObserver(sink), &Cancel::new()))?;
    report
        .results
        .write(results)
        .with_context(|| format!("cannot write {}", results.display()))?;
    let succeeded = report.results.succeeded();
    sink.event(&SyncEvent::Results {
        not_merged: report.not_merged.as_ref().map(NotMergedNote::from),
        results: report.results,
        merged: report.merged,
        branch_deleted: report.branch_deleted,
    });
    Ok(CiDone { succeeded })
}
