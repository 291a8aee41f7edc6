//! The client against the fake GitHub: every call, pagination, conditional polls, GitHub's
//! errors and rate limits.

use std::time::Duration;

use hugflow_core::config::Secret;
use hugflow_github::{
    GithubClient, GithubConfig, GithubError, NewPull, PullFileStatus, PullFilter, RepoName,
    RetryPolicy,
};
use hugflow_testkit::github::{
    ACTIONS_BOT, CheckRunSpec, FakeGithub, GithubOptions, OUTSIDER, REQUESTER, WorkflowRunSpec,
};

fn client_for(github: &FakeGithub, login: &str) -> GithubClient {
    client_with(github, Some(github.token_of(login)), 100)
}

fn client_with(github: &FakeGithub, token: Option<&str>, page_size: u32) -> GithubClient {
    let mut config =
        GithubConfig::new(github.url(), token.map(Secret::new)).with_retry(RetryPolicy::quick());
    config.page_size = page_size;
    GithubClient::new(config).unwrap()
}

fn repo(github: &FakeGithub) -> RepoName {
    RepoName::parse(github.repo()).unwrap()
}

/// A branch with one file, ready for a PR.
async fn branch_with_file(client: &GithubClient, repo: &RepoName, branch: &str) -> String {
    let main = client.branch_head(repo, "main").await.unwrap().unwrap();
    client
        .create_branch(repo, branch, &main.object.sha)
        .await
        .unwrap();
    let path = format!("requests/add/{}.yaml", branch.replace('/', "_"));
    client
        .put_file(
            repo,
            &path,
            branch,
            "Add a request",
            b"hf_id: \"a/b\"\n",
            None,
        )
        .await
        .unwrap()
        .commit
        .sha
}

#[tokio::test]
async fn user_repo_and_permissions() {
    let github = FakeGithub::start(GithubOptions::default());
    let member = client_for(&github, REQUESTER);
    assert_eq!(member.user().await.unwrap().login, REQUESTER);
    let gitops = member.repo(&repo(&github)).await.unwrap();
    assert_eq!(gitops.default_branch, "main");
    assert!(gitops.can_push());
    let outsider = client_for(&github, OUTSIDER);
    assert!(!outsider.repo(&repo(&github)).await.unwrap().can_push());
    let bot = client_for(&github, ACTIONS_BOT).user().await.unwrap();
    assert_eq!(bot.kind, "Bot");
    // The required headers reached the server with every call.
    assert!(github.calls().iter().all(|c| c.login.is_some()));
}

