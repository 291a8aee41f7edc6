//! ductaflow `runs/` trees: the shared fixture (statuses as ductaflow itself computed them, in
//! `expected.json`), timing, signals, a killed run, CLI-mode logs and how folders nest.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::time::SystemTime;

use common::*;
use hugflow_runs::{DuctaflowRun, FlowStatus, Liveness, SignalKind, SignalSource};
use serde_json::Value;

fn status_word(status: FlowStatus) -> &'static str {
    match status {
        FlowStatus::Success => "success",
        FlowStatus::Warning => "warning",
        FlowStatus::Error => "error",
    }
}

fn run<'a>(runs: &'a [DuctaflowRun], path: &str) -> &'a DuctaflowRun {
    runs.iter().find(|r| r.path == path).unwrap_or_else(|| {
        panic!(
            "no run {path} in {:?}",
            runs.iter().map(|r| &r.path).collect::<Vec<_>>()
        )
    })
}

#[test]
fn every_build_and_flow_has_the_status_ductaflow_gave_it() {
    let fixture = ductaflow_fixture();
    let expected = expected(&fixture);
    let report = scan_at(&fixture.join("project"), SystemTime::now());
    assert_eq!(report.schema, 1);
    assert!(report.huldra.is_empty());

    let seen: BTreeMap<String, (&str, BTreeMap<String, &str>)> = report
        .ductaflow
        .iter()
        .map(|run| {
            let flows = run
                .flows
                .iter()
                .map(|f| (f.name.clone(), status_word(f.status)))
                .collect();
            (
                format!("project/{}", run.path),
                (status_word(run.status), flows),
            )
        })
        .collect();
    let wanted: BTreeMap<String, (&str, BTreeMap<String, &str>)> = expected
        .iter()
        .map(|(key, value)| {
            let flows = value["flows"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(name, status)| (name.clone(), status.as_str().unwrap()))
                .collect();
            (key.clone(), (value["status"].as_str().unwrap(), flows))
        })
        .collect();
    assert_eq!(seen, wanted);
    for run in &report.ductaflow {
        assert!(run.finished, "{}", run.path);
        assert_eq!(run.liveness, Liveness::Finished, "{}", run.path);
        assert_eq!(run.problem, None, "{}", run.path);
        assert_eq!(run.notebook, "pipeline");
    }
}

#[test]
fn the_diverged_train_flow_is_red_because_of_the_runtime_error_line() {
    let report = scan_at(&ductaflow_fixture().join("project"), SystemTime::now());
    let diverged = run(&report.ductaflow, "runs/pipeline/diverged");
    let train = diverged
        .flows
        .iter()
        .find(|f| f.name == "train_instance")
        .expect("train flow");
    let log_signals: Vec<_> = train
        .signals
        .iter()
        .filter(|s| s.source == SignalSource::Log)
        .collect();
    assert_eq!(log_signals.len(), 1, "{log_signals:?}");
    let signal = log_signals[0];
    assert_eq!(signal.kind, SignalKind::Error);
    assert_eq!(signal.text, "RuntimeError: loss diverged (nan) at step 12");
    assert_eq!(
        signal.file,
        "runs/pipeline/diverged/runs/train_instance/train_execution_output.txt"
    );
    // The line number points at that very line of the file.
    let log = fs::read_to_string(ductaflow_fixture().join("project").join(&signal.file)).unwrap();
    assert_eq!(
        log.lines().nth(signal.line as usize - 1),
        Some(signal.text.as_str())
    );
    // The build's signals include its flow's line (its colour comes from below too).
    assert!(diverged.signals.iter().any(|s| s == signal));
    assert_eq!(train.log_path.as_deref(), Some(signal.file.as_str()));
    // The executed notebook's error output is there too, as a notebook signal.
    assert!(
        train
            .signals
            .iter()
            .any(|s| s.source == SignalSource::Notebook
                && s.kind == SignalKind::Error
                && s.text == "RuntimeError: loss diverged (nan) at step 12"
                && s.file.ends_with("train_executed.ipynb"))
    );
}

