//! The follower reads the engine's golden event lines (`ui/src/generated/`, written from the
//! core's types by `make bindings`) as the events they were written from, and refuses or
//! keeps what it must.

use std::path::Path;

use hugflow_core::events::{SyncEvent, golden, golden_cancel_answers};
use hugflow_core::jobs::JobState;

use super::*;

fn host() -> Target {
    Target::parse("hgx-a").unwrap()
}

/// A golden file from the UI's generated folder.
fn generated(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../ui/src/generated")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; `make bindings` writes it",
            path.display()
        )
    })
}

#[test]
fn the_golden_log_reads_through_the_follower_as_written() {
    let text = generated("sync-events.jsonl");
    let read: Vec<SyncEvent> = text
        .lines()
        .map(|line| match read_log_line(&host(), line) {
            Ok(Some(SyncLogEntry::Event { event })) => event,
            other => panic!("{line}: read as {other:?}"),
        })
        .collect();
    let written: Vec<SyncEvent> = golden().into_iter().map(|l| l.event).collect();
    assert_eq!(
        read, written,
        "the golden file is stale: run `make bindings`"
    );
    // The `started` line is also what `jobs start --json` answers.
    let started = text.lines().find(|l| l.contains(r#""event":"started""#));
    let job = read_start_answer(&host(), 0, started.unwrap()).unwrap();
    assert_eq!(job.id, "20261204T101530Z-1a2b3c4d");
    assert_eq!(job.pid, 4242);
}

#[test]
fn the_golden_cancel_answers_read_as_written() {
    let text = generated("job-cancel.jsonl");
    let read: Vec<JobCancelAnswer> = text
        .lines()
        .map(|line| {
            // `cancel_pending` exits 2 and is still an answer.
            read_cancel_answer(&host(), "20261204T101530Z-1a2b3c4d", 2, line)
                .unwrap_or_else(|e| panic!("{line}: {e}"))
        })
        .collect();
    let written: Vec<JobCancelAnswer> = golden_cancel_answers()
        .into_iter()
        .map(|l| l.event)
        .collect();
    assert_eq!(read, written);
}

#[test]
fn text_in_a_log_is_kept_as_text() {
    let kept = |line: &str| match read_log_line(&host(), line) {
        Ok(Some(SyncLogEntry::Text { text })) => text,
        other => panic!("{line}: read as {other:?}"),
    };
    let panic = "thread 'main' panicked at src/main.rs:3:5: boom";
    assert_eq!(kept(panic), panic);
    // JSON hugflow did not write, and a line of a kind this build does not know.
    assert_eq!(kept(r#"{"level":"warn"}"#), r#"{"level":"warn"}"#);
    let unknown = r#"{"schema":1,"event":"teleported"}"#;
    assert_eq!(kept(unknown), unknown);
    assert_eq!(read_log_line(&host(), "  ").unwrap(), None);
}

#[test]
fn a_newer_schema_is_refused_with_upgrade() {
    let line = r#"{"schema":2,"event":"note","message":"from the future"}"#;
    let refusals = [
        read_log_line(&host(), line).unwrap_err(),
        read_start_answer(&host(), 0, line).unwrap_err(),
        read_cancel_answer(&host(), "x", 0, line).unwrap_err(),
    ];
    for error in refusals {
        assert!(
            matches!(
                error,
                AgentError::NewerSchema {
                    found: 2,
                    known: 1,
                    ..
                }
            ),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(
            message.contains("hgx-a") && message.contains("upgrade"),
            "{message}"
        );
    }
}

#[test]
fn a_failed_answer_is_the_error_with_what_to_do() {
    let line = r#"{"schema":1,"event":"failed","kind":"invalid_request","message":"the request is not valid","suggestion":"fix the request","errors":[{"field":"descripton","line":2,"column":1,"message":"unknown key `descripton`","hint":"did you mean `description`?"}]}"#;
    let error = read_start_answer(&host(), 2, &format!("\n{line}\n")).unwrap_err();
    let AgentError::Failed { code, stderr, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(*code, 2);
    assert_eq!(
        stderr,
        "the request is not valid; line 2, column 1: unknown key `descripton` (did you mean `description`?). What to do: fix the request"
    );
    let error = read_cancel_answer(&host(), "x", 2, line).unwrap_err();
    assert!(matches!(error, AgentError::Failed { .. }), "{error:?}");
}

#[test]
fn an_answer_of_another_kind_is_unreadable() {
    let note = r#"{"schema":1,"event":"note","message":"hello"}"#;
    for error in [
        read_start_answer(&host(), 0, note).unwrap_err(),
        read_start_answer(&host(), 0, "").unwrap_err(),
        read_cancel_answer(&host(), "x", 0, note).unwrap_err(),
    ] {
        assert!(matches!(error, AgentError::Unreadable { .. }), "{error:?}");
        assert!(error.to_string().contains("hgx-a"), "{error}");
    }
    let pending = r#"{"schema":1,"event":"cancel_pending","id":"x","state":"running"}"#;
    assert_eq!(
        read_cancel_answer(&host(), "x", 2, pending).unwrap(),
        JobCancelAnswer::CancelPending {
            id: "x".into(),
            state: JobState::Running
        }
    );
}
