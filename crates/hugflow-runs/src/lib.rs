//! Readers of flow runs, without a GUI: ductaflow `runs/` trees and huldra artifact folders
//! found under one root, scanned into a [`RunsReport`] (the document `hugflow runs --json`
//! prints and the desktop's Runs page reads, locally or over SSH).
//!
//! ```no_run
//! use hugflow_runs::{scan, ScanOptions};
//! let report = scan("/data/hgx/flows".as_ref(), &ScanOptions::default()).unwrap();
//! for run in &report.ductaflow {
//!     println!("{} {:?}", run.path, run.status);
//! }
//! ```
//!
//! One call reads the whole tree: the folders are listed, and their logs, configs, notebooks
//! and state files read, by a few threads at once (see [`walk`]). Only an unreadable root is an
//! error; anything wrong inside one run (a broken config, a non-UTF-8 log, a truncated
//! notebook, a folder that cannot be listed) becomes that run's `problem`, and the rest of the
//! report is still there.
//!
//! Modules: [`artifacts`] (which files are a run's, for the scan and for readers), [`rule`] (ductaflow's traffic-light rule), [`log_format`] (start and end lines),
//! [`notebook`] (executed notebooks' outputs), [`ductaflow`] (run folders, builds and flows),
//! [`huldra`] (artifact folders), [`rerun`] (a flow re-run's plan and record), [`signals`] (bounds on the lines kept), [`walk`] (the parallel
//! folder walk).

pub mod artifacts;
pub mod ductaflow;
pub mod huldra;
pub mod log_format;
pub mod notebook;
pub mod rerun;
pub mod rule;
pub mod signals;
pub mod walk;

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

pub use artifacts::{READABLE as READABLE_ARTIFACTS, RunArtifact, run_artifact, run_artifact_at};
use chrono::{DateTime, SecondsFormat, Utc};
pub use hugflow_core::runs::{
    DuctaflowRun, FlowRun, FlowStatus, HuldraArtifact, HuldraError, Liveness, RUNS_SCHEMA,
    RunsReport, Signal, SignalKind, SignalSource,
};

/// How a scan judges time.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// "Now", for `running`/`abandoned` and huldra's stale leases (tests pass a fixed one).
    pub now: SystemTime,
    /// A ductaflow run without an end line whose folder was written within this window is
    /// `running` (else `abandoned`); a huldra attempt without a lease whose last heartbeat is
    /// older is stale. Default: one hour.
    pub running_within: Duration,
    /// Threads reading the tree. Default: the cores available, at least 2 and at most 4 (the
    /// work is mostly waiting on the file system).
    pub workers: usize,
}

/// The default of [`ScanOptions::running_within`].
pub const DEFAULT_RUNNING_WITHIN: Duration = Duration::from_secs(60 * 60);

impl Default for ScanOptions {
    fn default() -> Self {
        Self {
            now: SystemTime::now(),
            running_within: DEFAULT_RUNNING_WITHIN,
            workers: std::thread::available_parallelism()
                .map_or(2, |n| n.get())
                .clamp(2, 4),
        }
    }
}

/// Why a scan could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error(
        "the runs folder {} does not exist: pass the folder that holds ductaflow's runs/ or huldra's data-huldra/",
        path.display()
    )]
    NotFound { path: PathBuf },
    #[error(
        "{} is not a folder: pass the folder that holds ductaflow's runs/ or huldra's data-huldra/",
        path.display()
    )]
    NotAFolder { path: PathBuf },
    #[error(
        "cannot read the runs folder {}: {source}; check that this user may list it (read and execute permission)",
        path.display()
    )]
    Unreadable {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl ScanError {
    /// A stable code for the desktop's error shape (`{ code, message }`).
    pub fn code(&self) -> &'static str {
        match self {
            ScanError::NotFound { .. } => "not_found",
            ScanError::NotAFolder { .. } => "invalid_input",
            ScanError::Unreadable { .. } => "io",
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            ScanError::NotFound { path }
            | ScanError::NotAFolder { path }
            | ScanError::Unreadable { path, .. } => path,
        }
    }
}

/// Reads every ductaflow run and huldra artifact under `root`.
pub fn scan(root: &Path, options: &ScanOptions) -> Result<RunsReport, ScanError> {
    check_root(root)?;
    let visitor = Collector {
        options,
        replanning: ductaflow::Replanning::new(root),
    };
    let mut folders = Vec::new();
    let mut artifacts = Vec::new();
    let mut unlisted = Vec::new();
    for acc in walk::walk(root, options.workers, &visitor) {
        folders.extend(acc.folders);
        artifacts.extend(acc.artifacts);
        unlisted.extend(acc.unlisted);
    }
    for (rel, reason) in &unlisted {
        tracing::warn!("runs scan: cannot list {rel}: {reason}");
    }
    let ductaflow = ductaflow::assemble(folders, &unlisted, options);
    huldra::sort(&mut artifacts);
    Ok(RunsReport {
        schema: RUNS_SCHEMA,
        root: root.display().to_string(),
        scanned_at: DateTime::<Utc>::from(options.now).to_rfc3339_opts(SecondsFormat::Secs, true),
        ductaflow,
        huldra: artifacts,
    })
}

fn check_root(root: &Path) -> Result<(), ScanError> {
    let path = root.to_path_buf();
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(ScanError::NotAFolder { path }),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Err(ScanError::NotFound { path });
        }
        Err(source) => return Err(ScanError::Unreadable { path, source }),
    }
    std::fs::read_dir(root)
        .map(drop)
        .map_err(|source| ScanError::Unreadable { path, source })
}

struct Collector<'a> {
    options: &'a ScanOptions,
    replanning: ductaflow::Replanning,
}

#[derive(Default)]
struct Found {
    folders: Vec<ductaflow::Folder>,
    artifacts: Vec<HuldraArtifact>,
    unlisted: Vec<(String, String)>,
}

impl walk::Visitor for Collector<'_> {
    type Acc = Found;

    fn visit(&self, acc: &mut Found, dir: &walk::Dir) -> bool {
        if huldra::is_artifact(dir) {
            acc.artifacts.push(huldra::read_artifact(
                &dir.path,
                &dir.rel,
                self.options.now,
                self.options.running_within,
            ));
            return false;
        }
        if let Some(folder) = ductaflow::read_folder(dir, &self.replanning) {
            acc.folders.push(folder);
        }
        true
    }

    fn unreadable(&self, acc: &mut Found, rel: &str, error: &io::Error) {
        acc.unlisted.push((rel.to_string(), error.to_string()));
    }
}