#[test]
fn low_data_is_green_but_its_notebooks_warned() {
    let report = scan_at(&ductaflow_fixture().join("project"), SystemTime::now());
    let low = run(&report.ductaflow, "runs/pipeline/low_data");
    assert_eq!(low.status, FlowStatus::Success);
    assert!(
        low.signals
            .iter()
            .all(|s| s.source == SignalSource::Notebook)
    );
    let texts: Vec<&str> = low
        .signals
        .iter()
        .filter(|s| s.kind == SignalKind::Warning)
        .map(|s| s.text.as_str())
        .collect();
    for wanted in [
        "⚠️ Warning: only 12 rows after filtering",
        "WARNING: learning rate clipped",
    ] {
        assert!(texts.contains(&wanted), "{wanted:?} missing from {texts:?}");
    }
    let prep = low
        .flows
        .iter()
        .find(|f| f.name == "prep_instance")
        .unwrap();
    let signal = prep
        .signals
        .iter()
        .find(|s| s.text == "⚠️ Warning: only 12 rows after filtering")
        .unwrap();
    assert_eq!(
        signal.file,
        "runs/pipeline/low_data/runs/prep_instance/prep_executed.ipynb"
    );
    // The cell that printed it (1-based), read from the notebook itself.
    let notebook: Value = serde_json::from_str(
        &fs::read_to_string(ductaflow_fixture().join("project").join(&signal.file)).unwrap(),
    )
    .unwrap();
    let cell = &notebook["cells"][signal.line as usize - 1];
    assert!(cell.to_string().contains("only 12 rows after filtering"));
}

#[test]
fn baseline_times_come_from_its_log() {
    let project = ductaflow_fixture().join("project");
    let report = scan_at(&project, SystemTime::now());
    let baseline = run(&report.ductaflow, "runs/pipeline/baseline");
    let log =
        fs::read_to_string(project.join("runs/pipeline/baseline/pipeline_execution_output.txt"))
            .unwrap();
    let stamp = |line: &str| line[..19].replace(' ', "T");
    let first = log.lines().next().unwrap();
    let end = log
        .lines()
        .find(|l| l.ends_with("✅ Execution completed"))
        .unwrap();
    assert_eq!(baseline.started_at.as_deref(), Some(stamp(first).as_str()));
    assert_eq!(baseline.ended_at.as_deref(), Some(stamp(end).as_str()));
    let parse = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap();
    let seconds = (parse(&stamp(end)) - parse(&stamp(first))).num_seconds();
    assert_eq!(baseline.duration_secs, Some(seconds));
    assert_eq!(baseline.duration_secs, Some(9));
    assert_eq!(
        baseline.config_path.as_deref(),
        Some("runs/pipeline/baseline/pipeline_config.json")
    );
    assert_eq!(baseline.config.as_ref().unwrap()["rows"], 1000);
    // Newest first: diverged (20:39:16), low_data (20:39:11), baseline (20:39:02).
    let order: Vec<&str> = report.ductaflow.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(order, ["diverged", "low_data", "baseline"]);
    // Flows in the order they ran.
    let flows: Vec<&str> = baseline.flows.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(flows, ["prep_instance", "train_instance"]);
}

