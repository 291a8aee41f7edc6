//! `hugflow request add|remove` and `hugflow requests` against the fake Hub and fake GitHub.

use std::process::Command as Std;

use hugflow_testkit::github::{ACTIONS_BOT, FakeGithub, GithubOptions, OUTSIDER};
use hugflow_testkit::hub::{Corpus, FakeHub};
use serde_json::Value;

mod common;
use common::hugflow;

fn json_of(output: &std::process::Output) -> Value {
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn request_add_opens_a_pr_whose_branch_git_clone_fetches() {
    let hub = FakeHub::start(Corpus::generate(20, 5));
    let github = FakeGithub::start(GithubOptions::default());
    let id = hub.corpus().id_at(3).to_string();
    let output = hugflow(&hub, &github, github.token())
        .args(["request", "add", &id, "--description", "ASR eval", "--json"])
        .output()
        .unwrap();
    let report = json_of(&output);
    assert_eq!(report["schema"], 1);
    let branch = report["pull"]["branch"].as_str().unwrap();
    let path = report["plan"]["path"].as_str().unwrap();
    let yaml = report["plan"]["yaml"].as_str().unwrap();
    assert_eq!(report["pull"]["number"], 1);
    let clone = tempfile::tempdir().unwrap();
    let status = Std::new("git")
        .args(["clone", "--quiet", "--branch", branch])
        .arg(github.clone_url(github.repo()))
        .arg(clone.path().join("c"))
        .status()
        .unwrap();
    assert!(status.success());
    let committed = std::fs::read_to_string(clone.path().join("c").join(path)).unwrap();
    assert_eq!(committed, yaml);
    // The body quotes the Hub's size and file count.
    let pull = &github.pulls()[0];
    assert!(pull.body.contains(" files |"), "{}", pull.body);
    assert!(pull.body.contains("by @hf-requester"), "{}", pull.body);

    // Asking again is refused with the link, exit 1.
    let again = hugflow(&hub, &github, github.token())
        .args(["request", "add", &id, "--description", "ASR eval"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("a PR for this dataset is already open: http"),
        "{stderr}"
    );

    // The sync bot reports; `requests` shows it.
    github.comment(ACTIONS_BOT, 1, "just a note");
    let list = json_of(
        &hugflow(&hub, &github, github.token())
            .args(["requests", "--json"])
            .output()
            .unwrap(),
    );
    let requests = list["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0]["mine"], true);
    assert_eq!(requests[0]["state"]["state"], "pr_open");
    let table = hugflow(&hub, &github, github.token())
        .arg("requests")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains(&id) && text.contains("PR open"), "{text}");
}

#[test]
fn removal_from_an_outsider_goes_through_a_fork() {
    let hub = FakeHub::start(Corpus::generate(5, 5));
    let github = FakeGithub::start(GithubOptions::default());
    let report = json_of(
        &hugflow(&hub, &github, github.token_of(OUTSIDER))
            .args([
                "request",
                "remove",
                "old/data",
                "--reason",
                "superseded",
                "--json",
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(report["pull"]["forked"], true);
    assert_eq!(
        report["pull"]["head"],
        "outsider:hugflow/remove-old__data__rev_main"
    );
    assert_eq!(github.pulls()[0].title, "Remove dataset old/data");
}

#[test]
fn invalid_requests_never_reach_github() {
    let hub = FakeHub::start(Corpus::generate(5, 5));
    let github = FakeGithub::start(GithubOptions::default());
    let output = hugflow(&hub, &github, github.token())
        .args(["request", "add", "bad--id", "--description", " "])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("hf_id") && stderr.contains("description"),
        "{stderr}"
    );
    assert!(github.calls().is_empty());
    // A dry run shows what would be committed.
    let dry = hugflow(&hub, &github, github.token())
        .args(["request", "add", "a/b", "--description", "d", "--dry-run"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&dry.stdout);
    assert!(
        stdout.contains("--- requests/add/a__b__rev_main.yaml"),
        "{stdout}"
    );
    assert!(stdout.contains("hf_id: \"a/b\""), "{stdout}");
    assert!(github.calls().is_empty());
}
