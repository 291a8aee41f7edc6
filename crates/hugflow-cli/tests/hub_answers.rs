//! What the CLI says when the Hub answers as huggingface.co does: an anonymous request for a
//! missing or private dataset (401 without a code), a token it refuses, and a dataset it
//! disabled (`hugflow info`, `hugflow search`, `hugflow request add` and the sync's comment).

use std::path::Path;
use std::process::Output;

use hugflow_core::sync_report::SyncComment;
use hugflow_testkit::github::{ACTIONS_BOT, FakeGithub, GithubOptions};
use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub};
use serde_json::Value;

mod common;
use common::hugflow;

const SPEECH: &str = "acme/speech-ms";
const PRIVATE: &str = "acme/private-notes";
const TAKEN_DOWN: &str = "acme/taken-down";

fn dataset(id: &str) -> hugflow_testkit::hub::DatasetBuilder {
    FakeDataset::builder(id)
        .file("README.md", "# speech\n")
        .noise_file("data/train-00000-of-00001.parquet", 4_000)
}

/// A Hub holding `SPEECH`, `PRIVATE`, and `TAKEN_DOWN`, which is disabled when `disabled`.
fn hub(disabled: bool) -> FakeHub {
    let mut corpus = Corpus::new();
    corpus.insert(dataset(SPEECH).build());
    corpus.insert(dataset(PRIVATE).private(true).build());
    let taken_down = dataset(TAKEN_DOWN);
    corpus.insert(
        if disabled {
            taken_down.disabled()
        } else {
            taken_down
        }
        .build(),
    );
    FakeHub::start(corpus)
}

/// `hugflow` against `hub` with this Hugging Face token (none when `None`), in an empty
/// folder (no `.env`) and without a keyring.
fn hugflow_with(
    hub: &FakeHub,
    github: &FakeGithub,
    token: Option<&str>,
    dir: &Path,
) -> assert_cmd::Command {
    let mut cmd = hugflow(hub, github, github.token());
    cmd.current_dir(dir);
    match token {
        Some(token) => cmd.env("HF_TOKEN", token),
        None => cmd.env_remove("HF_TOKEN"),
    };
    cmd
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn info_without_a_token_says_not_found_or_private_and_with_a_bad_token_says_it_was_refused() {
    let hub = hub(true);
    let github = FakeGithub::start(GithubOptions::default());
    let dir = tempfile::tempdir().unwrap();
    // Without a token, a typo and a private dataset get the same answer from the Hub.
    for id in ["some-org/typo", PRIVATE] {
        let output = hugflow_with(&hub, &github, None, dir.path())
            .args(["info", id])
            .output()
            .unwrap();
        let (_, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("not found, or private"), "{stderr}");
        assert!(
            stderr.contains(id) && stderr.contains("HF_TOKEN"),
            "{stderr}"
        );
        assert!(!stderr.contains("refused the token"), "{stderr}");
        let output = hugflow_with(&hub, &github, None, dir.path())
            .args(["info", "--json", id])
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["schema"], 1);
        assert_eq!(report["error"]["kind"], "not_found_or_private");
        assert!(
            report["error"]["message"]
                .as_str()
                .unwrap()
                .contains("not found, or private")
        );
    }
    // With the token the private dataset is there.
    hugflow_with(&hub, &github, Some(hub.token()), dir.path())
        .args(["info", PRIVATE])
        .assert()
        .success();
    // A token the Hub refuses is named, not a missing dataset.
    let output = hugflow_with(&hub, &github, Some("hf_revoked_token"), dir.path())
        .args(["info", "some-org/typo"])
        .output()
        .unwrap();
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("refused the token"), "{stderr}");
    assert!(!stderr.contains("not found, or private"), "{stderr}");
}