#[test]
fn a_killed_run_is_running_while_its_folder_is_written_then_abandoned() {
    let temp = copy(&ductaflow_fixture().join("project"));
    let folder = temp.path().join("runs/pipeline/baseline");
    let log = folder.join("pipeline_execution_output.txt");
    let text = fs::read_to_string(&log).unwrap();
    let cut: String = text
        .lines()
        .filter(|l| !l.contains("Execution completed"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&log, cut).unwrap();
    let now = SystemTime::now();

    set_mtimes(&folder, now - hours(3));
    let report = scan_at(temp.path(), now);
    let baseline = run(&report.ductaflow, "runs/pipeline/baseline");
    assert!(!baseline.finished);
    assert_eq!(baseline.liveness, Liveness::Abandoned);
    assert_eq!(baseline.ended_at, None);
    assert_eq!(baseline.duration_secs, None);
    assert!(baseline.started_at.is_some());
    // Its flows did end.
    assert!(
        baseline
            .flows
            .iter()
            .all(|f| f.liveness == Liveness::Finished)
    );
    // The other runs are untouched.
    assert!(run(&report.ductaflow, "runs/pipeline/low_data").finished);

    // A flow still writing (a file deep in the folder, minutes ago) keeps the build running.
    let recent = folder.join("runs/train_instance/train_config.json");
    fs::File::options()
        .write(true)
        .open(&recent)
        .unwrap()
        .set_modified(now - std::time::Duration::from_secs(120))
        .unwrap();
    let report = scan_at(temp.path(), now);
    let baseline = run(&report.ductaflow, "runs/pipeline/baseline");
    assert_eq!(baseline.liveness, Liveness::Running);
    assert!(!baseline.finished);

    // A shorter window turns it abandoned again.
    let options = hugflow_runs::ScanOptions {
        now,
        running_within: std::time::Duration::from_secs(60),
        ..Default::default()
    };
    let report = hugflow_runs::scan(temp.path(), &options).unwrap();
    assert_eq!(
        run(&report.ductaflow, "runs/pipeline/baseline").liveness,
        Liveness::Abandoned
    );
}

#[test]
fn current_cli_mode_never_writes_an_end_line_so_silence_means_finished() {
    let temp = tempfile::tempdir().unwrap();
    let folder = temp.path().join("runs/train/cli_instance");
    write(
        &folder.join("train_execution_output.txt"),
        "2026-11-21 09:00:00 - ductaflow - INFO - 📊 Loaded config from config/train.json\n\
         2026-11-21 09:00:00 - ductaflow - INFO - 📁 Project context: /data/hgx/flows\n\
         2026-11-21 09:00:00 - ductaflow - INFO - 🚀 Running as CLI script in: /data/hgx/flows\n",
    );
    write(&folder.join("train_config.json"), r#"{"lr": 0.1}"#);
    let now = SystemTime::now();

    set_mtimes(&folder, now - hours(5));
    let report = scan_at(temp.path(), now);
    let cli = run(&report.ductaflow, "runs/train/cli_instance");
    assert!(cli.finished);
    assert_eq!(cli.liveness, Liveness::Finished);
    assert_eq!(cli.started_at.as_deref(), Some("2026-11-21T09:00:00"));
    assert_eq!(cli.ended_at, None);
    assert_eq!(cli.notebook, "train");
    assert!(cli.flows.is_empty());

    set_mtimes(&folder, now);
    let report = scan_at(temp.path(), now);
    let cli = run(&report.ductaflow, "runs/train/cli_instance");
    assert!(!cli.finished);
    assert_eq!(cli.liveness, Liveness::Running);
}

#[test]
fn older_tee_and_cli_logs_give_their_times() {
    let temp = tempfile::tempdir().unwrap();
    write(
        &temp.path().join("runs/prep/old/prep_execution_output.txt"),
        "🚀 Execution started: 2025-10-20T14:00:01.250000\n📁 Working directory: /x\n\
         Warning: 3 files skipped\n✅ Execution completed: 2025-10-20T14:02:03.999999\n",
    );
    write(
        &temp
            .path()
            .join("runs/export/cli/export_cli_execution_output.txt"),
        "🚀 CLI Execution started: 2025-09-01T08:00:00\nexported\n\
         ✅ CLI Execution completed: 2025-09-01T08:00:30.5\n",
    );
    let report = scan_at(temp.path(), SystemTime::now());
    let old = run(&report.ductaflow, "runs/prep/old");
    assert_eq!(old.started_at.as_deref(), Some("2025-10-20T14:00:01"));
    assert_eq!(old.ended_at.as_deref(), Some("2025-10-20T14:02:03"));
    assert_eq!(old.duration_secs, Some(122));
    assert_eq!(old.status, FlowStatus::Warning);
    assert_eq!(old.signals[0].line, 3);
    let cli = run(&report.ductaflow, "runs/export/cli");
    assert_eq!(cli.notebook, "export");
    assert_eq!(cli.duration_secs, Some(30));
    assert!(cli.finished);
    assert_eq!(
        cli.log_path.as_deref(),
        Some("runs/export/cli/export_cli_execution_output.txt")
    );
}

fn logger_log(name: &str, start: &str, end: &str) -> String {
    format!(
        "2026-11-21 {start} - flow:{name} - INFO - 🚀 Execution started\n\
         2026-11-21 {end} - flow:{name} - INFO - ✅ Execution completed\n"
    )
}

#[test]
fn flows_of_flows_belong_to_the_build_and_other_nested_runs_stand_alone() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let build = "runs/conductor/scenario_a";
    write(
        &root.join(format!("{build}/conductor_execution_output.txt")),
        logger_log("conductor", "10:00:00", "10:10:00"),
    );
    write(
        &root.join(format!("{build}/runs/sub_build/sub_execution_output.txt")),
        logger_log("sub", "10:01:00", "10:09:00"),
    );
    write(
        &root.join(format!(
            "{build}/runs/sub_build/runs/leaf/leaf_execution_output.txt"
        )),
        "2026-11-21 10:02:00 - flow:leaf - INFO - 🚀 Execution started\nwarning: odd\n\
         2026-11-21 10:03:00 - flow:leaf - INFO - ✅ Execution completed\n",
    );
    // Not under `runs/<instance>`: a run of its own, though its log still colours the build.
    write(
        &root.join(format!("{build}/scratch/probe/probe_execution_output.txt")),
        logger_log("probe", "11:00:00", "11:00:05"),
    );
    // A stand-alone flow instance.
    write(
        &root.join("runs/train/solo/train_execution_output.txt"),
        logger_log("train", "09:00:00", "09:30:00"),
    );
    // A sibling whose name begins with solo's is not below it.
    write(
        &root.join("runs/train/solo-2/train_execution_output.txt"),
        logger_log("train", "08:00:00", "08:30:00"),
    );

    let report = scan_at(root, SystemTime::now());
    let paths: Vec<&str> = report.ductaflow.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "runs/conductor/scenario_a/scratch/probe",
            "runs/conductor/scenario_a",
            "runs/train/solo",
            "runs/train/solo-2",
        ]
    );
    let scenario = run(&report.ductaflow, build);
    let flows: Vec<(&str, FlowStatus)> = scenario
        .flows
        .iter()
        .map(|f| (f.name.as_str(), f.status))
        .collect();
    assert_eq!(
        flows,
        [
            ("sub_build", FlowStatus::Warning),
            ("leaf", FlowStatus::Warning)
        ]
    );
    assert_eq!(scenario.status, FlowStatus::Warning);
    assert_eq!(scenario.duration_secs, Some(600));
}

