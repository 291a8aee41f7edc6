//! The dataset viewer on an origin of its own (as datasets-server.huggingface.co is), through
//! the CLI: `hugflow info` of a gated dataset shows its splits only when the token reaches the
//! viewer (`HF_VIEWER_ENDPOINT`), and says why not otherwise; the sync of a gated dataset with
//! the subset and split the viewer listed, end to end, with its columns checked; the token
//! reaches the Hub and the viewer and never the CDN.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use hugflow_testkit::hub::{
    Corpus, FakeDataset, FakeHub, Gated, HubOptions, Listener, Viewer, ViewerSplit, ViewerState,
};
use serde_json::{Value, json};

const GATED: &str = "acme/gated-voice";
const GRANTED: &str = "hf_granted_voice";

fn hub() -> FakeHub {
    let viewer = Viewer::speech(
        "ms",
        vec![
            ViewerSplit::new("train", 200, 1_000),
            ViewerSplit::new("test", 20, 1_000),
        ],
    );
    let mut corpus = Corpus::new();
    corpus.insert(
        FakeDataset::builder(GATED)
            .file("README.md", "# Gated voice\n")
            .noise_file("raw/archive.tar", 4_000)
            .gated(Gated::Manual)
            .access(GRANTED)
            .viewer(viewer)
            .parquet_conversion()
            .build(),
    );
    FakeHub::start_with(
        corpus,
        HubOptions {
            tokens: vec![GRANTED.into()],
            ..HubOptions::default()
        },
    )
}

/// `hugflow` in `dir` pointed at the fake Hub and its viewer; no keyring (no session bus).
fn hugflow(hub: &FakeHub, dir: &Path, token: Option<&str>) -> Command {
    let mut cmd = Command::cargo_bin("hugflow").unwrap();
    cmd.current_dir(dir)
        .env("HF_ENDPOINT", hub.url())
        .env("HF_VIEWER_ENDPOINT", hub.viewer_url())
        .env_remove("HF_TOKEN")
        .env_remove("HUGFLOW_LOG")
        .env_remove("STORAGE_ROOT")
        .env_remove("STATE_DIR")
        .env_remove("STORAGE_QUOTA_GB")
        .env_remove("PROCESSED_ROOT")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/hugflow-test-bus",
        );
    if let Some(token) = token {
        cmd.env("HF_TOKEN", token);
    }
    cmd
}

fn ok(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or(Value::Null)
}

#[test]
fn info_of_a_gated_dataset_shows_its_splits_only_when_the_token_reaches_the_viewer() {
    let hub = hub();
    let dir = tempfile::tempdir().unwrap();
    // Anonymous: the Hub itself refuses a gated dataset's files, so `info` stops there; the
    // viewer's own refusal is asked directly below through a token the viewer does not get.
    let with_token = ok(&hugflow(&hub, dir.path(), Some(GRANTED))
        .args(["info", "--json", GATED])
        .output()
        .unwrap());
    let splits: Vec<(&str, &str)> = with_token["splits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["config"].as_str().unwrap(), s["split"].as_str().unwrap()))
        .collect();
    assert_eq!(splits, [("ms", "train"), ("ms", "test")]);
    assert!(with_token["splits_note"].is_null());

    // The same Hub with the viewer on a wrong origin: the note says what failed, not "none".
    let text = hugflow(&hub, dir.path(), Some(GRANTED))
        .env("HF_VIEWER_ENDPOINT", hub.url())
        .args(["info", GATED])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("splits      not shown: the dataset viewer at 127.0.0.1:"),
        "{stdout}"
    );
    assert!(!stdout.contains("split       ms"), "{stdout}");
}

