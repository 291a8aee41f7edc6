//! `hugflow rerun`: a flow of the ductaflow fixture re-run in its own folder by a real Python,
//! detached; its status, log and cancelling; and what `hugflow runs` shows of it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use hugflow_testkit::fixtures::{DUCTAFLOW_TRAIN_FLOW, ductaflow_project_to_rerun};
use serde_json::Value;

const FLOW: &str = DUCTAFLOW_TRAIN_FLOW;

fn project(extra: Value) -> (tempfile::TempDir, PathBuf) {
    ductaflow_project_to_rerun(extra)
}

fn hugflow(args: &[&str]) -> Command {
    let mut command = Command::cargo_bin("hugflow").unwrap();
    command
        .args(args)
        .env_remove("HUGFLOW_LOG")
        .env("HUGFLOW_PYTHON", "python3");
    command
}

fn json(args: &[&str]) -> Value {
    let output = hugflow(args).assert().success().get_output().stdout.clone();
    serde_json::from_slice(&output).expect("one JSON document")
}

fn status(flow: &Path) -> Value {
    json(&["rerun", "status", flow.to_str().unwrap(), "--json"])
}

fn wait_ended(flow: &Path) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let record = status(flow);
        if record["state"] != "running" {
            return record;
        }
        assert!(Instant::now() < deadline, "still running: {record}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn stdout_of(args: &[&str]) -> String {
    String::from_utf8(hugflow(args).assert().success().get_output().stdout.clone()).unwrap()
}

#[test]
fn a_flow_reruns_with_its_saved_config_into_its_own_folder() {
    let (dir, flow) = project(serde_json::json!({}));
    let started = json(&["rerun", "start", flow.to_str().unwrap(), "--json"]);
    assert_eq!(started["state"], "running");
    assert!(started["pid"].as_u64().is_some(), "{started}");
    let project = dir.path().canonicalize().unwrap();
    let folder = project.join(FLOW);
    let command: Vec<&str> = started["command"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        command,
        [
            "python3",
            "flows/train.py",
            "--config",
            folder.join("train_config.json").to_str().unwrap(),
            "--output-dir",
            folder.to_str().unwrap(),
        ]
    );

    let ended = wait_ended(&flow);
    assert_eq!(ended["state"], "complete", "{ended}");
    assert_eq!(ended["code"], 0);
    assert!(ended["ended_at"].is_string());
    let log = stdout_of(&["rerun", "log", flow.to_str().unwrap()]);
    assert!(
        log.contains(&format!(
            "rows=500 cwd={} out={}",
            project.display(),
            folder.display()
        )),
        "{log}"
    );
    assert!(log.contains("the re-run ended: complete"), "{log}");

    // The scan shows the re-run on its flow, and its own record folder is no run.
    let report = json(&["runs", "--json", "--root", dir.path().to_str().unwrap()]);
    let flows: Vec<&Value> = report["ductaflow"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|build| build["flows"].as_array().unwrap())
        .collect();
    let train = flows.iter().find(|f| f["path"] == FLOW).unwrap();
    assert_eq!(train["rerun"]["state"], "complete");
    assert_eq!(
        flows.iter().filter(|f| f.get("rerun").is_some()).count(),
        1,
        "only the re-run flow has a record"
    );
    assert!(
        !flows
            .iter()
            .any(|f| f["path"].as_str().unwrap().contains(".hugflow"))
    );
}

#[test]
fn a_failing_flow_is_failed_with_its_exit_code() {
    let (_dir, flow) = project(serde_json::json!({ "exit": 3 }));
    hugflow(&["rerun", "start", flow.to_str().unwrap()])
        .assert()
        .success();
    let ended = wait_ended(&flow);
    assert_eq!(ended["state"], "failed", "{ended}");
    assert_eq!(ended["code"], 3);
}

#[test]
fn a_running_rerun_is_not_started_twice_and_cancel_stops_it() {
    let (_dir, flow) = project(serde_json::json!({ "sleep": 60 }));
    let folder = flow.to_str().unwrap();
    hugflow(&["rerun", "start", folder]).assert().success();
    let again = hugflow(&["rerun", "start", folder]).assert().code(2);
    let stderr = String::from_utf8_lossy(&again.get_output().stderr).into_owned();
    assert!(stderr.contains("is being re-run already"), "{stderr}");
    assert!(stderr.contains("hugflow rerun cancel"), "{stderr}");

    // The flow has printed, so it runs; then cancel ends it (and `log --follow` with it).
    let deadline = Instant::now() + Duration::from_secs(20);
    while !stdout_of(&["rerun", "log", folder]).contains("rows=500") {
        assert!(Instant::now() < deadline, "the flow never printed");
        std::thread::sleep(Duration::from_millis(100));
    }
    let cancelled = json(&["rerun", "cancel", folder, "--json"]);
    // The shape older desktops read: nothing but the schema and the state.
    assert_eq!(
        cancelled,
        serde_json::json!({ "schema": 1, "state": "cancelled" })
    );
    let record = status(&flow);
    assert_eq!(record["state"], "cancelled");
    let followed = stdout_of(&["rerun", "log", folder, "--follow"]);
    assert!(
        followed.contains("the re-run ended: cancelled"),
        "{followed}"
    );
    // Nothing is left running: a new re-run may start.
    hugflow(&["rerun", "start", folder]).assert().success();
    json(&["rerun", "cancel", folder, "--json"]);
}

#[test]
fn what_cannot_be_rerun_says_why() {
    let (dir, flow) = project(serde_json::json!({}));
    std::fs::remove_file(dir.path().join("flows/train.py")).unwrap();
    let output = hugflow(&["rerun", "start", flow.to_str().unwrap()])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&output.get_output().stderr).into_owned();
    assert!(stderr.contains("cannot find train.py"), "{stderr}");
    let output = hugflow(&["rerun", "status", flow.to_str().unwrap()])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&output.get_output().stderr).into_owned();
    assert!(stderr.contains("was never re-run"), "{stderr}");
}
