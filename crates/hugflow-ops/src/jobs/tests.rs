//! The answers the jobs commands give, mapped from what the job store says.

use hugflow_core::events::{EventLine, JobCancelAnswer, SyncEvent};
use hugflow_core::request::FieldError;
use hugflow_sync::jobs::{CancelOutcome, JobError, JobState};

use super::{cancel_answer, failure_event, finished_state};
use crate::sync::Applied;

const ID: &str = "20261204T101530Z-1a2b3c4d";

#[test]
fn a_cancel_outcome_maps_to_its_answer_and_line() {
    let cases = [
        (
            CancelOutcome::NotRunning(JobState::Complete),
            r#"{"schema":1,"event":"not_running","id":"ID","state":"complete"}"#,
        ),
        (
            CancelOutcome::Stopped(JobState::Cancelled),
            r#"{"schema":1,"event":"cancelled","id":"ID","state":"cancelled"}"#,
        ),
        // Ended on its own before the signal landed: said as it ended.
        (
            CancelOutcome::Stopped(JobState::Complete),
            r#"{"schema":1,"event":"cancelled","id":"ID","state":"complete"}"#,
        ),
        (
            CancelOutcome::StillRunning,
            r#"{"schema":1,"event":"cancel_pending","id":"ID","state":"running"}"#,
        ),
    ];
    for (outcome, line) in cases {
        let answer = cancel_answer(ID, outcome);
        assert_eq!(EventLine::new(&answer).to_json(), line.replace("ID", ID));
    }
    assert!(matches!(
        cancel_answer(ID, CancelOutcome::StillRunning),
        JobCancelAnswer::CancelPending { .. }
    ));
}

#[test]
fn a_job_error_keeps_its_kind_and_an_invalid_request_its_field_errors() {
    let field = FieldError {
        field: "descripton".into(),
        line: 2,
        column: 1,
        message: "unknown key `descripton`".into(),
        hint: None,
    };
    let error = anyhow::Error::new(JobError::InvalidRequest {
        errors: vec![field.clone()],
    });
    match failure_event(&error) {
        SyncEvent::Failed { kind, errors, .. } => {
            assert_eq!(kind, "invalid_request");
            assert_eq!(errors, Some(vec![field]));
        }
        other => panic!("{other:?}"),
    }
    let error = anyhow::anyhow!("disk full").context("cannot write job.json");
    let line = EventLine::new(failure_event(&error)).to_json();
    assert_eq!(
        line,
        r#"{"schema":1,"event":"failed","kind":"error","message":"cannot write job.json: disk full"}"#
    );
}

#[test]
fn a_run_ends_in_the_state_of_its_sync() {
    assert_eq!(finished_state(Applied::Done), JobState::Complete);
    assert_eq!(finished_state(Applied::Failed), JobState::Failed);
    assert_eq!(finished_state(Applied::Cancelled), JobState::Cancelled);
}
