//! One progress abstraction for long work (catalogue crawls, downloads, syncs, scans).
//!
//! The core reports through a [`ProgressSink`] its caller passes in: the CLI turns reports
//! into an indicatif bar or `--json` lines, the desktop into a Tauri channel. Work that can be
//! stopped checks a [`Cancel`] between steps.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

/// What a progress report counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ProgressUnit {
    Items,
    Bytes,
}

/// A snapshot of one task's progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    /// What is being done, e.g. "Refreshing the catalogue".
    pub task: String,
    pub done: u64,
    /// `None` while the total is unknown (the Hub does not say how many datasets it has).
    pub total: Option<u64>,
    pub unit: ProgressUnit,
    /// A detail line, e.g. the item being processed.
    pub message: Option<String>,
    /// Files done and in all, when the work moves files (downloads).
    pub files: Option<FileCount>,
    /// Units per second, averaged over the last few seconds; `None` until measurable.
    pub rate: Option<f64>,
    /// Seconds left at the current rate.
    pub eta_seconds: Option<u64>,
    /// Connections in use now, when the work is a download (it adds them while they add
    /// throughput).
    #[cfg_attr(feature = "ts", ts(optional))]
    pub connections: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileCount {
    pub done: u64,
    pub total: u64,
}

pub trait ProgressSink: Send + Sync {
    fn report(&self, progress: &Progress);
}

impl<F: Fn(&Progress) + Send + Sync> ProgressSink for F {
    fn report(&self, progress: &Progress) {
        self(progress)
    }
}

/// A sink that drops every report.
pub struct NoProgress;

impl ProgressSink for NoProgress {
    fn report(&self, _progress: &Progress) {}
}

/// Shared flag to stop long work between steps.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}
