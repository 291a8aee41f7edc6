//! The `hugflow` binary as a user runs it.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn hugflow() -> Command {
    let mut cmd = Command::cargo_bin("hugflow").unwrap();
    // The developer's own settings must not leak into the tests.
    for var in [
        "STORAGE_ROOT",
        "STATE_DIR",
        "HF_TOKEN",
        "GITHUB_TOKEN",
        "GH_TOKEN",
        "HUGFLOW_LOG",
        "RUST_LOG",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn json_stdout(cmd: &mut Command) -> Value {
    let output = cmd.output().unwrap();
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn every_command_has_help() {
    for command in ["init", "validate", "status"] {
        hugflow()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: hugflow"));
    }
}

#[test]
fn init_lays_out_a_checkout_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("gitops");
    hugflow()
        .args(["init", "--workflow", "--root"])
        .arg(&root)
        .assert()
        .success();
    for path in [
        "requests/add/.gitkeep",
        "requests/remove/.gitkeep",
        "datasets",
        ".hugflow-state/active.json",
        ".hugflow-state/archived.json",
        ".hugflow-state/progress",
        ".github/workflows/dataset-sync.yml",
    ] {
        assert!(root.join(path).exists(), "{path} missing");
    }
    let active: Value =
        serde_json::from_str(&fs::read_to_string(root.join(".hugflow-state/active.json")).unwrap())
            .unwrap();
    assert_eq!(active["datasets"], Value::Array(vec![]));
    let workflow = fs::read_to_string(root.join(".github/workflows/dataset-sync.yml")).unwrap();
    assert!(workflow.contains("hugflow sync --ci-mode") && workflow.contains("self-hosted"));
    assert!(workflow.contains("group: dataset-sync-pr-${{ github.event.pull_request.number"));
    let retrain = fs::read_to_string(root.join(".github/workflows/retrain.yml")).unwrap();
    assert!(retrain.contains("schedule:") && retrain.contains("workflow_dispatch:"));
    assert!(
        retrain.contains("run: hugflow retrain")
            && retrain.contains("DATABASE_URL: ${{ secrets.DATABASE_URL }}")
    );
    assert!(
        fs::read_to_string(root.join(".gitignore"))
            .unwrap()
            .contains(".hugflow-state/")
    );

    // A second run keeps what is there.
    fs::write(
        root.join(".github/workflows/dataset-sync.yml"),
        "# customised\n",
    )
    .unwrap();
    hugflow()
        .args(["init", "--workflow", "--root"])
        .arg(&root)
        .assert()
        .success()
        .stdout(predicate::str::contains("kept"));
    assert_eq!(
        fs::read_to_string(root.join(".github/workflows/dataset-sync.yml")).unwrap(),
        "# customised\n"
    );
    let status = json_stdout(hugflow().args(["status", "--json", "--root"]).arg(&root));
    assert_eq!(status["datasets"], Value::Array(vec![]));
}

#[test]
fn init_without_workflow_writes_none() {
    let dir = tempfile::tempdir().unwrap();
    hugflow()
        .args(["init", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(!dir.path().join(".github").exists());
}

#[test]
fn validate_reports_ok_files_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("requests/add/cv.yaml");
    write(
        &file,
        "hf_id: \"mozilla-foundation/common_voice_11_0\"\ndescription: \"Malay ASR training data\"\nsubset: ms\n",
    );
    hugflow().arg("validate").arg(&file).assert().success().stdout(predicate::str::contains(
        "add mozilla-foundation/common_voice_11_0 -> mozilla-foundation__common_voice_11_0__subset_ms__split_train__rev_main",
    ));
    let report = json_stdout(hugflow().args(["validate", "--json"]).arg(&file));
    assert_eq!(report["schema"], 1);
    let entry = &report["files"][0];
    assert_eq!(entry["ok"], true);
    assert_eq!(entry["kind"], "add");
    assert_eq!(entry["hf_id"], "mozilla-foundation/common_voice_11_0");
    assert_eq!(
        entry["storage_name"],
        "mozilla-foundation__common_voice_11_0__subset_ms__split_train__rev_main"
    );
    assert_eq!(entry["errors"], Value::Array(vec![]));
}

#[test]
fn validate_lists_every_error_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("requests/add/bad.yaml");
    write(
        &bad,
        "hf_id: \"a/$(id)\"\ndescripton: typo\nrevision: ../../etc\n",
    );
    let remove = dir.path().join("requests/remove/old.yaml");
    write(
        &remove,
        "hf_id: openslr/librispeech_asr\nreason: superseded\n",
    );
    let shown = format!("{}", bad.display());
    hugflow()
        .arg("validate")
        .arg(dir.path().join("requests"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!("{shown}:1:8: hf_id: ")))
        .stdout(predicate::str::contains(format!(
            "{shown}:2:1: descripton: unknown key `descripton`"
        )))
        .stdout(predicate::str::contains(
            "hint: did you mean `description`?",
        ))
        .stdout(predicate::str::contains(format!(
            "{shown}:3:11: revision: "
        )))
        .stdout(predicate::str::contains(format!(
            "{shown}:1:1: description: `description` is missing"
        )))
        .stdout(
            predicate::str::contains("ok: ")
                .and(predicate::str::contains("remove openslr/librispeech_asr")),
        )
        .stdout(predicate::str::contains("2 file(s) checked, 1 invalid"));

    let report = json_stdout(
        hugflow()
            .args(["validate", "--json"])
            .arg(&bad)
            .arg(&remove),
    );
    let errors = report["files"][0]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 4);
    let fields: Vec<&str> = errors
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["descripton", "hf_id", "description", "revision"]);
    assert_eq!(errors[0]["line"], 2);
    assert_eq!(errors[0]["column"], 1);
    assert_eq!(errors[0]["hint"], "did you mean `description`?");
    assert_eq!(report["files"][0]["ok"], false);
    assert_eq!(report["files"][1]["kind"], "remove");
    assert_eq!(report["files"][1]["ok"], true);
}

