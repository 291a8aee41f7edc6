//! The sync engine: what runs on the HGX to apply request files.
//!
//! - [`plan`]: a request resolved against the Hub (commit, files, columns).
//! - [`Engine`]: `hugflow local-sync`, one request applied on this host (download, manifests,
//!   storage, removal), reporting progress through an [`AddObserver`].
//! - [`CiRun`]: `hugflow sync --ci-mode`, the request PR's files applied with PR comments,
//!   `results.json`, auto-merge, request cleanup and Slack.
//! - [`HostLock`]: one sync at a time per host.
//! - [`jobs`]: `hugflow jobs`, a `local-sync` run detached on the host, listed, followed and
//!   cancelled from another session (the desktop over SSH).

mod ci;
mod comments;
mod engine;
mod error;
pub mod jobs;
mod lock;
pub mod plan;
mod slack;
pub mod stager;
pub mod storage;

pub use ci::{CiError, CiObserver, CiReport, CiRun, CiSettings, NotMerged};
pub use engine::{AddObserver, AddOutcome, Engine, Quiet, Removed};
pub use error::SyncError;
pub use jobs::{Job, JobError, JobList, JobState, JobStore, JobSummary};
pub use lock::{HostLock, SYNC_LOCK_FILE};
pub use plan::{Columns, Plan};
pub use slack::Slack;
pub use stager::Stager;
pub use storage::DatasetManifest;
