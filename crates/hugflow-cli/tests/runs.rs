//! `hugflow runs`: the shared ductaflow and huldra fixtures through the binary, as JSON and as
//! text, and a root that does not exist.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use hugflow_testkit::fixtures::fixtures_dir;
use serde_json::Value;

fn runs(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("hugflow")
        .unwrap()
        .arg("runs")
        .args(args)
        .env_remove("HUGFLOW_LOG")
        .assert()
}

fn json_of(root: &Path) -> Value {
    let output = runs(&["--json", "--root", root.to_str().unwrap()])
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&output).expect("one JSON document")
}

fn expected(fixture: &str) -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(fixtures_dir().join(fixture).join("expected.json")).unwrap();
    let Value::Object(map) = serde_json::from_str(&text).unwrap() else {
        panic!("expected.json is an object")
    };
    map.into_iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .collect()
}

#[test]
fn json_over_the_ductaflow_fixture_matches_what_ductaflow_said() {
    let root = fixtures_dir().join("ductaflow/project");
    let report = json_of(&root);
    assert_eq!(report["schema"], 1);
    assert_eq!(report["root"], root.display().to_string());
    // The document is exactly a RunsReport.
    let typed: hugflow_runs::RunsReport = serde_json::from_value(report.clone()).unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap(), report);

    let seen: BTreeMap<String, Value> = report["ductaflow"]
        .as_array()
        .unwrap()
        .iter()
        .map(|run| {
            let flows: serde_json::Map<String, Value> = run["flows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| (f["name"].as_str().unwrap().to_string(), f["status"].clone()))
                .collect();
            (
                format!("project/{}", run["path"].as_str().unwrap()),
                serde_json::json!({"status": run["status"], "flows": flows}),
            )
        })
        .collect();
    let wanted: BTreeMap<String, Value> = expected("ductaflow").into_iter().collect();
    assert_eq!(seen, wanted);
}

#[test]
fn json_over_the_huldra_fixture_shows_the_killed_run_as_stale() {
    let report = json_of(&fixtures_dir().join("huldra"));
    let artifacts = report["huldra"].as_array().unwrap();
    let expected = expected("huldra");
    assert_eq!(artifacts.len(), expected.len());
    for (key, want) in expected {
        let artifact = artifacts
            .iter()
            .find(|a| a["path"].as_str().unwrap().ends_with(&key))
            .unwrap_or_else(|| panic!("no {key}"));
        assert_eq!(artifact["result"], want["result"], "{key}");
        assert_eq!(artifact["attempt"], want["attempt"], "{key}");
        let stale = want["display"]
            .as_str()
            .is_some_and(|d| d.starts_with("stale"));
        assert_eq!(artifact["stale"], stale, "{key}");
        if stale {
            assert_eq!(artifact["status"], "stale");
        }
    }
}

#[test]
fn text_shows_lights_flows_and_the_deciding_line() {
    let root = fixtures_dir().join("ductaflow/project");
    let output = runs(&["--root", root.to_str().unwrap()])
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    let line = |needle: &str| {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?} in\n{text}"))
    };
    assert!(
        line("runs/pipeline/diverged").starts_with("✗ error"),
        "{text}"
    );
    assert!(
        line("runs/pipeline/baseline").starts_with("✓ success"),
        "{text}"
    );
    assert!(text.contains("  ✗ error      train_instance"), "{text}");
    assert!(
        line("RuntimeError: loss diverged").contains("diverged:"),
        "{text}"
    );
    assert!(line("low_data:").contains("notebooks printed"), "{text}");
}

#[test]
fn a_missing_root_exits_2_naming_it() {
    let temp = tempfile::tempdir().unwrap();
    let missing = temp.path().join("nowhere");
    let output = runs(&["--json", "--root", missing.to_str().unwrap()])
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains(&missing.display().to_string()), "{stderr}");
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(output.stdout.is_empty());
}
