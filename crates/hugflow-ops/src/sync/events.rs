//! The engine's reports as [`SyncEvent`]s: an adapter that lets the sync engine's observers
//! (`AddObserver`, `CiObserver`) speak to an [`EventSink`], and the events a finished sync
//! ends with. The engine keeps its own traits; only this file knows both vocabularies.

use hugflow_core::events::{EventSink, RemovedDataset, SyncEvent};
use hugflow_core::progress::Progress;
use hugflow_sync::{AddObserver, AddOutcome, CiObserver, Plan, Removed, SyncError};

/// The engine's observer, forwarding everything to a sink as events.
pub(crate) struct SinkObserver<'a>(pub &'a dyn EventSink);

impl AddObserver for SinkObserver<'_> {
    fn planned(&self, plan: &Plan) {
        self.0.event(&planned(plan));
    }

    fn progress(&self, progress: &Progress) {
        self.0.event(&SyncEvent::progress(progress));
    }

    fn notice(&self, line: &str) {
        self.0.event(&SyncEvent::note(line));
    }
}

impl CiObserver for SinkObserver<'_> {
    fn note(&self, line: &str) {
        self.0.event(&SyncEvent::note(line));
    }
}

pub(crate) fn planned(plan: &Plan) -> SyncEvent {
    SyncEvent::Planned {
        hf_id: plan.request.hf_id.clone(),
        commit: plan.commit.clone(),
        source_revision: plan.source_revision.clone(),
        files: plan.files.len() as u64,
        bytes: plan.bytes,
        warnings: plan.columns.warnings.clone(),
        notes: plan.notes.clone(),
    }
}

/// A path as the event lines carry it (a string; a host's paths are UTF-8 in practice).
fn path_text(path: &std::path::Path) -> String {
    path.to_string_lossy().into_owned()
}

/// How an add ended: `complete`, or `skipped` when `active.json` already listed it.
pub(crate) fn added(outcome: &AddOutcome) -> SyncEvent {
    match outcome {
        AddOutcome::AlreadyPresent { path, entry } => SyncEvent::Skipped {
            reason: "already present".into(),
            storage_name: entry.storage_name.clone(),
            path: path_text(path),
        },
        AddOutcome::Downloaded {
            path,
            entry,
            summary,
            took,
            warnings,
        } => SyncEvent::Complete {
            storage_name: entry.storage_name.clone(),
            path: path_text(path),
            file_count: summary.files,
            size_bytes: summary.bytes,
            took_seconds: took.as_secs_f64(),
            bytes_fetched: summary.bytes_fetched,
            bytes_resumed: summary.bytes_resumed,
            files_already_present: summary.files_already_present,
            corrupt_refetches: summary.corrupt_refetches,
            retries: summary.retries,
            warnings: warnings.clone(),
        },
    }
}

/// A removal: what it deleted (nothing when the dataset was not on the host).
pub(crate) fn removed(hf_id: &str, removed: &[Removed]) -> SyncEvent {
    SyncEvent::Removed {
        hf_id: hf_id.to_string(),
        removed: removed
            .iter()
            .map(|r| RemovedDataset {
                storage_name: r.storage_name.clone(),
                path: path_text(&r.path),
            })
            .collect(),
    }
}

/// A sync error with its stable kind and what to do; an invalid request file's field errors
/// also as `errors` (with line and column), which older readers ignore.
pub(crate) fn failed(error: &SyncError) -> SyncEvent {
    SyncEvent::Failed {
        kind: error.kind().to_string(),
        message: error.to_string(),
        suggestion: Some(error.suggestion()),
        errors: match error {
            SyncError::Invalid { errors, .. } => Some(errors.clone()),
            _ => None,
        },
    }
}

/// Stopped by a cancel: while waiting for the host's lock (`None`) or downloading.
pub(crate) fn cancelled(error: Option<&SyncError>) -> SyncEvent {
    SyncEvent::Cancelled {
        message: error.map_or_else(
            || "cancelled while waiting for the other sync; nothing was downloaded".to_string(),
            ToString::to_string,
        ),
    }
}

/// What a sync says while another one holds the host's lock.
pub(crate) fn waiting(holder: &str) -> SyncEvent {
    SyncEvent::note(format!(
        "another sync is running on this host ({}); waiting for it to finish…",
        if holder.is_empty() {
            "holder unknown"
        } else {
            holder
        }
    ))
}
