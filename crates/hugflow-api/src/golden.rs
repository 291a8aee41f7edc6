//! The golden files of the engine's JSON lines, written from the Rust types into
//! `ui/src/generated/`: `sync-events.jsonl` (every sync and job log event,
//! [`hugflow_core::events::golden`]), `job-cancel.jsonl` (the answers of `hugflow jobs
//! cancel`) and `rerun-answers.jsonl` (`hugflow rerun start|status|cancel --json`, one of each
//! state). Rust tests (here, and the remote agent's readers in `hugflow-remote`) and Vitest
//! tests (`ui/src/syncLog.test.ts`, `ui/src/rerunGolden.test.ts`) all read them, so a change to
//! either side's reading, or to the shapes, fails a test.

use std::path::Path;

use hugflow_core::events::{EventLine, golden, golden_cancel_answers};
use hugflow_core::jobs::JobState;
use hugflow_core::runs::{RERUN_SCHEMA, Rerun, RerunCancel};
use serde::Serialize;

/// The golden files' names and contents.
pub fn files() -> Vec<(&'static str, String)> {
    vec![
        ("sync-events.jsonl", lines(&golden())),
        ("job-cancel.jsonl", lines(&golden_cancel_answers())),
        ("rerun-answers.jsonl", rerun_answers()),
    ]
}

/// A re-run record in every state (as `start` and `status` answer), then the cancel answers.
fn rerun_answers() -> String {
    let record = |state: JobState, code: Option<i32>, ended: bool| Rerun {
        schema: RERUN_SCHEMA,
        state,
        pid: Some(4242),
        command: [
            "python3",
            "flows/train.py",
            "--config",
            "/data/flows/runs/train/train_config.json",
            "--output-dir",
            "/data/flows/runs/train",
        ]
        .map(String::from)
        .to_vec(),
        cwd: "/data/flows".into(),
        started_at: "2026-12-04T10:15:30Z".into(),
        ended_at: ended.then(|| "2026-12-04T10:24:02Z".into()),
        code,
        log: "/data/flows/runs/train/.hugflow/rerun.log".into(),
    };
    let records = [
        record(JobState::Running, None, false),
        record(JobState::Complete, Some(0), true),
        record(JobState::Failed, Some(3), true),
        record(JobState::Failed, None, true),
        record(JobState::Cancelled, None, true),
        record(JobState::Lost, None, false),
    ];
    let cancels = [JobState::Cancelled, JobState::Running].map(|state| RerunCancel {
        schema: RERUN_SCHEMA,
        state,
    });
    let mut text: String = records
        .iter()
        .map(|r| serde_json::to_string(r).expect("records serialize") + "\n")
        .collect();
    for cancel in cancels {
        text += &(serde_json::to_string(&cancel).expect("answers serialize") + "\n");
    }
    text
}

fn lines<E: Serialize>(events: &[EventLine<E>]) -> String {
    events.iter().map(|e| e.to_json() + "\n").collect()
}

/// Writes the golden files into `dir` (`ui/src/generated/`).
pub fn write_to(dir: &Path) -> std::io::Result<()> {
    for (name, text) in files() {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use hugflow_core::events::{JobCancelAnswer, SyncEvent, parse_line};

    use crate::bindings::generated_dir;

    /// The committed files are what the Rust types write now, and each line reads back.
    #[test]
    fn committed_golden_events_match_the_rust_types() {
        for (name, text) in super::files() {
            let path = generated_dir().join(name);
            let committed = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}; run `make bindings`", path.display()));
            assert_eq!(
                committed,
                text,
                "{} differs from the Rust event types: run `make bindings`",
                path.display()
            );
            for line in committed.lines() {
                let read = match name {
                    "sync-events.jsonl" => parse_line::<SyncEvent>(line).map(|_| ()),
                    "job-cancel.jsonl" => parse_line::<JobCancelAnswer>(line).map(|_| ()),
                    // Read through the agent's reader in hugflow-remote's tests.
                    _ => Ok(()),
                };
                read.unwrap_or_else(|e| panic!("{name}: {line}: {e}"));
            }
        }
    }
}
