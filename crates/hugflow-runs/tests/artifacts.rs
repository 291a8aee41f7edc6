//! The artifact rule and the scan agree: every file the scan of the real fixtures points to is
//! a run artifact where it lies, and the fixtures' other files are not.

mod common;

use std::path::Path;

use common::{copy, ductaflow_fixture, huldra_fixture, scan_at};
use hugflow_core::jobs::JobState;
use hugflow_core::runs::{FlowRun, RERUN_SCHEMA, Rerun};
use hugflow_runs::{RunArtifact, run_artifact_at};

/// The files a flow's entry names, relative to the root.
fn named_by(flow: &FlowRun, root: &Path, into: &mut Vec<String>) {
    into.extend(flow.log_path.clone());
    into.extend(flow.config_path.clone());
    into.extend(flow.signals.iter().map(|s| s.file.clone()));
    if let Some(rerun) = &flow.rerun {
        // The log the run names (`rerun_log`, what the desktop tails) is the record's.
        let log = Path::new(&rerun.log).strip_prefix(root).unwrap();
        assert_eq!(Path::new(&flow.rerun_log), log);
        into.push(flow.rerun_log.clone());
    }
}

#[test]
fn every_file_the_scan_reports_is_an_artifact_and_nothing_else_in_the_fixtures_is() {
    let dir = copy(&ductaflow_fixture().join("project"));
    let huldra = huldra_fixture().join("data-huldra");
    hugflow_testkit::fixtures::copy_tree(&huldra, &dir.path().join("data-huldra"));
    // A re-run record in one flow, as `hugflow rerun` leaves it.
    let root = dir.path().canonicalize().unwrap();
    let flow = root.join("runs/pipeline/diverged/runs/train_instance");
    let log = hugflow_runs::rerun::log_path(&flow);
    std::fs::create_dir_all(log.parent().unwrap()).unwrap();
    std::fs::write(&log, "epoch 1\n").unwrap();
    let record = Rerun {
        schema: RERUN_SCHEMA,
        state: JobState::Complete,
        pid: None,
        command: vec!["python".into()],
        cwd: root.display().to_string(),
        started_at: "2026-11-21T20:00:00Z".into(),
        ended_at: Some("2026-11-21T20:01:00Z".into()),
        code: Some(0),
        log: log.display().to_string(),
    };
    hugflow_runs::rerun::write(&flow, &record).unwrap();

    let report = scan_at(&root, common::at("2026-12-01T00:00:00Z"));
    let mut named = Vec::new();
    for run in &report.ductaflow {
        named_by(&run.run, &root, &mut named);
        for flow in &run.flows {
            named_by(flow, &root, &mut named);
        }
    }
    for artifact in &report.huldra {
        named.push(format!("{}/.huldra/state.json", artifact.path));
        named.push(format!("{}/.huldra/metadata.json", artifact.path));
    }
    assert!(named.len() > 20, "the fixtures name many files: {named:?}");
    assert!(
        named.iter().any(|n| n.ends_with(".hugflow/rerun.log")),
        "{named:?}"
    );
    for rel in &named {
        assert!(
            run_artifact_at(&root, rel).is_some(),
            "the scan names {rel}, which the rule refuses"
        );
    }

    // The fixtures' other files: scripts, outputs, huldra's own bookkeeping.
    let others = [
        "flows/train.py",
        "conductor.py",
        "runs/pipeline/baseline/runs/prep_instance/prep_output.json",
        "data-huldra/data/asrpipe/pipelines/FineTune/5ad086e5788f8901b96e/metrics.json",
        "data-huldra/data/asrpipe/pipelines/FineTune/5ad086e5788f8901b96e/.huldra/events.jsonl",
        "data-huldra/data/asrpipe/pipelines/FineTune/5ad086e5788f8901b96e/.huldra/SUCCESS.json",
        "data-huldra/data/asrpipe/pipelines/FineTune/65510c241ad994f12a86/.huldra/.compute.lock",
    ];
    for rel in others {
        assert!(root.join(rel).is_file(), "{rel} is in the fixture");
        assert_eq!(run_artifact_at(&root, rel), None, "{rel}");
    }
    assert_eq!(
        run_artifact_at(
            &root,
            "data-huldra/data/asrpipe/pipelines/FineTune/5ad086e5788f8901b96e/.huldra/huldra.log"
        ),
        Some(RunArtifact::HuldraLog)
    );
}
