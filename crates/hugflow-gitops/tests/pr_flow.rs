//! The request flow end to end against the fake GitHub: the bare repository ends up holding
//! exactly the YAML the core wrote, on the branch the PR points at; outsiders go through a
//! fork; duplicates are refused with a link; the Requests list follows the sync comments.

use std::process::Command;

use chrono::Utc;
use hugflow_core::request::{AddRequest, RequestKind};
use hugflow_core::sync_report::{DatasetRef, PullState, RequestState, SyncComment};
use hugflow_gitops::{
    AddDraft, CheckState, DatasetFacts, Draft, Duplicate, Gitops, GitopsError, OpenedRequest,
    RemoveDraft,
};
use hugflow_testkit::github::{
    ACTIONS_BOT, CheckRunSpec, FakeGithub, GithubOptions, OUTSIDER, REQUESTER,
};

mod common;
use common::gitops;

fn draft(hf_id: &str) -> Draft {
    Draft::Add(AddDraft {
        hf_id: hf_id.into(),
        description: "Malay ASR training data".into(),
        subset: Some("ms".into()),
        ..AddDraft::default()
    })
}

/// Opens `draft` as the desktop does.
async fn open(flow: &Gitops, draft: &Draft) -> Result<OpenedRequest, GitopsError> {
    flow.open(draft, &facts(), &[], "Hugflow Desktop").await
}

fn facts() -> DatasetFacts {
    DatasetFacts {
        size_bytes: Some(1_500_000_000),
        files: Some(42),
        hub_url: Some("https://huggingface.co/datasets/mozilla/cv".into()),
        disabled: false,
    }
}

/// `git clone --branch` of the bare repository, and the file's bytes in the clone.
fn cloned_file(url: &str, branch: &str, path: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("git")
        .args(["clone", "--quiet", "--branch", branch, url])
        .arg(dir.path().join("clone"))
        .status()
        .unwrap();
    assert!(status.success(), "git clone {url} --branch {branch}");
    std::fs::read(dir.path().join("clone").join(path)).unwrap()
}

#[tokio::test]
async fn a_member_opens_a_pr_whose_branch_git_clone_fetches() {
    let github = FakeGithub::start(GithubOptions::default());
    let flow = gitops(&github, REQUESTER);
    let draft = draft("mozilla/cv");
    let plan = draft.plan();
    let opened = open(&flow, &draft).await.unwrap();
    assert!(!opened.forked);
    assert_eq!(opened.branch, plan.branch);
    assert_eq!(opened.login, REQUESTER);
    let pulls = github.pulls();
    assert_eq!(pulls.len(), 1);
    let pull = &pulls[0];
    assert_eq!(pull.title, "Add dataset mozilla/cv");
    assert_eq!(
        (pull.head_ref.as_str(), pull.base_ref.as_str()),
        (plan.branch.as_str(), "main")
    );
    for expected in [
        "Malay ASR training data",
        "1.4 GiB in 42 files",
        "https://huggingface.co/datasets/mozilla/cv",
        "Requested from Hugflow Desktop by @hf-requester.",
    ] {
        assert!(
            pull.body.contains(expected),
            "{expected:?} not in\n{}",
            pull.body
        );
    }
    let bytes = cloned_file(&github.clone_url(github.repo()), &plan.branch, &plan.path);
    assert_eq!(String::from_utf8(bytes).unwrap(), plan.yaml);
    // The base branch is untouched until the PR merges.
    assert!(github.file(github.repo(), "main", &plan.path).is_none());
}