#[test]
fn info_and_search_say_a_dataset_is_disabled() {
    let hub = hub(true);
    let github = FakeGithub::start(GithubOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let output = hugflow_with(&hub, &github, Some(hub.token()), dir.path())
            .args(args)
            .output()
            .unwrap();
        let (stdout, stderr) = text(&output);
        assert!(output.status.success(), "{args:?}: {stderr}");
        stdout
    };
    let shown = run(&["info", TAKEN_DOWN]);
    assert!(shown.contains("disabled    yes"), "{shown}");
    assert!(shown.contains("pick another dataset"), "{shown}");
    let report: Value = serde_json::from_str(&run(&["info", "--json", TAKEN_DOWN])).unwrap();
    assert_eq!(report["disabled"], true);
    assert_eq!(report["dataset"]["disabled"], true);
    assert_eq!(report["files"], serde_json::json!([]));
    // An enabled dataset says neither.
    let shown = run(&["info", SPEECH]);
    assert!(!shown.contains("disabled"), "{shown}");
    let report: Value = serde_json::from_str(&run(&["info", "--json", SPEECH])).unwrap();
    assert_eq!(report["disabled"], false);

    let listed = run(&["search", "acme"]);
    let line = |id: &str| {
        listed
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_else(|| panic!("{id} in {listed}"))
            .to_string()
    };
    assert!(
        line(TAKEN_DOWN).trim_end().ends_with("disabled"),
        "{listed}"
    );
    assert!(!line(SPEECH).contains("disabled"), "{listed}");
    let report: Value = serde_json::from_str(&run(&["search", "--json", "acme"])).unwrap();
    let disabled: Vec<(&str, bool)> = report["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["disabled"].as_bool().unwrap()))
        .collect();
    assert!(disabled.contains(&(TAKEN_DOWN, true)), "{disabled:?}");
    assert!(disabled.contains(&(SPEECH, false)), "{disabled:?}");
}

#[test]
fn request_add_of_a_disabled_dataset_is_refused_and_no_pr_is_opened() {
    let hub = hub(true);
    let github = FakeGithub::start(GithubOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let output = hugflow_with(&hub, &github, Some(hub.token()), dir.path())
        .args(["request", "add", TAKEN_DOWN, "--description", "Malay ASR"])
        .output()
        .unwrap();
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(TAKEN_DOWN) && stderr.contains("disabled") && stderr.contains("no PR"),
        "{stderr}"
    );
    assert!(github.pulls().is_empty(), "{:?}", github.pulls());
    // The same command opens a PR for a dataset that is not disabled.
    hugflow_with(&hub, &github, Some(hub.token()), dir.path())
        .args(["request", "add", SPEECH, "--description", "Malay ASR"])
        .assert()
        .success();
    assert_eq!(github.pulls().len(), 1);
}

#[test]
fn the_sync_comments_disabled_when_the_hub_disabled_a_requested_dataset() {
    // Requested while it was served; disabled on the Hub before the sync ran.
    let before = hub(false);
    let after = hub(true);
    let github = FakeGithub::start(GithubOptions::default());
    let work = tempfile::tempdir().unwrap();
    hugflow_with(&before, &github, Some(before.token()), work.path())
        .args(["request", "add", TAKEN_DOWN, "--description", "Malay ASR"])
        .assert()
        .success();
    let checkout = work.path().join("checkout");
    std::fs::create_dir_all(&checkout).unwrap();
    let output = hugflow(&after, &github, github.token_of(ACTIONS_BOT))
        .current_dir(&checkout)
        .args(["sync", "--ci-mode", "--json", "--results"])
        .arg(work.path().join("results.json"))
        .env("GITHUB_REPOSITORY", github.repo())
        .env("PR_NUMBER", "1")
        .env("STORAGE_ROOT", work.path().join("datasets"))
        .env("STATE_DIR", work.path().join("state"))
        .env_remove("SLACK_WEBHOOK_URL")
        .env_remove("AUTO_MERGE")
        .env_remove("AUTO_CLEANUP_REQUESTS")
        .env_remove("STORAGE_QUOTA_GB")
        .output()
        .unwrap();
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let comments: Vec<SyncComment> = github
        .comments(1)
        .into_iter()
        .filter(|c| c.user == ACTIONS_BOT)
        .filter_map(|c| SyncComment::parse(&c.body))
        .collect();
    let Some(SyncComment::Failed { error, .. }) = comments.last() else {
        panic!("{comments:?}");
    };
    assert_eq!(error.kind, "disabled");
    assert!(error.message.contains(TAKEN_DOWN), "{}", error.message);
    assert!(
        error.suggestion.contains("request another dataset"),
        "{}",
        error.suggestion
    );
    assert!(github.pulls()[0].merged_at.is_none(), "not merged");
}