#[tokio::test]
async fn branches_and_files_are_real_commits() {
    let github = FakeGithub::start(GithubOptions::default());
    let client = client_for(&github, REQUESTER);
    let repo = repo(&github);
    let sha = branch_with_file(&client, &repo, "hugflow/add-x").await;
    assert_eq!(github.branch_sha(github.repo(), "hugflow/add-x"), Some(sha));
    let (file, bytes) = client
        .file(&repo, "requests/add/hugflow_add-x.yaml", "hugflow/add-x")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bytes, b"hf_id: \"a/b\"\n");
    assert!(
        client
            .file(&repo, "requests/add/hugflow_add-x.yaml", "main")
            .await
            .unwrap()
            .is_none()
    );
    // Replacing needs the current blob; a stale one is a conflict.
    let error = client
        .put_file(
            &repo,
            &file.path,
            "hugflow/add-x",
            "again",
            b"x",
            Some("0000"),
        )
        .await
        .unwrap_err();
    assert!(matches!(error, GithubError::Conflict { .. }), "{error:?}");
    client
        .put_file(
            &repo,
            &file.path,
            "hugflow/add-x",
            "again",
            b"x",
            Some(&file.sha),
        )
        .await
        .unwrap();
    // A branch that exists cannot be created again: 422 with GitHub's message.
    let main = client.branch_head(&repo, "main").await.unwrap().unwrap();
    let error = client
        .create_branch(&repo, "hugflow/add-x", &main.object.sha)
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("Reference already exists"),
        "{error}"
    );
    client.delete_branch(&repo, "hugflow/add-x").await.unwrap();
    assert!(
        client
            .branch_head(&repo, "hugflow/add-x")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn pulls_comments_checks_runs_and_merge() {
    let github = FakeGithub::start(GithubOptions::default());
    let client = client_for(&github, REQUESTER);
    let repo = repo(&github);
    let head_sha = branch_with_file(&client, &repo, "hugflow/add-a").await;
    let new = NewPull {
        title: "Add dataset a/b",
        head: "hugflow/add-a",
        base: "main",
        body: "please",
    };
    let pull = client.create_pull(&repo, &new).await.unwrap();
    assert_eq!(
        (pull.number, pull.head.sha.as_str()),
        (1, head_sha.as_str())
    );
    assert!(pull.is_open() && !pull.is_merged());
    // A second PR for the same branch is refused, and the error links the open one.
    let error = client.create_pull(&repo, &new).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("a PR for this dataset is already open: {}", pull.html_url)
    );
    let bot = client_for(&github, ACTIONS_BOT);
    bot.comment(&repo, 1, "Starting").await.unwrap();
    let comments = client.comments(&repo, 1).await.unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].user.login, ACTIONS_BOT);
    github.set_check_run(
        &head_sha,
        CheckRunSpec {
            name: "hugflow sync".into(),
            status: "completed".into(),
            conclusion: Some("success".into()),
        },
    );
    let checks = client.check_runs(&repo, &head_sha).await.unwrap();
    assert_eq!(checks.check_runs[0].conclusion.as_deref(), Some("success"));
    assert_eq!(
        client
            .combined_status(&repo, &head_sha)
            .await
            .unwrap()
            .state,
        "pending"
    );
    github.add_workflow_run(WorkflowRunSpec {
        name: "Hugflow sync".into(),
        head_branch: "hugflow/add-a".into(),
        head_sha: head_sha.clone(),
        event: "pull_request".into(),
        status: "in_progress".into(),
        conclusion: None,
    });
    let runs = client
        .workflow_runs(&repo, Some("hugflow/add-a"))
        .await
        .unwrap();
    assert_eq!(runs.total_count, 1);
    assert_eq!(
        client
            .workflow_runs(&repo, Some("other"))
            .await
            .unwrap()
            .total_count,
        0
    );
    // Pinned to a head the PR no longer has: GitHub's 409, nothing merged.
    let stale = "0".repeat(40);
    let error = client
        .merge(&repo, 1, "merge", Some(&stale))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, GithubError::Conflict { message, .. } if message.contains("Head branch was modified")),
        "{error:?}"
    );
    assert!(client.pull(&repo, 1).await.unwrap().is_open());
    let head = client.pull(&repo, 1).await.unwrap().head.sha;
    let merged = client.merge(&repo, 1, "merge", Some(&head)).await.unwrap();
    assert!(merged.merged);
    let after = client.pull(&repo, 1).await.unwrap();
    assert!(after.is_merged() && !after.is_open());
    assert_eq!(github.branch_sha(github.repo(), "main"), Some(merged.sha));
    assert!(
        github
            .file(github.repo(), "main", "requests/add/hugflow_add-a.yaml")
            .is_some()
    );
    // Merging twice: GitHub's 405.
    let error = client.merge(&repo, 1, "merge", None).await.unwrap_err();
    assert!(
        matches!(error, GithubError::NotMergeable { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn lists_follow_pagination() {
    let github = FakeGithub::start(GithubOptions::default());
    let setup = client_for(&github, REQUESTER);
    let repo = repo(&github);
    for n in 0..5 {
        let branch = format!("hugflow/add-{n}");
        branch_with_file(&setup, &repo, &branch).await;
        let title = format!("Add dataset n/{n}");
        setup
            .create_pull(
                &repo,
                &NewPull {
                    title: &title,
                    head: &branch,
                    base: "main",
                    body: "",
                },
            )
            .await
            .unwrap();
        github.comment(ACTIONS_BOT, 1, &format!("comment {n}"));
    }
    let client = client_with(&github, Some(github.token()), 2);
    github.clear_calls();
    let pulls = client.pulls(&repo, PullFilter::All, None).await.unwrap();
    assert_eq!(pulls.len(), 5);
    let comments = client.comments(&repo, 1).await.unwrap();
    let bodies: Vec<&str> = comments.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(
        bodies,
        [
            "comment 0",
            "comment 1",
            "comment 2",
            "comment 3",
            "comment 4"
        ]
    );
    // Three pages each.
    assert_eq!(github.calls().len(), 6, "{:#?}", github.calls());
    // Pulls updated before a moment are not fetched.
    let recent = client
        .pulls(&repo, PullFilter::All, Some("2999-01-01T00:00:00Z"))
        .await
        .unwrap();
    assert!(recent.is_empty());
}

#[tokio::test]
async fn unchanged_polls_are_304_and_cost_no_rate_limit() {
    let github = FakeGithub::start(GithubOptions::default());
    let client = client_for(&github, REQUESTER);
    let repo = repo(&github);
    branch_with_file(&client, &repo, "hugflow/add-p").await;
    client
        .create_pull(
            &repo,
            &NewPull {
                title: "Add dataset p/q",
                head: "hugflow/add-p",
                base: "main",
                body: "",
            },
        )
        .await
        .unwrap();
    let first = client.comments(&repo, 1).await.unwrap();
    let remaining = github.rate_limit_remaining(REQUESTER);
    github.clear_calls();
    let second = client.comments(&repo, 1).await.unwrap();
    assert_eq!(first, second);
    let calls = github.calls();
    assert_eq!(calls.len(), 1);
    assert!(
        calls[0].if_none_match && calls[0].status == 304,
        "{calls:?}"
    );
    assert_eq!(github.rate_limit_remaining(REQUESTER), remaining);
    // A change is seen at once.
    github.comment(ACTIONS_BOT, 1, "new");
    assert_eq!(client.comments(&repo, 1).await.unwrap().len(), 1);
    assert_eq!(github.calls().last().unwrap().status, 200);
    assert_eq!(client.rate_limit().unwrap().remaining, remaining - 1);
}

#[tokio::test]
async fn rate_limits_are_surfaced_with_the_wait() {
    let github = FakeGithub::start(GithubOptions::default());
    let client = client_for(&github, REQUESTER);
    github.set_rate_limit_remaining(REQUESTER, 0);
    let error = client.user().await.unwrap_err();
    let GithubError::RateLimited { retry_after, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(*retry_after > Duration::from_secs(3000), "{error}");
    assert!(error.to_string().contains("rate limit"), "{error}");
    github.set_rate_limit_remaining(REQUESTER, 10);
    github.limit_secondary(1);
    let error = client.user().await.unwrap_err();
    assert!(
        matches!(error, GithubError::RateLimited { retry_after, .. } if retry_after == Duration::from_secs(120)),
        "{error:?}"
    );
    assert!(client.user().await.is_ok());
}

#[tokio::test]
async fn errors_say_what_to_do() {
    let github = FakeGithub::start(GithubOptions::default());
    let repo = repo(&github);
    let anonymous = client_with(&github, None, 100);
    assert!(matches!(anonymous.user().await, Err(GithubError::NoToken)));
    let wrong = client_with(&github, Some("ghp_wrong"), 100);
    let error = wrong.user().await.unwrap_err();
    assert!(
        matches!(error, GithubError::Unauthorized { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("Bad credentials"), "{error}");
    let client = client_for(&github, REQUESTER);
    let missing = RepoName::parse("nobody/nothing").unwrap();
    let error = client.repo(&missing).await.unwrap_err();
    assert!(error.to_string().contains("owner/name"), "{error}");
    let outsider = client_for(&github, OUTSIDER);
    let main = outsider.branch_head(&repo, "main").await.unwrap().unwrap();
    let error = outsider
        .create_branch(&repo, "hugflow/add-z", &main.object.sha)
        .await
        .unwrap_err();
    assert!(matches!(error, GithubError::Forbidden { .. }), "{error:?}");
    assert!(error.to_string().contains("denied to outsider"), "{error}");
    let error = client
        .create_pull(
            &repo,
            &NewPull {
                title: "t",
                head: "main",
                base: "main",
                body: "",
            },
        )
        .await
        .unwrap_err();
    let GithubError::Validation { errors, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(errors, &["No commits between main and main"]);
}

#[tokio::test]
async fn forks_are_ready_a_moment_after_202() {
    let github = FakeGithub::start(GithubOptions {
        // Long enough that the first look surely comes before it, on a busy machine too.
        fork_delay: Duration::from_secs(3),
        ..GithubOptions::default()
    });
    let outsider = client_for(&github, OUTSIDER);
    let repo = repo(&github);
    let fork = outsider.create_fork(&repo).await.unwrap();
    assert_eq!(fork.full_name, format!("{OUTSIDER}/{}", repo.name()));
    let fork_name = RepoName::parse(&fork.full_name).unwrap();
    assert!(matches!(
        outsider.repo(&fork_name).await,
        Err(GithubError::NotFound { .. })
    ));
    let ready = outsider
        .wait_for_fork(&fork_name, Duration::from_secs(30))
        .await
        .unwrap();
    assert!(ready.can_push() && ready.fork);
    // A PR from the fork: head is "outsider:branch".
    branch_with_file(&outsider, &fork_name, "hugflow/add-f").await;
    let head = format!("{OUTSIDER}:hugflow/add-f");
    let pull = outsider
        .create_pull(
            &repo,
            &NewPull {
                title: "Add dataset f/g",
                head: &head,
                base: "main",
                body: "",
            },
        )
        .await
        .unwrap();
    assert_eq!(pull.head.label, head);
    assert_eq!(
        outsider.pulls_with_head(&repo, &head).await.unwrap().len(),
        1
    );
}

async fn open_pull(client: &GithubClient, repo: &RepoName, branch: &str) -> u64 {
    let new = NewPull {
        title: branch,
        head: branch,
        base: "main",
        body: "",
    };
    client.create_pull(repo, &new).await.unwrap().number
}

#[tokio::test]
async fn pull_files_list_what_the_pr_changed() {
    let github = FakeGithub::start(GithubOptions::default());
    let client = client_for(&github, REQUESTER);
    let repo = repo(&github);
    let added = branch_with_file(&client, &repo, "hugflow/add-a").await;
    let (readme, readme_bytes) = client
        .file(&repo, "README.md", "main")
        .await
        .unwrap()
        .unwrap();
    let modified = client
        .put_file(
            &repo,
            "README.md",
            "hugflow/add-a",
            "Say more",
            b"# Datasets\n\nMore.\n",
            Some(&readme.sha),
        )
        .await
        .unwrap();
    assert_ne!(added, modified.commit.sha);
    let number = open_pull(&client, &repo, "hugflow/add-a").await;
    // The base moving on after the branch point does not show up in the PR's files.
    github.commit(
        github.repo(),
        "main",
        &[("requests/remove/x.yaml", Some(b"hf_id: x/y\n".as_slice()))],
        "Remove x/y",
    );
    let files = client.pull_files(&repo, number).await.unwrap();
    let summary: Vec<(&str, PullFileStatus)> = files
        .iter()
        .map(|f| (f.filename.as_str(), f.status))
        .collect();
    assert_eq!(
        summary,
        [
            ("README.md", PullFileStatus::Modified),
            ("requests/add/hugflow_add-a.yaml", PullFileStatus::Added),
        ]
    );
    let (new_readme, _) = client
        .file(&repo, "README.md", "hugflow/add-a")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(files[0].sha.as_deref(), Some(new_readme.sha.as_str()));
    assert_eq!(files[1].previous_filename, None);
    // A move is a rename that names the old path.
    github.commit(
        github.repo(),
        "hugflow/move",
        &[
            ("README.md", None),
            ("docs/README.md", Some(readme_bytes.as_slice())),
        ],
        "Move the README",
    );
    let moved = open_pull(&client, &repo, "hugflow/move").await;
    let files = client.pull_files(&repo, moved).await.unwrap();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].filename, "docs/README.md");
    assert_eq!(files[0].status, PullFileStatus::Renamed);
    assert_eq!(files[0].previous_filename.as_deref(), Some("README.md"));
    // An unknown PR: 404.
    let error = client.pull_files(&repo, 99).await.unwrap_err();
    assert!(matches!(error, GithubError::NotFound { .. }), "{error:?}");
}

#[tokio::test]
async fn pull_files_follow_every_page() {
    let github = FakeGithub::start(GithubOptions::default());
    let paths: Vec<String> = (0..130)
        .map(|n| format!("requests/add/set-{n:03}.yaml"))
        .collect();
    let changes: Vec<(&str, Option<&[u8]>)> = paths
        .iter()
        .map(|p| (p.as_str(), Some(p.as_bytes())))
        .collect();
    github.commit(github.repo(), "hugflow/bulk", &changes, "Add 130 datasets");
    let client = client_for(&github, REQUESTER);
    let repo = repo(&github);
    let number = open_pull(&client, &repo, "hugflow/bulk").await;
    github.clear_calls();
    let files = client.pull_files(&repo, number).await.unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.filename.as_str()).collect();
    assert_eq!(names, paths);
    assert!(files.iter().all(|f| f.status == PullFileStatus::Added));
    let pages: Vec<String> = github.calls().into_iter().map(|c| c.path).collect();
    assert_eq!(
        pages,
        [
            format!("/repos/{}/pulls/{number}/files?per_page=100", github.repo()),
            format!(
                "/repos/{}/pulls/{number}/files?per_page=100&page=2",
                github.repo()
            ),
        ]
    );
}

#[tokio::test]
async fn delete_file_commits_the_removal() {
    let github = FakeGithub::start(GithubOptions::default());
    let client = client_for(&github, REQUESTER);
    let repo = repo(&github);
    branch_with_file(&client, &repo, "hugflow/remove-a").await;
    let path = "requests/add/hugflow_remove-a.yaml";
    let (file, _) = client
        .file(&repo, path, "hugflow/remove-a")
        .await
        .unwrap()
        .unwrap();
    let before = github.branch_sha(github.repo(), "hugflow/remove-a");
    // A stale blob: 409, and nothing changes.
    let error = client
        .delete_file(&repo, path, &"0".repeat(40), "hugflow/remove-a", "Drop it")
        .await
        .unwrap_err();
    assert!(matches!(error, GithubError::Conflict { .. }), "{error:?}");
    assert!(error.to_string().contains("does not match"), "{error}");
    assert_eq!(github.branch_sha(github.repo(), "hugflow/remove-a"), before);
    // Someone without push access: 403.
    let outsider = client_for(&github, OUTSIDER);
    let error = outsider
        .delete_file(&repo, path, &file.sha, "hugflow/remove-a", "Drop it")
        .await
        .unwrap_err();
    assert!(matches!(error, GithubError::Forbidden { .. }), "{error:?}");
    let written = client
        .delete_file(&repo, path, &file.sha, "hugflow/remove-a", "Drop it")
        .await
        .unwrap();
    assert_eq!(github.file(github.repo(), "hugflow/remove-a", path), None);
    // The answer names the commit and the head it was made on, as GitHub's does.
    assert_eq!(
        written.commit.parents.first().map(|p| p.sha.clone()),
        before
    );
    assert_eq!(
        github.branch_sha(github.repo(), "hugflow/remove-a"),
        Some(written.commit.sha.clone())
    );
    assert!(
        github
            .file(github.repo(), "hugflow/remove-a", "README.md")
            .is_some()
    );
    let head = github
        .branch_sha(github.repo(), "hugflow/remove-a")
        .unwrap();
    assert_ne!(Some(&head), before.as_ref());
    // Nor a branch name that would climb out of git/refs/.
    for bad in ["main/../../../user", "..", "a/.b", "-x", "a b"] {
        let error = client.branch_head(&repo, bad).await.unwrap_err();
        assert!(
            matches!(error, GithubError::Config { .. }),
            "{bad}: {error:?}"
        );
        let error = client.delete_branch(&repo, bad).await.unwrap_err();
        assert!(error.to_string().contains("not a valid"), "{bad}: {error}");
    }
    // A path that would climb out of contents/ never reaches GitHub.
    for bad in ["requests/../../pulls/1", "requests//x.yaml", "./x", "a\\b"] {
        let error = client
            .delete_file(&repo, bad, &file.sha, "hugflow/remove-a", "Drop it")
            .await
            .unwrap_err();
        assert!(
            matches!(error, GithubError::Config { .. }),
            "{bad}: {error:?}"
        );
        let error = client.file(&repo, bad, "main").await.unwrap_err();
        assert!(
            error.to_string().contains("not a file path"),
            "{bad}: {error}"
        );
    }
    // Gone: deleting again is a 404.
    let error = client
        .delete_file(&repo, path, &file.sha, "hugflow/remove-a", "Drop it")
        .await
        .unwrap_err();
    assert!(matches!(error, GithubError::NotFound { .. }), "{error:?}");
}