#[tokio::test]
async fn without_push_access_the_pr_comes_from_a_fork() {
    let github = FakeGithub::start(GithubOptions::default());
    let flow = gitops(&github, OUTSIDER);
    let draft = draft("mozilla/cv");
    let plan = draft.plan();
    let opened = open(&flow, &draft).await.unwrap();
    assert!(opened.forked);
    assert_eq!(opened.head, format!("{OUTSIDER}:{}", plan.branch));
    let fork = format!("{OUTSIDER}/{}", github.repo().split('/').nth(1).unwrap());
    let pull = &github.pulls()[0];
    assert_eq!(pull.head_repo, fork);
    // The upstream repository has no such branch; the fork has the commit.
    assert!(github.branch_sha(github.repo(), &plan.branch).is_none());
    let bytes = cloned_file(&github.clone_url(&fork), &plan.branch, &plan.path);
    assert_eq!(bytes, plan.yaml.as_bytes());
}

#[tokio::test]
async fn duplicates_are_refused_with_a_link() {
    let github = FakeGithub::start(GithubOptions::default());
    let flow = gitops(&github, REQUESTER);
    let draft = draft("mozilla/cv");
    let opened = open(&flow, &draft).await.unwrap();
    let error = open(&flow, &draft).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("a PR for this dataset is already open: {}", opened.url)
    );
    let plan = draft.plan();
    github.merge(REQUESTER, opened.number);
    let merged = flow.duplicate(&plan, &[]).await.unwrap();
    assert!(
        matches!(merged, Some(Duplicate::Merged { .. })),
        "{merged:?}"
    );
    let held = [("hgx-a".to_string(), Some("/data/x".to_string()))];
    let on_host = flow.duplicate(&plan, &held).await.unwrap().unwrap();
    assert_eq!(
        on_host.to_string(),
        "hgx-a already holds this download at /data/x"
    );
    // Invalid drafts never reach GitHub.
    github.clear_calls();
    let bad = Draft::Add(AddDraft {
        hf_id: "a/b".into(),
        ..AddDraft::default()
    });
    let error = flow.open(&bad, &facts(), &[], "x").await.unwrap_err();
    assert!(matches!(error, GitopsError::Invalid(_)), "{error:?}");
    assert!(error.to_string().contains("description"), "{error}");
    assert!(github.calls().is_empty());
}

#[tokio::test]
async fn a_retry_picks_up_a_half_made_branch() {
    let github = FakeGithub::start(GithubOptions::default());
    let flow = gitops(&github, REQUESTER);
    let draft = draft("mozilla/cv");
    let plan = draft.plan();
    // An earlier attempt created the branch and died before the commit.
    let client = flow.client();
    let main = client
        .branch_head(flow.repo(), "main")
        .await
        .unwrap()
        .unwrap();
    client
        .create_branch(flow.repo(), &plan.branch, &main.object.sha)
        .await
        .unwrap();
    let opened = open(&flow, &draft).await.unwrap();
    assert_eq!(opened.number, 1);
    assert_eq!(
        github
            .file(github.repo(), &plan.branch, &plan.path)
            .as_deref(),
        Some(plan.yaml.as_str())
    );
}

