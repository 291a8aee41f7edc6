//! The setup's answers against real parts: the SQLite profile reopened, the fake GitHub, a
//! script standing in for `gh`, and an ssh config with names Add host must refuse.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use hugflow_secrets::{MemoryStore, SecretId, SecretSource, SecretStore, Secrets};
use hugflow_testkit::github::{FakeGithub, GithubOptions, REQUESTER};

use crate::test_support::RecordingHost;
use hugflow_remote::ssh_config;

use crate::{AppPaths, ErrorCode, HostInput, HugflowApp};

fn paths(dir: &Path) -> AppPaths {
    AppPaths {
        data_dir: dir.join("data"),
        log_dir: dir.join("logs"),
    }
}

/// An app on the profile in `dir`, with a fixed environment and `gh` as given.
fn app_in(
    dir: &Path,
    env: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    gh: Option<&Path>,
) -> Arc<HugflowApp> {
    let store: Box<dyn SecretStore> = Box::new(MemoryStore::default());
    let mut secrets = Secrets::with_env(store, env);
    if let Some(gh) = gh {
        secrets = secrets.with_gh(gh);
    }
    let host = Arc::new(RecordingHost::default());
    Arc::new(HugflowApp::new(paths(dir), secrets, host).unwrap())
}

fn no_env(_: &str) -> Option<String> {
    None
}

/// GitHub settings pointing at the fake.
fn use_github(app: &HugflowApp, github: &FakeGithub) {
    let mut settings = app.request_settings().unwrap();
    settings.api_url = github.url().to_string();
    app.set_request_settings(&settings).unwrap();
}

/// A `gh` that is logged in to `host` only, with `token`.
#[cfg(unix)]
fn fake_gh(dir: &Path, host: &str, token: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let gh = dir.join("gh");
    std::fs::write(
        &gh,
        format!("#!/bin/sh\n[ \"$*\" = \"auth token --hostname {host}\" ] && echo {token}\n"),
    )
    .unwrap();
    std::fs::set_permissions(&gh, std::fs::Permissions::from_mode(0o755)).unwrap();
    gh
}

#[test]
fn setup_is_done_once_finished_and_stays_done_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), no_env, None);
    assert!(
        !app.setup_done().unwrap(),
        "a fresh profile needs the setup"
    );
    app.finish_setup().unwrap();
    assert!(app.setup_done().unwrap());
    drop(app);
    let reopened = app_in(dir.path(), no_env, None);
    assert!(
        reopened.setup_done().unwrap(),
        "done is kept in the profile"
    );
}