#[test]
fn nothing_inside_a_huldra_artifact_is_read_as_a_run() {
    let temp = tempfile::tempdir().unwrap();
    let artifact = temp.path().join("data-huldra/data/m/Cls/abc123");
    write(
        &artifact.join(".huldra/state.json"),
        r#"{"status": "success", "updated_at": "2026-11-21T10:00:00+00:00"}"#,
    );
    write(
        &artifact.join("outputs/x_execution_output.txt"),
        "error: not a run\n",
    );
    write(
        &temp.path().join("runs/a/b/a_execution_output.txt"),
        "fine\n",
    );
    let report = scan_at(temp.path(), SystemTime::now());
    assert_eq!(report.huldra.len(), 1);
    let paths: Vec<&str> = report.ductaflow.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["runs/a/b"]);
}

#[test]
fn a_run_folder_given_as_the_root_is_the_run_dot() {
    let temp = tempfile::tempdir().unwrap();
    let folder = temp.path().join("my_instance");
    write(
        &folder.join("train_execution_output.txt"),
        logger_log("train", "10:00:00", "10:00:42"),
    );
    let report = scan_at(&folder.join("."), SystemTime::now());
    assert_eq!(report.ductaflow.len(), 1);
    let run = &report.ductaflow[0];
    assert_eq!(run.path, ".");
    assert_eq!(run.name, "my_instance");
    assert_eq!(run.log_path.as_deref(), Some("train_execution_output.txt"));
    assert_eq!(run.duration_secs, Some(42));
}

#[test]
fn a_flood_of_warnings_keeps_the_error_that_made_it_red() {
    let temp = tempfile::tempdir().unwrap();
    let mut log = String::new();
    for step in 0..5_000 {
        log.push_str(&format!("WARNING: step {step} slow\n"));
    }
    log.push_str("Error: CUDA out of memory\n");
    write(
        &temp.path().join("runs/train/a/train_execution_output.txt"),
        log,
    );
    let report = scan_at(temp.path(), SystemTime::now());
    let run = &report.ductaflow[0];
    assert_eq!(run.status, FlowStatus::Error);
    let warnings = run
        .signals
        .iter()
        .filter(|s| s.kind == SignalKind::Warning)
        .count();
    assert_eq!(warnings, hugflow_runs::signals::MAX_PER_KIND);
    let error = run
        .signals
        .iter()
        .find(|s| s.kind == SignalKind::Error)
        .unwrap();
    assert_eq!(
        (error.line, error.text.as_str()),
        (5_001, "Error: CUDA out of memory")
    );
}
