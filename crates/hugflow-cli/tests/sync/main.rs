//! `hugflow sync --ci-mode` and `hugflow local-sync` against the fake Hub, the fake GitHub
//! (a real bare repository behind it) and a fake Slack: the whole request loop, the failure
//! path, the Python tool's state kept intact; and hostile pull requests (`hostile`).

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use hugflow_core::sync_report::{CommentKind, SyncComment, SyncResults};
use hugflow_testkit::github::{ACTIONS_BOT, FakeGithub, GithubOptions};
use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub, Gated};
use hugflow_testkit::slack::FakeSlack;
use serde_json::Value;
use sha2::{Digest, Sha256};

#[path = "../common/mod.rs"]
mod common;
mod hostile;
use common::hugflow;

const SPEECH: &str = "acme/speech-ms";
const GATED: &str = "acme/gated-speech";

fn corpus() -> Corpus {
    let mut speech = FakeDataset::builder(SPEECH)
        .gitattributes()
        .file("README.md", "# Malay speech\n");
    for i in 0..4 {
        speech = speech.noise_file(&format!("data/train-{i:05}-of-00004.parquet"), 1_500_000);
    }
    for i in 0..30 {
        speech = speech.noise_file(&format!("audio/train/{i:06}.flac"), 20_000);
    }
    let gated = FakeDataset::builder(GATED)
        .file("README.md", "# Gated\n")
        .noise_file("data/train-00000-of-00001.parquet", 300_000)
        .gated(Gated::Manual);
    let mut corpus = Corpus::new();
    corpus.insert(speech.build());
    corpus.insert(gated.build());
    corpus
}

