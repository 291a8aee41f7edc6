//! The scan carries each run folder's re-run as `hugflow_runs::rerun` plans it: the command
//! "Re-run this flow" would run (exactly `RerunPlan::command`), or why there is none, and the
//! root-relative log a re-run writes. The desktop shows these as they are, so a scan that
//! planned differently from `hugflow rerun start` would show one command and run another.

mod common;

use std::path::Path;
use std::time::SystemTime;

use common::{copy, ductaflow_fixture, scan_at};
use hugflow_runs::rerun;
use hugflow_runs::{FlowRun, RunArtifact, RunsReport, run_artifact};

const TRAIN: &str = "runs/pipeline/diverged/runs/train_instance";
const PREP: &str = "runs/pipeline/diverged/runs/prep_instance";
const BUILD: &str = "runs/pipeline/diverged";

/// The build or flow at `path` in the report.
fn find<'a>(report: &'a RunsReport, path: &str) -> &'a FlowRun {
    report
        .ductaflow
        .iter()
        .flat_map(|run| std::iter::once(&run.run).chain(&run.flows))
        .find(|run| run.path == path)
        .unwrap_or_else(|| panic!("no run {path} in the report"))
}

#[test]
fn a_flow_with_its_config_and_its_script_above_carries_the_command_a_rerun_runs() {
    let dir = copy(&ductaflow_fixture().join("project"));
    let report = scan_at(dir.path(), SystemTime::now());
    // A flow (its script in flows/) and a build (in builds/): each as `plan` gives it, with the
    // same default interpreter.
    for (path, script) in [(TRAIN, "flows/train.py"), (BUILD, "builds/pipeline.py")] {
        let run = find(&report, path);
        let planned = rerun::plan(&dir.path().join(path), None).unwrap().command();
        assert_eq!(run.rerun_command.as_ref(), Some(&planned), "{path}");
        assert_eq!(planned[1], script, "{path}");
        assert_eq!(run.rerun_blocked, None, "{path}");
    }
    // Every folder of the fixture can be re-run: its project has every script.
    let blocked: Vec<_> = report
        .ductaflow
        .iter()
        .flat_map(|run| std::iter::once(&run.run).chain(&run.flows))
        .filter(|run| run.rerun_command.is_none())
        .map(|run| (&run.path, &run.rerun_blocked))
        .collect();
    assert!(blocked.is_empty(), "{blocked:?}");
}

#[test]
fn a_flow_without_a_saved_config_or_a_script_has_no_command_and_says_why() {
    let dir = copy(&ductaflow_fixture().join("project"));
    std::fs::remove_file(dir.path().join(TRAIN).join("train_config.json")).unwrap();
    std::fs::remove_file(dir.path().join("flows/prep.py")).unwrap();
    let report = scan_at(dir.path(), SystemTime::now());

    let train = find(&report, TRAIN);
    assert_eq!(train.rerun_command, None);
    let why = train.rerun_blocked.as_deref().unwrap();
    assert!(why.contains("no saved config train_config.json"), "{why}");
    // The reason is the planning error's own message, as `hugflow rerun start` would say it.
    let refused = rerun::plan(&dir.path().join(TRAIN), None).unwrap_err();
    assert_eq!(why, refused.to_string());

    let prep = find(&report, PREP);
    assert_eq!(prep.rerun_command, None);
    let why = prep.rerun_blocked.as_deref().unwrap();
    assert!(why.contains("cannot find prep.py"), "{why}");
    // Another build's prep shares the lookup above the runs: it is blocked too, not planned
    // from a stale answer.
    let other_prep = find(&report, "runs/pipeline/baseline/runs/prep_instance");
    assert_eq!(other_prep.rerun_command, None);
    // The build itself is untouched: its config and script are there.
    assert!(find(&report, BUILD).rerun_command.is_some());
}

#[test]
fn the_rerun_log_is_relative_to_the_root_and_is_the_one_a_rerun_writes() {
    let dir = copy(&ductaflow_fixture().join("project"));
    let report = scan_at(dir.path(), SystemTime::now());
    let train = find(&report, TRAIN);
    assert_eq!(
        train.rerun_log,
        format!("{TRAIN}/.hugflow/rerun.log"),
        "relative, as run_file_tail takes it"
    );
    assert_eq!(
        dir.path().join(&train.rerun_log),
        rerun::log_path(&dir.path().join(TRAIN))
    );
    assert_eq!(run_artifact(&train.rerun_log), Some(RunArtifact::RerunLog));

    // The root itself a run folder: its log has no leading folder.
    let flow = dir.path().join(TRAIN);
    let report = scan_at(&flow, SystemTime::now());
    assert_eq!(report.ductaflow[0].path, ".");
    assert_eq!(report.ductaflow[0].rerun_log, ".hugflow/rerun.log");
    assert_eq!(
        report.ductaflow[0].rerun_command.as_ref(),
        Some(&rerun::plan(&flow, None).unwrap().command())
    );
}

#[test]
fn a_root_reached_through_a_link_is_planned_with_the_real_paths() {
    let dir = copy(&ductaflow_fixture().join("project"));
    let links = tempfile::tempdir().unwrap();
    let link = links.path().join("flows-link");
    std::os::unix::fs::symlink(dir.path(), &link).unwrap();
    let report = scan_at(&link, SystemTime::now());
    let command = find(&report, TRAIN).rerun_command.clone().unwrap();
    // `plan` canonicalises the folder; the scan must give the same paths, not the link's.
    assert_eq!(
        command,
        rerun::plan(&link.join(TRAIN), None).unwrap().command()
    );
    let real = dir.path().canonicalize().unwrap();
    assert!(
        Path::new(command.last().unwrap()).starts_with(&real),
        "{command:?}"
    );
}

#[test]
fn each_scan_looks_again_so_a_script_added_since_is_found() {
    let dir = copy(&ductaflow_fixture().join("project"));
    std::fs::remove_file(dir.path().join("flows/train.py")).unwrap();
    let report = scan_at(dir.path(), SystemTime::now());
    assert_eq!(find(&report, TRAIN).rerun_command, None);
    // What one scan found above the runs is not kept for the next one.
    std::fs::write(dir.path().join("flows/train.py"), "print('back')\n").unwrap();
    let report = scan_at(dir.path(), SystemTime::now());
    assert_eq!(
        find(&report, TRAIN).rerun_command.as_ref(),
        Some(
            &rerun::plan(&dir.path().join(TRAIN), None)
                .unwrap()
                .command()
        )
    );
}
