//! What `hugflow sync --ci-mode` tells a request's PR, and what it leaves in `results.json`.
//!
//! Each format has its writer and its parser here, so the engine that writes them and the
//! desktop tracker that reads them cannot drift (DESIGN §4):
//! - [`SyncComment`]: the "Starting Download", "Download Progress", "Download Complete" and
//!   "Download Failed" PR comments. People read the Markdown; machines read the JSON in a
//!   hidden `<!-- hugflow:sync v1 … -->` line at the end.
//! - [`NotMerged`]: the "Downloaded, not merged" comment, when every request succeeded but the
//!   bot leaves the PR for a person (hidden line `<!-- hugflow:held v1 … -->`).
//! - [`ProgressCadence`]: when a progress comment is due (every 20 %, or after an hour
//!   without one, and always at 100 %).
//! - [`StagingComment`]: a request staged on a Slurm cluster, node by node (`<!-- hugflow:staging v1 … -->`).
//! - [`SyncResults`]: `results.json`, one outcome per request file of a sync run.
//! - [`track`]: a request's state from its PR and comments, with the events to notify.
//!
//! Anyone can comment on a PR: a reader must only trust comments whose author is the sync
//! bot's account. Parsing never fails on a comment that is not ours; it returns `None`.

mod cadence;
mod comment;
mod held;
mod markdown;
mod results;
mod staging;
mod tracking;

pub use cadence::ProgressCadence;
pub use comment::{CommentKind, DatasetRef, SyncComment, SyncError};
pub use held::{HELD_MARKER, NotMerged};
pub use results::{Outcome, RequestAction, RequestResult, ResultsError, SyncResults};
pub use staging::{STAGING_MARKER, StagingComment};
pub use tracking::{Event, EventKind, PrComment, PullState, RequestState, Tracked, track};