fn ok(output: &Output) {
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The fakes a sync talks to, and a scratch folder for its storage and state.
fn services() -> (FakeHub, FakeGithub, FakeSlack, tempfile::TempDir) {
    (
        FakeHub::start(corpus()),
        FakeGithub::start(GithubOptions::default()),
        FakeSlack::start(),
        tempfile::tempdir().unwrap(),
    )
}

/// Opens a request PR the way a user does, and returns its branch.
fn request(hub: &FakeHub, github: &FakeGithub, args: &[&str]) -> String {
    let output = hugflow(hub, github, github.token())
        .args(["request"])
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    ok(&output);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    report["pull"]["branch"].as_str().unwrap().to_string()
}

/// The workflow's step: `hugflow sync --ci-mode` on PR `pr`, as the Actions bot, in a
/// checkout under `work`; data, state and `results.json` in `work`, outside the checkout.
fn sync(hub: &FakeHub, github: &FakeGithub, slack: &FakeSlack, work: &Path, pr: u64) -> Command {
    let mut cmd = hugflow(hub, github, github.token_of(ACTIONS_BOT));
    let checkout = work.join("checkout");
    std::fs::create_dir_all(&checkout).unwrap();
    cmd.current_dir(checkout)
        .args(["sync", "--ci-mode", "--json", "--results"])
        .arg(work.join("results.json"))
        .env("GITHUB_REPOSITORY", github.repo())
        .env("PR_NUMBER", pr.to_string())
        .env("STORAGE_ROOT", work.join("datasets"))
        .env("STATE_DIR", work.join("state"))
        .env("SLACK_WEBHOOK_URL", slack.url())
        .env_remove("AUTO_MERGE")
        .env_remove("AUTO_CLEANUP_REQUESTS")
        .env_remove("STORAGE_QUOTA_GB");
    cmd
}

/// The sync comments on PR `pr`, written by the bot, in order.
fn sync_comments(github: &FakeGithub, pr: u64) -> Vec<SyncComment> {
    github
        .comments(pr)
        .into_iter()
        .filter(|c| c.user == ACTIONS_BOT)
        .filter_map(|c| SyncComment::parse(&c.body))
        .collect()
}

fn json_file(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Every file of `id`'s main branch is under `dir` with the Hub's sha256.
fn assert_verified_tree(hub: &FakeHub, id: &str, dir: &Path) {
    let dataset = hub.corpus().dataset(id).unwrap();
    for file in &dataset.main().files {
        let bytes =
            std::fs::read(dir.join(&file.path)).unwrap_or_else(|e| panic!("{}: {e}", file.path));
        assert_eq!(
            format!("{:x}", Sha256::digest(&bytes)),
            file.facts().sha256,
            "{}",
            file.path
        );
    }
}

/// Regular files under `dir`, outside Hugflow's own `.hugflow/`.
fn data_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.file_name().is_some_and(|n| n == ".hugflow") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

#[test]
fn a_request_pr_is_synced_commented_merged_and_its_branch_deleted() {
    let (hub, github, slack, work) = services();
    let branch = request(
        &hub,
        &github,
        &["add", SPEECH, "--description", "Malay ASR"],
    );
    // A slow link, so the download reports progress along the way.
    hub.faults().set_bandwidth(Some(1 << 20));

    let output = sync(&hub, &github, &slack, work.path(), 1)
        .output()
        .unwrap();
    ok(&output);
    let storage = "acme__speech-ms__rev_main";
    let dir = work.path().join("datasets").join(storage);
    assert_verified_tree(&hub, SPEECH, &dir);

    let comments = sync_comments(&github, 1);
    let kinds: Vec<CommentKind> = comments.iter().map(SyncComment::kind).collect();
    assert_eq!(kinds.first(), Some(&CommentKind::Started), "{kinds:?}");
    assert_eq!(kinds.last(), Some(&CommentKind::Complete), "{kinds:?}");
    let percents: Vec<u8> = comments
        .iter()
        .filter_map(|c| match c {
            SyncComment::Progress { percent, .. } => Some(*percent),
            _ => None,
        })
        .collect();
    assert!(percents.len() >= 2, "progress along the way: {percents:?}");
    assert_eq!(percents.last(), Some(&100), "always at 100 %: {percents:?}");
    assert!(
        percents
            .windows(2)
            .all(|w| w[1] / 20 > w[0] / 20 || w[1] == 100),
        "one comment per 20 % step: {percents:?}"
    );
    match comments.first() {
        Some(SyncComment::Started {
            files: Some(36),
            bytes: Some(bytes),
            ..
        }) => assert!(*bytes > 6_000_000),
        other => panic!("{other:?}"),
    }

    let pull = &github.pulls()[0];
    assert!(pull.merged_at.is_some(), "merged");
    assert_eq!(
        github.branch_sha(github.repo(), &branch),
        None,
        "branch deleted"
    );

    let active = json_file(&work.path().join("state/active.json"));
    let entry = &active["datasets"][0];
    assert_eq!(entry["storage_name"], storage);
    assert_eq!(entry["file_count"], 36);
    let manifest = json_file(&dir.join(".hugflow/manifest.json"));
    assert_eq!(manifest["files"].as_array().unwrap().len(), 36);
    assert_eq!(
        manifest["commit"],
        hub.corpus().dataset(SPEECH).unwrap().main().sha
    );
    assert!(
        !work
            .path()
            .join("state/progress")
            .join(format!("{storage}.json"))
            .exists(),
        "progress cleaned up"
    );

    let results = SyncResults::read(&work.path().join("results.json")).unwrap();
    assert!(results.succeeded());
    assert_eq!(
        results.results[0].request,
        format!("requests/add/{storage}.yaml")
    );
    let slack_texts: Vec<String> = slack
        .messages()
        .iter()
        .map(|m| m["text"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        slack_texts
            .iter()
            .any(|t| t.contains("Download Complete") && t.contains(SPEECH)),
        "{slack_texts:?}"
    );
    assert!(
        !slack_texts.iter().any(|t| t.contains(slack.url().as_str())),
        "the webhook never leaks"
    );

    // The removal PR, with AUTO_CLEANUP_REQUESTS: the data goes, the request file never lands.
    hub.faults().set_bandwidth(None);
    request(&hub, &github, &["remove", SPEECH, "--reason", "superseded"]);
    let output = sync(&hub, &github, &slack, work.path(), 2)
        .env("AUTO_CLEANUP_REQUESTS", "true")
        .output()
        .unwrap();
    ok(&output);
    assert!(!dir.exists(), "data deleted");
    let archived = json_file(&work.path().join("state/archived.json"));
    let last = archived["operations"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["action"], "remove");
    assert_eq!(last["reason"], "superseded");
    assert!(
        json_file(&work.path().join("state/active.json"))["datasets"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(github.pulls()[1].merged_at.is_some());
    let remove_file = format!("requests/remove/{storage}.yaml");
    assert_eq!(
        github.file(github.repo(), "main", &remove_file),
        None,
        "cleaned up before the merge"
    );
}

#[test]
fn a_gated_dataset_fails_with_a_comment_and_the_pr_stays_open() {
    let (hub, github, slack, work) = services();
    let branch = request(
        &hub,
        &github,
        &["add", GATED, "--description", "Gated speech"],
    );
    let output = sync(&hub, &github, &slack, work.path(), 1)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let comments = sync_comments(&github, 1);
    let Some(SyncComment::Failed { error, .. }) = comments.last() else {
        panic!("{comments:?}");
    };
    assert_eq!(error.kind, "gated");
    assert!(
        error.suggestion.contains("Request access"),
        "{}",
        error.suggestion
    );
    let pull = &github.pulls()[0];
    assert!(pull.open && pull.merged_at.is_none(), "the PR stays open");
    assert!(github.branch_sha(github.repo(), &branch).is_some());

    let storage_root = work.path().join("datasets");
    assert!(
        data_files(&storage_root).is_empty(),
        "nothing half-written: {:?}",
        data_files(&storage_root)
    );
    let active = json_file(&work.path().join("state/active.json"));
    assert!(active["datasets"].as_array().unwrap().is_empty());
    let results = SyncResults::read(&work.path().join("results.json")).unwrap();
    assert!(!results.succeeded());
}

#[test]
fn a_sync_adds_to_the_python_tools_state_and_keeps_every_entry_and_key() {
    let work = hugflow_testkit::fixtures::copy_python_state();
    let before_active = json_file(&work.path().join(".hugflow-state/active.json"));
    let before_archived = json_file(&work.path().join(".hugflow-state/archived.json"));
    let hub = FakeHub::start(corpus());
    std::fs::create_dir_all(work.path().join("requests/add")).unwrap();
    std::fs::write(
        work.path().join("requests/add/speech.yaml"),
        format!("hf_id: {SPEECH}\ndescription: Malay ASR\n"),
    )
    .unwrap();
    let local_sync = || {
        let mut cmd = Command::cargo_bin("hugflow").unwrap();
        cmd.current_dir(work.path())
            .args(["local-sync", "requests/add/speech.yaml"])
            .env("HF_ENDPOINT", hub.url())
            .env("HF_VIEWER_ENDPOINT", hub.viewer_url())
            .env("HF_TOKEN", hub.token())
            .env("PROCESSED_ROOT", "processed")
            .env_remove("STORAGE_ROOT")
            .env_remove("STATE_DIR")
            .env_remove("STORAGE_QUOTA_GB");
        cmd
    };
    // The fixture's datasets take 64.42 GB: a 64.43 GB quota leaves less than the 6.7 MB asked.
    let refused = local_sync()
        .env("STORAGE_QUOTA_GB", "64.43")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("STORAGE_QUOTA_GB=64.43"), "{stderr}");
    assert_eq!(
        json_file(&work.path().join(".hugflow-state/active.json")),
        before_active
    );

    let output = local_sync().output().unwrap();
    ok(&output);
    let dir = work.path().join("datasets/acme__speech-ms__rev_main");
    assert_verified_tree(&hub, SPEECH, &dir);
    let link = work.path().join("processed/acme__speech-ms__rev_main");
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        dir,
        "PROCESSED_ROOT links it"
    );
    let again = local_sync().output().unwrap();
    ok(&again);
    assert!(String::from_utf8_lossy(&again.stdout).contains("already on this host"));

    let active = json_file(&work.path().join(".hugflow-state/active.json"));
    let datasets = active["datasets"].as_array().unwrap();
    let old = before_active["datasets"].as_array().unwrap();
    assert_eq!(
        &datasets[..old.len()],
        &old[..],
        "every old entry, key for key"
    );
    assert_eq!(datasets.len(), old.len() + 1);
    assert_eq!(datasets[old.len()]["hf_id"], SPEECH);
    let archived = json_file(&work.path().join(".hugflow-state/archived.json"));
    let operations = archived["operations"].as_array().unwrap();
    let old = before_archived["operations"].as_array().unwrap();
    assert_eq!(&operations[..old.len()], &old[..]);
    assert_eq!(operations[old.len()]["action"], "add");
    // The Python tool's progress file of another dataset is left alone.
    assert!(
        work.path()
            .join(".hugflow-state/.hugflow-state/progress/openslr__librispeech_asr__rev_main.json")
            .exists()
    );
}

/// The lines `local-sync --json` writes are the engine's typed events, each readable by
/// `parse_line` (what the desktop's follower uses): planned, progress, then complete; a
/// second run is one `skipped`; a removal one `removed`.
#[test]
fn local_sync_json_lines_are_typed_events() {
    use hugflow_core::events::{SyncEvent, parse_line};

    let hub = FakeHub::start(corpus());
    let work = tempfile::tempdir().unwrap();
    for (kind, yaml) in [
        ("add", format!("hf_id: {SPEECH}\ndescription: Malay ASR\n")),
        ("remove", format!("hf_id: {SPEECH}\nreason: done\n")),
    ] {
        std::fs::create_dir_all(work.path().join("requests").join(kind)).unwrap();
        std::fs::write(
            work.path().join(format!("requests/{kind}/speech.yaml")),
            yaml,
        )
        .unwrap();
    }
    let local_sync = |kind: &str| {
        let output = Command::cargo_bin("hugflow")
            .unwrap()
            .current_dir(work.path())
            .args(["local-sync", "--json"])
            .arg(format!("requests/{kind}/speech.yaml"))
            .env("HF_ENDPOINT", hub.url())
            .env("HF_VIEWER_ENDPOINT", hub.viewer_url())
            .env("HF_TOKEN", hub.token())
            .env_remove("STORAGE_ROOT")
            .env_remove("STATE_DIR")
            .env_remove("PROCESSED_ROOT")
            .env_remove("STORAGE_QUOTA_GB")
            .output()
            .unwrap();
        ok(&output);
        let stdout = String::from_utf8(output.stdout).unwrap();
        let events: Vec<SyncEvent> = stdout
            .lines()
            .map(|line| parse_line(line).unwrap_or_else(|e| panic!("{line}: {e}")))
            .collect();
        let mut kinds: Vec<&str> = events.iter().map(SyncEvent::kind).collect();
        kinds.dedup();
        (events, kinds)
    };

    let (events, kinds) = local_sync("add");
    assert_eq!(kinds.first(), Some(&"planned"), "{events:?}");
    assert!(kinds.contains(&"progress"), "{events:?}");
    assert_eq!(kinds.last(), Some(&"complete"), "{events:?}");
    match events.last().unwrap() {
        SyncEvent::Complete {
            file_count, path, ..
        } => {
            // The README, 4 shards and 30 clips, at least.
            assert!(*file_count >= 35, "{file_count}");
            assert_verified_tree(&hub, SPEECH, Path::new(path));
        }
        other => panic!("{other:?}"),
    }
    let (events, kinds) = local_sync("add");
    assert_eq!(kinds, ["skipped"], "{events:?}");
    let (events, kinds) = local_sync("remove");
    assert_eq!(kinds, ["removed"], "{events:?}");
    assert!(
        matches!(&events[0], SyncEvent::Removed { removed, .. } if removed.len() == 1),
        "{events:?}"
    );
}
