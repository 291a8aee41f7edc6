//! Broken files make a problem on their own run, never a failed scan; only a root that cannot
//! be read is an error, and it names the folder.

mod common;

use std::fs;
use std::time::SystemTime;

use common::*;
use hugflow_runs::{FlowStatus, ScanError, ScanOptions, scan};

#[test]
fn broken_files_are_problems_of_their_own_runs() {
    let temp = copy(&ductaflow_fixture().join("project"));
    let runs = temp.path().join("runs/pipeline");
    // A config cut short.
    fs::write(
        runs.join("baseline/pipeline_config.json"),
        "{\"instance\": \"base",
    )
    .unwrap();
    // A log with a byte that is not UTF-8 (latin-1 "é"), in a flow.
    let prep_log = runs.join("low_data/runs/prep_instance/prep_execution_output.txt");
    let mut bytes = fs::read(&prep_log).unwrap();
    bytes.extend_from_slice(b"r\xe9sum\xe9 written\n");
    fs::write(&prep_log, bytes).unwrap();
    // A notebook truncated half-way (the kernel was killed while saving).
    let notebook = runs.join("diverged/runs/train_instance/train_executed.ipynb");
    let text = fs::read(&notebook).unwrap();
    fs::write(&notebook, &text[..text.len() / 2]).unwrap();

    let report = scan_at(temp.path(), SystemTime::now());
    assert_eq!(report.ductaflow.len(), 3, "every run is still reported");
    let get = |name: &str| report.ductaflow.iter().find(|r| r.name == name).unwrap();

    let baseline = get("baseline");
    assert_eq!(baseline.config, None);
    assert_eq!(
        baseline.config_path.as_deref(),
        Some("runs/pipeline/baseline/pipeline_config.json")
    );
    let problem = baseline.problem.as_deref().unwrap();
    assert!(
        problem.contains("runs/pipeline/baseline/pipeline_config.json"),
        "{problem}"
    );
    assert!(problem.contains("not valid JSON"), "{problem}");
    assert_eq!(
        baseline.status,
        FlowStatus::Success,
        "a config does not colour a run"
    );
    assert!(baseline.finished);
    assert!(baseline.flows.iter().all(|f| f.problem.is_none()));

    // ductaflow counts a log it cannot decode as an error: the flow and its build turn red.
    let low = get("low_data");
    let prep = low
        .flows
        .iter()
        .find(|f| f.name == "prep_instance")
        .unwrap();
    assert_eq!(prep.status, FlowStatus::Error);
    let problem = prep.problem.as_deref().unwrap();
    assert!(problem.contains("prep_execution_output.txt"), "{problem}");
    assert!(problem.contains("UTF-8"), "{problem}");
    assert_eq!(low.status, FlowStatus::Error);
    assert!(
        low.problem
            .as_deref()
            .unwrap()
            .contains("prep_execution_output.txt")
    );
    // Its timing was still read.
    assert!(prep.finished);
    assert!(prep.started_at.is_some());
    let train = low
        .flows
        .iter()
        .find(|f| f.name == "train_instance")
        .unwrap();
    assert_eq!(train.status, FlowStatus::Success);
    assert_eq!(train.problem, None);

    let diverged = get("diverged");
    let train = diverged
        .flows
        .iter()
        .find(|f| f.name == "train_instance")
        .unwrap();
    let problem = train.problem.as_deref().unwrap();
    assert!(problem.contains("train_executed.ipynb"), "{problem}");
    // The log still decides its colour, and its line is still there.
    assert_eq!(train.status, FlowStatus::Error);
    assert!(
        train
            .signals
            .iter()
            .any(|s| s.text.contains("loss diverged"))
    );
}

#[test]
fn a_broken_state_json_is_a_problem_of_that_artifact_only() {
    let temp = copy(&huldra_fixture());
    let base = temp
        .path()
        .join("data-huldra/data/asrpipe/pipelines/FineTune");
    fs::write(
        base.join("61c2563e1287bb9cf824/.huldra/state.json"),
        "{\"schema_version\": 1, \"res",
    )
    .unwrap();
    fs::remove_file(base.join("5ad086e5788f8901b96e/.huldra/metadata.json")).unwrap();

    let report = scan_at(temp.path(), SystemTime::now());
    assert_eq!(report.huldra.len(), 5);
    let broken = report
        .huldra
        .iter()
        .find(|a| a.hash == "61c2563e1287bb9cf824")
        .unwrap();
    assert_eq!(broken.status, "unknown");
    assert_eq!(broken.result, None);
    let problem = broken.problem.as_deref().unwrap();
    assert!(
        problem.contains("61c2563e1287bb9cf824/.huldra/state.json"),
        "{problem}"
    );
    // Its metadata was still read.
    assert_eq!(broken.class, "asrpipe.pipelines.FineTune");

    let no_meta = report
        .huldra
        .iter()
        .find(|a| a.hash == "5ad086e5788f8901b96e")
        .unwrap();
    assert_eq!(no_meta.class, "FineTune");
    assert_eq!(no_meta.status, "success");
    assert!(
        no_meta
            .problem
            .as_deref()
            .unwrap()
            .contains("metadata.json")
    );

    let fine: Vec<_> = report
        .huldra
        .iter()
        .filter(|a| a.problem.is_none())
        .collect();
    assert_eq!(fine.len(), 3);
}

#[test]
fn a_missing_root_is_an_error_naming_it() {
    let temp = tempfile::tempdir().unwrap();
    let missing = temp.path().join("no-such-runs");
    let error = scan(&missing, &ScanOptions::default()).unwrap_err();
    assert!(matches!(error, ScanError::NotFound { .. }), "{error:?}");
    assert_eq!(error.code(), "not_found");
    let message = error.to_string();
    assert!(
        message.contains(&missing.display().to_string()),
        "{message}"
    );
    assert!(
        message.contains("runs/"),
        "says what to pass instead: {message}"
    );
}

#[test]
fn a_file_as_root_is_an_error_naming_it() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("notes.txt");
    fs::write(&file, "x").unwrap();
    let error = scan(&file, &ScanOptions::default()).unwrap_err();
    assert!(matches!(error, ScanError::NotAFolder { .. }), "{error:?}");
    assert!(error.to_string().contains(&file.display().to_string()));
}

#[cfg(unix)]
#[test]
fn an_unreadable_root_is_an_error_and_an_unreadable_subfolder_a_problem() {
    use std::os::unix::fs::PermissionsExt;
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("runs-root");
    write(&root.join("runs/a/x/x_execution_output.txt"), "ok\n");
    write(&root.join("runs/a/x/locked/y.txt"), "secret\n");
    let locked = root.join("runs/a/x/locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let root_can_read_anything = fs::read_dir(&locked).is_ok();
    if !root_can_read_anything {
        let report = scan_at(&root, SystemTime::now());
        let run = &report.ductaflow[0];
        let problem = run.problem.as_deref().unwrap();
        assert!(problem.contains("runs/a/x/locked"), "{problem}");
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();

    fs::set_permissions(&root, fs::Permissions::from_mode(0o000)).unwrap();
    let result = scan(&root, &ScanOptions::default());
    fs::set_permissions(&root, fs::Permissions::from_mode(0o755)).unwrap();
    if root_can_read_anything {
        // Running as root: permissions do not stop us, so there is nothing to see.
        assert!(result.is_ok());
        return;
    }
    let error = result.unwrap_err();
    assert!(matches!(error, ScanError::Unreadable { .. }), "{error:?}");
    assert!(error.to_string().contains(&root.display().to_string()));
}
