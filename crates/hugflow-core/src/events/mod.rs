//! The engine's event stream: what `hugflow local-sync --json`, `hugflow sync --ci-mode
//! --json` and a detached job's log (`hugflow jobs log`) write, one JSON line per event, and
//! what the desktop reads back over SSH. Defined once here; the CLI writes only these types,
//! the remote follower and the UI read only these types (TypeScript through ts-rs).
//!
//! A line is `{"schema": 1, "event": "<kind>", ...fields}`. Readers ignore fields they do not
//! know (a newer engine may add some within a schema) and refuse a newer `schema` with
//! "upgrade hugflow". The golden file `ui/src/generated/sync-events.jsonl` holds one line of
//! every kind ([`golden`]); a Rust test and a Vitest test both read it.

use serde::{Deserialize, Serialize};

use crate::jobs::JobState;
use crate::progress::Progress;
use crate::request::FieldError;
use crate::sync_report::{NotMerged, SyncResults};

mod golden;
#[cfg(test)]
mod tests;

pub use golden::{golden, golden_cancel_answers};

/// The version of every event line (and of the jobs documents: [`crate::jobs::JOB_SCHEMA`]).
pub const EVENT_SCHEMA: u32 = crate::jobs::JOB_SCHEMA;

/// One event of a sync: a local sync, a CI sync, or a detached job's run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum SyncEvent {
    /// `hugflow jobs start` detached the job: its id, runner pid and log file.
    Started { id: String, pid: u32, log: String },
    /// The files of one request are known.
    Planned {
        hf_id: String,
        commit: String,
        /// The revision the request named (a branch, tag or the commit itself).
        source_revision: String,
        files: u64,
        bytes: u64,
        warnings: Vec<String>,
        notes: Vec<String>,
    },
    /// How far the download is.
    Progress {
        task: String,
        bytes_done: u64,
        bytes_total: Option<u64>,
        files_done: Option<u64>,
        files_total: Option<u64>,
        /// Bytes per second, once measurable.
        rate: Option<f64>,
        eta_seconds: Option<u64>,
        /// Connections in use now (an older engine does not say).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        connections: Option<u32>,
    },
    /// A line for the reader: waiting for the host's lock, the resolver budget, a CI step.
    Note { message: String },
    /// The dataset is downloaded, verified and in `active.json`.
    Complete {
        storage_name: String,
        path: String,
        file_count: u64,
        size_bytes: u64,
        took_seconds: f64,
        bytes_fetched: u64,
        bytes_resumed: u64,
        files_already_present: u64,
        corrupt_refetches: u64,
        retries: u64,
        warnings: Vec<String>,
    },
    /// Nothing to do: the dataset is already on the host.
    Skipped {
        reason: String,
        storage_name: String,
        path: String,
    },
    /// A removal request was applied (an empty list: the dataset was not on the host).
    Removed {
        hf_id: String,
        removed: Vec<RemovedDataset>,
    },
    /// The sync (or the job command) failed; `kind` is the error's stable name.
    Failed {
        kind: String,
        message: String,
        /// What to do about it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggestion: Option<String>,
        /// The request file's errors, when the request itself was invalid.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        errors: Option<Vec<FieldError>>,
    },
    /// Stopped by a cancel; the parts stay for the next run.
    Cancelled { message: String },
    /// A CI sync's outcome: `results.json`'s content and what happened to the PR.
    Results {
        results: SyncResults,
        merged: bool,
        branch_deleted: bool,
        not_merged: Option<NotMergedNote>,
    },
}

/// A dataset a removal deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RemovedDataset {
    pub storage_name: String,
    pub path: String,
}

/// Why a CI sync left its PR open, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NotMergedNote {
    /// [`NotMerged::kind`].
    pub kind: String,
    pub message: String,
}

impl From<&NotMerged> for NotMergedNote {
    fn from(reason: &NotMerged) -> Self {
        Self {
            kind: reason.kind().to_string(),
            message: reason.to_string(),
        }
    }
}

/// What `hugflow jobs cancel --json` answers (a command's answer, not a log line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum JobCancelAnswer {
    /// The job had already ended.
    NotRunning { id: String, state: JobState },
    /// The job stopped (`state`: cancelled, or how it ended first).
    Cancelled { id: String, state: JobState },
    /// Asked to stop; still running when the wait ran out.
    CancelPending { id: String, state: JobState },
}

/// An event with its schema: the line as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EventLine<E> {
    pub schema: u32,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub event: E,
}

impl<E: Serialize> EventLine<E> {
    /// The line for `event` at this engine's schema.
    pub fn new(event: E) -> Self {
        Self {
            schema: EVENT_SCHEMA,
            event,
        }
    }

    /// One JSON line, without the newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("events serialize")
    }
}

/// Where a sync's events go: the CLI renders them (a bar, log lines, or `--json` lines), a
/// job's runner writes them to its log, tests collect them.
pub trait EventSink: Send + Sync {
    fn event(&self, event: &SyncEvent);
}

impl SyncEvent {
    /// A progress event from the engine's progress report.
    pub fn progress(p: &Progress) -> Self {
        Self::Progress {
            task: p.task.clone(),
            bytes_done: p.done,
            bytes_total: p.total,
            files_done: p.files.map(|f| f.done),
            files_total: p.files.map(|f| f.total),
            rate: p.rate,
            eta_seconds: p.eta_seconds,
            connections: p.connections,
        }
    }

    pub fn note(message: impl Into<String>) -> Self {
        Self::Note {
            message: message.into(),
        }
    }

    /// This event's `event` field.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Started { .. } => "started",
            Self::Planned { .. } => "planned",
            Self::Progress { .. } => "progress",
            Self::Note { .. } => "note",
            Self::Complete { .. } => "complete",
            Self::Skipped { .. } => "skipped",
            Self::Removed { .. } => "removed",
            Self::Failed { .. } => "failed",
            Self::Cancelled { .. } => "cancelled",
            Self::Results { .. } => "results",
        }
    }
}

/// Why a line is not an event this engine can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("not a JSON event line")]
    NotJson,
    #[error(
        "the line is of event schema {schema}, newer than this Hugflow's {EVENT_SCHEMA}: upgrade Hugflow to read it"
    )]
    NewerSchema { schema: u64 },
    #[error("the line has no `schema`; it was not written by hugflow")]
    NoSchema,
    /// A kind this engine does not know, or a known kind with missing or mistyped fields.
    #[error("unreadable `{event}` event: {detail}")]
    Unreadable { event: String, detail: String },
}

impl LineError {
    /// A newer engine wrote it: the reader, not the line, must change.
    pub fn needs_upgrade(&self) -> bool {
        matches!(self, Self::NewerSchema { .. })
    }
}

/// Reads one line of the stream (`schema` checked first, so a newer engine's line is
/// refused as such rather than as unreadable).
pub fn parse_line<E: for<'de> Deserialize<'de>>(line: &str) -> Result<E, LineError> {
    let value: serde_json::Value =
        serde_json::from_str(line.trim()).map_err(|_| LineError::NotJson)?;
    let serde_json::Value::Object(fields) = &value else {
        return Err(LineError::NotJson);
    };
    let schema = fields
        .get("schema")
        .and_then(serde_json::Value::as_u64)
        .ok_or(LineError::NoSchema)?;
    if schema > u64::from(EVENT_SCHEMA) {
        return Err(LineError::NewerSchema { schema });
    }
    let event = fields
        .get("event")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("")
        .to_string();
    serde_json::from_value(value).map_err(|error| LineError::Unreadable {
        event,
        detail: error.to_string(),
    })
}