#[test]
fn validate_names_a_missing_file() {
    hugflow()
        .args(["validate", "/nonexistent/requests/add/x.yaml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "/nonexistent/requests/add/x.yaml:0:0: file: cannot read the file",
        ));
}

#[test]
fn status_json_on_the_python_state() {
    let checkout = hugflow_testkit::fixtures::copy_python_state();
    let report = json_stdout(
        hugflow()
            .args(["status", "--json", "--root"])
            .arg(checkout.path()),
    );
    assert_eq!(report["schema"], 1);
    let datasets = report["datasets"].as_array().unwrap();
    assert_eq!(datasets.len(), 2);
    let cv = &datasets[0];
    assert_eq!(cv["hf_id"], "mozilla-foundation/common_voice_11_0");
    assert_eq!(cv["revision"], "main");
    assert_eq!(cv["subset"], "ms");
    assert_eq!(cv["split"], "train");
    assert_eq!(cv["size_bytes"], 3_221_225_472u64);
    assert_eq!(cv["file_count"], 12044);
    assert_eq!(cv["added_at"], "2026-11-21T20:40:29.021643");
    assert_eq!(cv["present"], true);
    let expected_path = checkout
        .path()
        .join("datasets")
        .join(cv["storage_name"].as_str().unwrap());
    assert_eq!(cv["path"], expected_path.display().to_string());
    assert!(datasets[1]["subset"].is_null());
    let progress = report["in_progress"].as_array().unwrap();
    assert_eq!(progress.len(), 1);
    assert_eq!(progress[0]["hf_id"], "openslr/librispeech_asr");
    assert_eq!(progress[0]["downloaded_files"], 1500);
    assert_eq!(progress[0]["total_files"], 281241);
}

#[test]
fn status_honours_storage_root_and_state_dir() {
    let checkout = hugflow_testkit::fixtures::copy_python_state();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::rename(
        checkout.path().join(".hugflow-state"),
        elsewhere.path().join("state"),
    )
    .unwrap();
    let report = json_stdout(
        hugflow()
            .args(["status", "--json", "--root"])
            .arg(checkout.path())
            .env("STATE_DIR", elsewhere.path().join("state"))
            .env("STORAGE_ROOT", "/data/ds"),
    );
    assert_eq!(report["datasets"].as_array().unwrap().len(), 2);
    assert_eq!(report["storage_root"], "/data/ds");
    assert_eq!(report["datasets"][0]["present"], false);

    // The same from .env, with the environment left alone.
    fs::write(
        checkout.path().join(".env"),
        format!("STATE_DIR={}\n", elsewhere.path().join("state").display()),
    )
    .unwrap();
    let report = json_stdout(
        hugflow()
            .args(["status", "--json", "--root"])
            .arg(checkout.path()),
    );
    assert_eq!(report["datasets"].as_array().unwrap().len(), 2);
}

#[test]
fn status_without_state_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    hugflow()
        .args(["status", "--root"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no Hugflow state at")
                .and(predicate::str::contains("hugflow init")),
        );
}

#[test]
fn bad_settings_name_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    hugflow()
        .args(["status", "--root"])
        .arg(dir.path())
        .env("MAX_CONCURRENT_DOWNLOADS", "many")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "MAX_CONCURRENT_DOWNLOADS=\"many\"",
        ));
}

#[test]
fn human_status_lists_datasets() {
    let checkout = hugflow_testkit::fixtures::copy_python_state();
    hugflow()
        .args(["status", "--root"])
        .arg(checkout.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("openslr/librispeech_asr"))
        .stdout(predicate::str::contains("57.0 GiB"))
        .stdout(predicate::str::contains("In progress:"));
}