#[tokio::test]
async fn the_requests_list_follows_comments_checks_and_merge() {
    let github = FakeGithub::start(GithubOptions::default());
    let mine = gitops(&github, REQUESTER);
    let theirs = gitops(&github, OUTSIDER);
    let other = draft("other/data");
    theirs
        .open(&other, &facts(), &[], "the hugflow CLI")
        .await
        .unwrap();
    let draft = draft("mozilla/cv");
    let opened = open(&mine, &draft).await.unwrap();
    let removal = Draft::Remove(RemoveDraft {
        hf_id: "old/data".into(),
        reason: "superseded".into(),
        storage_name: None,
    });
    theirs
        .open(&removal, &DatasetFacts::default(), &[], "x")
        .await
        .unwrap();
    let state_of = |items: &[hugflow_gitops::RequestItem]| {
        items
            .iter()
            .find(|i| i.number == opened.number)
            .unwrap()
            .state
            .clone()
    };
    let items = mine.requests(Some(REQUESTER), Utc::now()).await.unwrap();
    assert_eq!(items.len(), 3);
    assert!(
        items[0].mine && items[0].number == opened.number,
        "mine first: {items:#?}"
    );
    assert_eq!(items[0].hf_id.as_deref(), Some("mozilla/cv"));
    assert_eq!(items[0].kind, Some(RequestKind::Add));
    assert_eq!(items[0].state, RequestState::PrOpen);
    assert!(items.iter().any(|i| i.kind == Some(RequestKind::Remove)));

    let Draft::Add(add) = &draft else {
        unreachable!()
    };
    let request = AddRequest {
        subset: Some("ms".into()),
        ..AddRequest::with_defaults(&add.hf_id, &add.description)
    };
    let dataset = DatasetRef::from(&request);
    let post =
        |comment: SyncComment| github.comment(ACTIONS_BOT, opened.number, &comment.to_markdown());
    post(SyncComment::Started {
        dataset: dataset.clone(),
        files: Some(42),
        bytes: Some(1_500_000_000),
    });
    assert_eq!(
        state_of(&mine.requests(Some(REQUESTER), Utc::now()).await.unwrap()),
        RequestState::SyncStarted
    );
    post(SyncComment::Progress {
        dataset: dataset.clone(),
        percent: 40,
        files_done: 17,
        files_total: 42,
        bytes_done: 600_000_000,
        bytes_total: 1_500_000_000,
        eta_seconds: Some(90),
    });
    // Someone who is not the bot cannot fake progress.
    github.comment(
        OUTSIDER,
        opened.number,
        &SyncComment::Complete {
            dataset: dataset.clone(),
            path: "/evil".into(),
            size_bytes: 1,
            file_count: 1,
            took_seconds: 1,
        }
        .to_markdown(),
    );
    let items = mine.requests(Some(REQUESTER), Utc::now()).await.unwrap();
    assert_eq!(
        state_of(&items),
        RequestState::Downloading {
            percent: 40,
            eta_seconds: Some(90)
        }
    );
    let sha = github.pulls()[1].head_sha.clone();
    github.set_check_run(
        &sha,
        CheckRunSpec {
            name: "hugflow sync".into(),
            status: "completed".into(),
            conclusion: Some("failure".into()),
        },
    );
    let items = mine.requests(Some(REQUESTER), Utc::now()).await.unwrap();
    let item = items.iter().find(|i| i.number == opened.number).unwrap();
    assert_eq!(item.checks.state, CheckState::Failure);
    assert_eq!(item.checks.failing, ["hugflow sync"]);
    post(SyncComment::Complete {
        dataset: dataset.clone(),
        path: "/data/datasets/x".into(),
        size_bytes: 1_500_000_000,
        file_count: 42,
        took_seconds: 300,
    });
    assert_eq!(
        state_of(&mine.requests(Some(REQUESTER), Utc::now()).await.unwrap()),
        RequestState::Complete {
            path: "/data/datasets/x".into(),
            size_bytes: 1_500_000_000
        }
    );
    github.merge(ACTIONS_BOT, opened.number);
    let items = mine.requests(Some(REQUESTER), Utc::now()).await.unwrap();
    let item = items.iter().find(|i| i.number == opened.number).unwrap();
    assert_eq!(item.pull, PullState::Merged);
    assert_eq!(
        item.state,
        RequestState::Merged {
            path: Some("/data/datasets/x".into()),
            size_bytes: Some(1_500_000_000)
        }
    );
    let kinds: Vec<String> = item
        .events
        .iter()
        .map(|e| e.key.split(':').next().unwrap().to_string())
        .collect();
    assert!(
        kinds.contains(&"complete".to_string()) && kinds.contains(&"merged".to_string()),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&"comment".to_string()),
        "the outsider's comment is news: {kinds:?}"
    );
    // Closed more than 30 days ago: gone from the list.
    let later = Utc::now() + chrono::Duration::days(31);
    let items = mine.requests(Some(REQUESTER), later).await.unwrap();
    assert!(items.iter().all(|i| i.number != opened.number));
}
