//! The desktop's reader of `hugflow rerun … --json` reads every golden answer
//! (`ui/src/generated/rerun-answers.jsonl`, written from the core's types by `make bindings`),
//! and refuses a newer schema with "upgrade".

use std::path::Path;

use hugflow_core::jobs::JobState;

use super::*;

fn golden() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/generated/rerun-answers.jsonl");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; `make bindings` writes it",
            path.display()
        )
    })
}

#[test]
fn every_golden_rerun_answer_reads_through_the_agents_reader() {
    let host = Target::parse("hgx-a").unwrap();
    let text = golden();
    let (records, cancels): (Vec<&str>, Vec<&str>) =
        text.lines().partition(|line| line.contains("\"command\""));
    let states: Vec<JobState> = records
        .iter()
        .map(|line| {
            let rerun: Rerun = parse_versioned(&host, "hugflow rerun status", line, RERUN_SCHEMA)
                .unwrap_or_else(|e| panic!("{line}: {e}"));
            assert!(!rerun.command.is_empty() && !rerun.log.is_empty(), "{line}");
            rerun.state
        })
        .collect();
    for state in [
        JobState::Running,
        JobState::Complete,
        JobState::Failed,
        JobState::Cancelled,
        JobState::Lost,
    ] {
        assert!(
            states.contains(&state),
            "no {state:?} record in the golden file"
        );
    }
    assert!(!cancels.is_empty());
    for line in cancels {
        let answer: RerunCancel =
            parse_versioned(&host, "hugflow rerun cancel", line, RERUN_SCHEMA)
                .unwrap_or_else(|e| panic!("{line}: {e}"));
        assert_eq!(answer.schema, RERUN_SCHEMA);
    }
}

#[test]
fn a_newer_rerun_answer_asks_for_an_upgrade() {
    let host = Target::parse("hgx-a").unwrap();
    let line = golden()
        .lines()
        .next()
        .unwrap()
        .replacen("\"schema\":1", "\"schema\":2", 1);
    let error =
        parse_versioned::<Rerun>(&host, "hugflow rerun status", &line, RERUN_SCHEMA).unwrap_err();
    assert!(
        matches!(error, AgentError::NewerSchema { found: 2, .. }),
        "{error}"
    );
}