#[test]
fn a_seeded_or_hand_configured_profile_skips_the_setup() {
    let seeded = tempfile::tempdir().unwrap();
    crate::setup::record_setup_done(&paths(seeded.path())).unwrap();
    assert!(app_in(seeded.path(), no_env, None).setup_done().unwrap());

    // A profile from before the setup existed: its user already chose a GitOps repository.
    let older = tempfile::tempdir().unwrap();
    let app = app_in(older.path(), no_env, None);
    let mut settings = app.request_settings().unwrap();
    settings.repo = "my-team/datasets-gitops".into();
    app.set_request_settings(&settings).unwrap();
    assert!(app.setup_done().unwrap());
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gh_auth_token_is_found_and_named_by_its_login() {
    let github = FakeGithub::start(GithubOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let gh = fake_gh(dir.path(), "127.0.0.1", github.token());
    let app = app_in(dir.path(), no_env, Some(&gh));
    use_github(&app, &github);
    let account = app.github_account().await.unwrap();
    assert_eq!(account.source, Some(SecretSource::GhCli));
    assert_eq!(account.login.as_deref(), Some(REQUESTER));
    assert!(account.error.is_none(), "{:?}", account.error);
    let shown = serde_json::to_string(&account).unwrap();
    assert!(
        !shown.contains(github.token()),
        "the token never reaches the UI"
    );

    // A gh logged in elsewhere is not asked for this GitHub: no token, no login.
    let other = tempfile::tempdir().unwrap();
    let gh = fake_gh(other.path(), "github.com", github.token());
    let app = app_in(other.path(), no_env, Some(&gh));
    use_github(&app, &github);
    let account = app.github_account().await.unwrap();
    assert_eq!((account.source, account.login), (None, None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_says_where_it_came_from() {
    let github = FakeGithub::start(GithubOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let env = |name: &str| (name == "GH_TOKEN").then(|| "ghp_revoked".to_string());
    let app = app_in(dir.path(), env, None);
    use_github(&app, &github);
    let account = app.github_account().await.unwrap();
    assert_eq!(account.source, Some(SecretSource::Environment));
    assert_eq!(account.env_var.as_deref(), Some("GH_TOKEN"));
    assert_eq!(account.login, None);
    let error = account.error.expect("GitHub refuses it");
    assert_eq!(error.code, ErrorCode::Unauthorized);
    assert!(error.message.contains("GH_TOKEN"), "{}", error.message);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_keyring_token_saved_in_the_setup_is_used() {
    let github = FakeGithub::start(GithubOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), no_env, None);
    use_github(&app, &github);
    assert_eq!(app.github_account().await.unwrap().source, None);
    app.set_secret(SecretId::GithubToken, github.token())
        .unwrap();
    let account = app.github_account().await.unwrap();
    assert_eq!(account.source, Some(SecretSource::Keyring));
    assert_eq!(account.login.as_deref(), Some(REQUESTER));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gitops_repository_is_checked_on_github_before_it_is_saved() {
    let github = FakeGithub::start(GithubOptions {
        default_branch: "trunk".into(),
        ..GithubOptions::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let token = github.token().to_string();
    let env = move |name: &str| (name == "GH_TOKEN").then(|| token.clone());
    let app = app_in(dir.path(), env, None);
    use_github(&app, &github);

    let missing = app
        .setup_gitops_repo("hugflow-team/no-such-repo")
        .await
        .unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
    assert!(
        missing.message.contains("hugflow-team/no-such-repo"),
        "{}",
        missing.message
    );
    assert_eq!(app.request_settings().unwrap().repo, "", "nothing saved");

    let invalid = app.setup_gitops_repo("not a repo").await.unwrap_err();
    assert_eq!(invalid.code, ErrorCode::InvalidInput);
    let empty = app.setup_gitops_repo("  ").await.unwrap_err();
    assert_eq!(empty.code, ErrorCode::InvalidInput);

    let found = app
        .setup_gitops_repo(&format!(" {} ", github.repo()))
        .await
        .unwrap();
    assert_eq!(found.repo, github.repo());
    assert_eq!(found.default_branch, "trunk");
    assert_eq!(found.can_push, Some(true));
    let saved = app.request_settings().unwrap();
    assert_eq!(saved.repo, github.repo());
    assert_eq!(saved.api_url, github.url());
    assert_eq!(found.settings, saved);
}

#[test]
fn ssh_config_hosts_carry_the_add_host_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("ssh_config");
    std::fs::write(
        &config,
        "Host hgx-a -oProxyCommand=touch\nHost hgx-b;reboot\n  User ml\nHost *.lab\nHost ml@10.0.0.5:2222 hgx-c\n",
    )
    .unwrap();
    let choices = super::host_choices(ssh_config::host_names(&config));
    let names: Vec<&str> = choices.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "hgx-a",
            "-oProxyCommand=touch",
            "hgx-b;reboot",
            "ml@10.0.0.5:2222",
            "hgx-c"
        ]
    );
    for choice in &choices {
        let rule = HostInput {
            cluster: None,
            name: choice.name.clone(),
            storage_root: None,
            checkout: None,
        }
        .checked();
        assert_eq!(
            choice.refused,
            rule.err().map(|e| e.message),
            "{}",
            choice.name
        );
    }
    let refused: Vec<&str> = choices
        .iter()
        .filter(|c| c.refused.is_some())
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(refused, ["-oProxyCommand=touch", "hgx-b;reboot"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_with_a_host_counts_as_set_up() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path(), no_env, None);
    app.clone().watch_hosts().await;
    app.add_host(&HostInput {
        cluster: None,
        name: "hgx-a".into(),
        storage_root: None,
        checkout: None,
    })
    .unwrap();
    assert!(app.setup_done().unwrap(), "a profile with a host is set up");
}