#[test]
fn info_says_the_viewer_is_not_ready_and_to_try_again_instead_of_the_hub_being_down() {
    const ID: &str = "acme/fresh-voice";
    let viewer = Viewer::speech("ms", vec![ViewerSplit::new("train", 50, 1_000)])
        .in_state(ViewerState::NotReady);
    let mut corpus = Corpus::new();
    corpus.insert(
        FakeDataset::builder(ID)
            .file("README.md", "# Fresh voice\n")
            .viewer(viewer)
            .build(),
    );
    let hub = FakeHub::start_with(corpus, HubOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let text = hugflow(&hub, dir.path(), None)
        .args(["info", ID])
        .output()
        .unwrap();
    assert!(
        text.status.success(),
        "the viewer's answer does not fail `info`"
    );
    let stdout = String::from_utf8_lossy(&text.stdout);
    let line = stdout
        .lines()
        .find(|l| l.contains("splits      not shown: "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        line.contains("not ready; try again in a few minutes") && line.contains(ID),
        "{line}"
    );
    assert!(!line.contains("may be down"), "{line}");

    let json = ok(&hugflow(&hub, dir.path(), None)
        .args(["info", "--json", ID])
        .output()
        .unwrap());
    assert_eq!(json["splits_note_kind"], "viewer_not_ready", "{json}");
    assert!(json["splits"].is_null(), "{json}");
    // Asked once per run: the viewer's own answer is not retried.
    assert_eq!(hub.viewer_requests().len(), 2);
}

#[test]
fn a_gated_dataset_syncs_with_the_subset_and_split_the_viewer_lists_and_its_columns_checked() {
    let hub = hub();
    let work = tempfile::tempdir().unwrap();
    let info = ok(&hugflow(&hub, work.path(), Some(GRANTED))
        .args(["info", "--json", GATED])
        .output()
        .unwrap());
    let chosen = &info["splits"][0];
    let (subset, split) = (
        chosen["config"].as_str().unwrap(),
        chosen["split"].as_str().unwrap(),
    );
    std::fs::create_dir_all(work.path().join("requests/add")).unwrap();
    std::fs::write(
        work.path().join("requests/add/voice.yaml"),
        format!(
            "hf_id: {GATED}\ndescription: Malay voice\nsubset: {subset}\nsplit: {split}\ntext_column: sentence\n"
        ),
    )
    .unwrap();
    hub.clear_requests();
    let output = hugflow(&hub, work.path(), Some(GRANTED))
        .args(["local-sync", "requests/add/voice.yaml"])
        .output()
        .unwrap();
    ok(&output);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("columns not checked"), "{stdout}");

    let manifests: Vec<Value> = std::fs::read_dir(work.path().join("datasets"))
        .unwrap()
        .map(|e| e.unwrap().path().join(".hugflow/manifest.json"))
        .filter(|p| p.exists())
        .map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap())
        .collect();
    assert_eq!(manifests.len(), 1);
    let manifest = &manifests[0];
    assert_eq!(
        (manifest["subset"].as_str(), manifest["split"].as_str()),
        (Some(subset), Some(split))
    );
    assert_eq!(
        manifest["column_warnings"],
        json!([]),
        "columns checked and found"
    );
    assert!(!manifest["files"].as_array().unwrap().is_empty());

    // The token went to the Hub and the viewer, never to the CDN (the third origin).
    let viewer = hub.viewer_requests();
    assert!(
        viewer.iter().any(|r| r.path.starts_with("/info?")),
        "{viewer:?}"
    );
    assert!(viewer.iter().all(|r| r.authorization), "{viewer:?}");
    let log = hub.requests();
    assert!(
        log.iter()
            .any(|r| r.listener == Listener::Hub && r.authorization)
    );
    let cdn: Vec<_> = log.iter().filter(|r| r.listener == Listener::Cdn).collect();
    assert!(
        !cdn.is_empty(),
        "the parquet files came from the CDN: {log:?}"
    );
    assert!(cdn.iter().all(|r| !r.authorization), "{cdn:?}");

    // With a viewer the token does not reach, the sync still runs and says why the columns
    // went unchecked, in its output and its manifest.
    std::fs::remove_dir_all(work.path().join("datasets")).unwrap();
    std::fs::remove_dir_all(work.path().join(".hugflow-state")).ok();
    let output = hugflow(&hub, work.path(), Some(GRANTED))
        .env("HF_VIEWER_ENDPOINT", hub.url())
        .args(["local-sync", "requests/add/voice.yaml"])
        .output()
        .unwrap();
    ok(&output);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(all.contains("columns not checked: "), "{all}");
}
