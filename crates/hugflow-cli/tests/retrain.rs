//! `hugflow retrain` through the binary: a run against the fake Hub and a SQLite counts
//! database, grouped for GitHub Actions, its exit code, and `retrain history`.

use std::path::Path;

use assert_cmd::Command;
use hugflow_testkit::hub::{Corpus, FakeHub};
use serde_json::Value;

const PREPARE: &str = "acme/prepare";
const RETRAIN: &str = "acme/retrain-topic";
const REPO: &str = "acme/topic-dataset";

fn metadata(tag: &str, samples: u64) -> Vec<(String, Vec<u8>)> {
    let json = serde_json::json!({"version_tag": tag, "num_samples": samples});
    vec![(
        "dataset_metadata.json".into(),
        json.to_string().into_bytes(),
    )]
}

/// A checkout whose retrain.toml names one label counted from `reviews.db`.
/// A checkout whose one label waits at most `poll_timeout` seconds for its new version.
fn checkout(dir: &Path, hub: &FakeHub, misclassified: u32, poll_timeout: f64) {
    let db = dir.join("reviews.db");
    let connection = rusqlite::Connection::open(&db).unwrap();
    connection
        .execute_batch("CREATE TABLE reviews (topic TEXT, wrong INTEGER)")
        .unwrap();
    for _ in 0..misclassified {
        connection
            .execute("INSERT INTO reviews VALUES ('billing', 1)", [])
            .unwrap();
    }
    std::fs::write(
        dir.join("retrain.toml"),
        format!(
            r#"prepare_space = "{PREPARE}"
poll_interval = 0.05
poll_timeout = {poll_timeout:?}
[labels.topic]
retrain_space = "{RETRAIN}"
metadata_url = "{}/datasets/{REPO}/resolve/main/dataset_metadata.json"
threshold = 10
count_query = "SELECT COUNT(*) FROM reviews WHERE topic = 'billing' AND wrong = 1"
"#,
            hub.url()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join(".env"),
        format!("DATABASE_URL=sqlite:///{}\n", db.display()),
    )
    .unwrap();
}

/// What `hugflow <args>` printed, having succeeded.
fn stdout_of(dir: &Path, hub: &FakeHub, args: &[&str]) -> String {
    let output = hugflow(dir, hub).args(args).assert().success();
    String::from_utf8(output.get_output().stdout.clone()).unwrap()
}

fn hugflow(dir: &Path, hub: &FakeHub) -> Command {
    let mut command = Command::cargo_bin("hugflow").unwrap();
    command
        .current_dir(dir)
        .env_remove("HUGFLOW_LOG")
        .env("HF_ENDPOINT", hub.url())
        .env("HF_TOKEN", hub.token())
        .env("GITHUB_ACTIONS", "true");
    for name in [
        "DATABASE_URL",
        "DRY_RUN",
        "PREPARE_DATASET_REPO",
        "POLL_INTERVAL",
        "POLL_TIMEOUT",
    ] {
        command.env_remove(name);
    }
    command
}

fn start_hub() -> FakeHub {
    let hub = FakeHub::start(Corpus::new());
    hub.spaces().add(PREPARE, "RUNNING");
    hub.spaces().add(RETRAIN, "PAUSED");
    hub.live().commit(REPO, "v1", metadata("v1", 4));
    hub
}

#[test]
fn a_run_retrains_a_label_at_its_threshold_and_is_in_the_history() {
    let hub = start_hub();
    hub.live()
        .publish_on_restart(PREPARE, REPO, "v2", metadata("v2", 18), 1);
    let dir = tempfile::tempdir().unwrap();
    // Long enough for a busy machine: the version appears on the second read.
    checkout(dir.path(), &hub, 12, 30.0);
    let text = stdout_of(dir.path(), &hub, &["retrain"]);
    assert!(
        text.contains(
            "::group::label topic\nmisclassified=12 sampled_correct=6 dataset_len=18 threshold=10"
        ),
        "{text}"
    );
    assert!(
        text.contains("::endgroup::") && text.contains("restarted acme/retrain-topic"),
        "{text}"
    );
    let calls: Vec<_> = hub.spaces().calls().into_iter().map(|c| c.space).collect();
    assert_eq!(calls, [PREPARE, RETRAIN]);

    let output = stdout_of(dir.path(), &hub, &["retrain", "history", "--json"]);
    let history: Value = serde_json::from_str(&output).unwrap();
    assert_eq!(history["schema"], 1);
    let run = &history["runs"][0];
    assert_eq!(run["outcome"], "completed");
    assert_eq!(run["labels"][0]["version_before"], "v1");
    assert_eq!(run["labels"][0]["version_after"], "v2");
    let table = stdout_of(dir.path(), &hub, &["retrain", "history"]);
    assert!(
        table.contains("completed") && table.contains("topic 18/10 → v2"),
        "{table}"
    );
}

#[test]
fn a_timed_out_run_exits_non_zero_and_json_keeps_stdout_to_the_document() {
    let hub = start_hub();
    let dir = tempfile::tempdir().unwrap();
    checkout(dir.path(), &hub, 12, 0.5);
    let assert = hugflow(dir.path(), &hub)
        .args(["retrain", "--json"])
        .assert()
        .failure();
    let run: Value =
        serde_json::from_slice(&assert.get_output().stdout).expect("only the run on stdout");
    assert_eq!(run["outcome"], "failed");
    assert_eq!(run["labels"][0]["steps"][3]["outcome"], "timed_out");
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("::error::topic: no new version"),
        "{stderr}"
    );
}

#[test]
fn missing_settings_name_the_variable_to_set() {
    let hub = start_hub();
    let dir = tempfile::tempdir().unwrap();
    let assert = hugflow(dir.path(), &hub).arg("retrain").assert().failure();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("PREPARE_DATASET_REPO"), "{stderr}");
    let empty = stdout_of(dir.path(), &hub, &["retrain", "history"]);
    assert!(empty.contains("No retrain runs recorded"));
}
