//! One event line of every kind, with every optional field set somewhere: the golden file
//! (`ui/src/generated/sync-events.jsonl`) that both readers, Rust and the UI, are tested
//! against. A change to an event's shape changes this file, and the drift test fails until
//! `make bindings` rewrites it.

use super::{EventLine, JobCancelAnswer, NotMergedNote, RemovedDataset, SyncEvent};
use crate::jobs::JobState;
use crate::request::FieldError;
use crate::sync_report::{
    DatasetRef, NotMerged, Outcome, RequestAction, RequestResult, SyncError, SyncResults,
};

/// One line of every kind, with every optional field set somewhere: the golden file that
/// both readers (Rust and the UI) are tested against.
pub fn golden() -> Vec<EventLine<SyncEvent>> {
    golden_events().into_iter().map(EventLine::new).collect()
}

/// The job-cancel answers, one of each.
pub fn golden_cancel_answers() -> Vec<EventLine<JobCancelAnswer>> {
    let id = "20261204T101530Z-1a2b3c4d".to_string();
    vec![
        JobCancelAnswer::NotRunning {
            id: id.clone(),
            state: JobState::Complete,
        },
        JobCancelAnswer::Cancelled {
            id: id.clone(),
            state: JobState::Cancelled,
        },
        JobCancelAnswer::CancelPending {
            id,
            state: JobState::Running,
        },
    ]
    .into_iter()
    .map(EventLine::new)
    .collect()
}

fn golden_events() -> Vec<SyncEvent> {
    let path = "/data/datasets/ds__org__speech__main__full".to_string();
    vec![
        SyncEvent::Started {
            id: "20261204T101530Z-1a2b3c4d".into(),
            pid: 4242,
            log: "/srv/gitops/.hugflow-state/jobs/20261204T101530Z-1a2b3c4d/log.jsonl".into(),
        },
        SyncEvent::Planned {
            hf_id: "org/speech".into(),
            commit: "0123456789abcdef0123456789abcdef01234567".into(),
            source_revision: "main".into(),
            files: 1200,
            bytes: 52_428_800_000,
            warnings: vec!["no column `audio`; the columns are `speech`, `text`".into()],
            notes: vec!["1,200 files: the Hub's resolver limit paces this to about 3 min".into()],
        },
        SyncEvent::Progress {
            task: "Downloading org/speech".into(),
            bytes_done: 26_214_400_000,
            bytes_total: Some(52_428_800_000),
            files_done: Some(600),
            files_total: Some(1200),
            rate: Some(104_857_600.0),
            eta_seconds: Some(250),
            connections: Some(12),
        },
        SyncEvent::Progress {
            task: "Listing files".into(),
            bytes_done: 0,
            bytes_total: None,
            files_done: None,
            files_total: None,
            rate: None,
            eta_seconds: None,
            connections: None,
        },
        SyncEvent::note("another sync is running on this host (pid 77); waiting for it to finish…"),
        SyncEvent::Complete {
            storage_name: "ds__org__speech__main__full".into(),
            path: path.clone(),
            file_count: 1200,
            size_bytes: 52_428_800_000,
            took_seconds: 512.5,
            bytes_fetched: 26_214_400_000,
            bytes_resumed: 26_214_400_000,
            files_already_present: 3,
            corrupt_refetches: 1,
            retries: 2,
            warnings: vec![],
        },
        SyncEvent::Skipped {
            reason: "already present".into(),
            storage_name: "ds__org__speech__main__full".into(),
            path: path.clone(),
        },
        SyncEvent::Removed {
            hf_id: "org/speech".into(),
            removed: vec![RemovedDataset {
                storage_name: "ds__org__speech__main__full".into(),
                path,
            }],
        },
        SyncEvent::Removed {
            hf_id: "org/absent".into(),
            removed: vec![],
        },
        SyncEvent::Failed {
            kind: "not_found_or_private".into(),
            message: "org/speech was not found on the Hub, or it is private".into(),
            suggestion: Some(
                "check the hf_id, or give the runner an HF_TOKEN that can read it".into(),
            ),
            errors: None,
        },
        SyncEvent::Failed {
            kind: "invalid_request".into(),
            message: "the request is not valid".into(),
            suggestion: None,
            errors: Some(vec![FieldError {
                field: "descripton".into(),
                line: 2,
                column: 1,
                message: "unknown key `descripton`".into(),
                hint: Some("did you mean `description`?".into()),
            }]),
        },
        SyncEvent::Cancelled {
            message: "cancelled; the parts are kept and the next run resumes".into(),
        },
        SyncEvent::Results {
            results: SyncResults {
                schema: SyncResults::SCHEMA,
                started_at: "2026-12-04T10:15:30Z".into(),
                finished_at: "2026-12-04T10:24:02Z".into(),
                results: vec![
                    RequestResult {
                        request: "requests/add/speech.yaml".into(),
                        action: RequestAction::Add,
                        dataset: dataset(),
                        outcome: Outcome::Complete {
                            path: "/data/datasets/ds__org__speech__main__full".into(),
                            size_bytes: 52_428_800_000,
                            file_count: 1200,
                        },
                    },
                    RequestResult {
                        request: "requests/add/gated.yaml".into(),
                        action: RequestAction::Add,
                        dataset: dataset(),
                        outcome: Outcome::Failed {
                            error: SyncError {
                                kind: "gated".into(),
                                message: "org/speech is gated".into(),
                                suggestion: "accept its terms on the Hub with the runner's account"
                                    .into(),
                            },
                        },
                    },
                ],
            },
            merged: false,
            branch_deleted: false,
            not_merged: Some(NotMergedNote::from(&NotMerged::AutoMergeOff)),
        },
    ]
}

fn dataset() -> DatasetRef {
    DatasetRef {
        hf_id: "org/speech".into(),
        revision: "main".into(),
        subset: None,
        split: "train".into(),
        storage_name: "ds__org__speech__main__full".into(),
    }
}
