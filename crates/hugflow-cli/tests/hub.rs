//! `hugflow search` and `hugflow info` against the test Hub.

use assert_cmd::Command;
use hugflow_testkit::hub::{Corpus, FakeHub};
use predicates::prelude::*;
use serde_json::Value;

fn hugflow(hub: &FakeHub) -> Command {
    let mut cmd = Command::cargo_bin("hugflow").unwrap();
    cmd.env("HF_ENDPOINT", hub.url())
        .env("HF_TOKEN", hub.token())
        .env_remove("HUGFLOW_LOG");
    cmd
}

#[test]
fn search_json_returns_the_hubs_matches() {
    let hub = FakeHub::start(Corpus::generate(400, 13));
    let id = hub.corpus().id_at(5).to_string();
    let output = hugflow(&hub)
        .args(["search", "--json", "--limit", "5", &id])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["schema"], 1);
    let ids: Vec<&str> = report["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&id.as_str()), "{ids:?}");
    hugflow(&hub)
        .args(["search", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains(id.as_str()));
    hugflow(&hub)
        .args(["search", "zzzz-no-such-thing"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No dataset"));
}

#[test]
fn info_lists_files_and_refs() {
    let hub = FakeHub::start(Corpus::generate(50, 13));
    let id = hub.corpus().id_at(2).to_string();
    let dataset = hub.corpus().dataset(&id).unwrap();
    let output = hugflow(&hub)
        .args(["info", "--json", &id])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["dataset"]["id"], id.as_str());
    assert_eq!(
        report["files"].as_array().unwrap().len(),
        dataset.main().files.len()
    );
    assert!(
        report["refs"]["branches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["name"] == "main")
    );
    hugflow(&hub)
        .args(["info", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("files"));
    hugflow(&hub)
        .args(["info", "org/no-such-dataset"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("was not found"));
}
