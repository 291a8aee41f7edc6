//! Logs: a daily-rotated file in the OS log dir, plus stderr. Only what happened is logged,
//! never a secret's value (the API logs secret names only).

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::prelude::*;
use tracing_subscriber::{EnvFilter, fmt};

/// Keeps the file writer flushing until the app exits.
pub struct LogGuard(#[allow(dead_code)] Option<WorkerGuard>);

fn filter() -> EnvFilter {
    EnvFilter::try_from_env("HUGFLOW_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,tao=warn,wry=warn"))
}

pub fn init(log_dir: &Path) -> LogGuard {
    let stderr = fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter());
    // The appender lists the directory to prune old files, so it must exist first.
    let _ = std::fs::create_dir_all(log_dir);
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("hugflow-desktop")
        .filename_suffix("log")
        .max_log_files(14)
        .build(log_dir);
    match appender {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let file = fmt::layer()
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(filter());
            let _ = tracing_subscriber::registry()
                .with(stderr)
                .with(file)
                .try_init();
            LogGuard(Some(guard))
        }
        Err(error) => {
            let _ = tracing_subscriber::registry().with(stderr).try_init();
            tracing::warn!(%error, dir = %log_dir.display(), "cannot write log files; logging to stderr only");
            LogGuard(None)
        }
    }
}
