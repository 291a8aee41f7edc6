//! The desktop's request flow against the fake GitHub and fake Hub: settings, plan and
//! duplicate check, Create PR, and the poller's snapshot and notifications, once per event,
//! also across a restart.

use std::sync::Arc;

use hugflow_core::sync_report::{DatasetRef, SyncComment};
use hugflow_gitops::{AddDraft, Draft, Duplicate};
use hugflow_secrets::{MemoryStore, SecretStore, Secrets};
use hugflow_testkit::github::{ACTIONS_BOT, FakeGithub, GithubOptions, OUTSIDER};
use hugflow_testkit::hub::{Corpus, FakeHub};

use super::*;
use crate::test_support::RecordingHost;

struct Setup {
    data: tempfile::TempDir,
    github: FakeGithub,
    hub: FakeHub,
}

impl Setup {
    fn new() -> Self {
        Self {
            data: tempfile::tempdir().unwrap(),
            github: FakeGithub::start(GithubOptions::default()),
            hub: FakeHub::start(Corpus::generate(10, 3)),
        }
    }

    fn app(&self, host: Arc<RecordingHost>) -> HugflowApp {
        let store: Box<dyn SecretStore> = Box::new(MemoryStore::default());
        let token = self.github.token().to_string();
        let hf = self.hub.token().to_string();
        let app = HugflowApp::new(
            AppPaths {
                data_dir: self.data.path().join("data"),
                log_dir: self.data.path().join("logs"),
            },
            Secrets::with_env(store, move |name| match name {
                "GH_TOKEN" => Some(token.clone()),
                "HF_TOKEN" => Some(hf.clone()),
                _ => None,
            }),
            host,
        )
        .unwrap();
        app.db
            .set_setting(HF_ENDPOINT_SETTING, self.hub.url())
            .unwrap();
        app
    }

    fn configure(&self, app: &HugflowApp) {
        let mut settings = app.request_settings().unwrap();
        settings.repo = self.github.repo().to_string();
        settings.api_url = self.github.url().to_string();
        app.set_request_settings(&settings).unwrap();
    }
}

fn draft(hf_id: &str) -> Draft {
    Draft::Add(AddDraft {
        hf_id: hf_id.into(),
        description: "eval set".into(),
        ..AddDraft::default()
    })
}

fn complete(hf_id: &str) -> String {
    let request = hugflow_core::request::AddRequest::with_defaults(hf_id, "eval set");
    SyncComment::Complete {
        dataset: DatasetRef::from(&request),
        path: "/data/x".into(),
        size_bytes: 2048,
        file_count: 3,
        took_seconds: 5,
    }
    .to_markdown()
}

#[test]
fn settings_are_checked_and_kept() {
    let setup = Setup::new();
    let app = setup.app(Arc::default());
    let defaults = app.request_settings().unwrap();
    assert_eq!(defaults.repo, "");
    assert!(defaults.notifications.complete && defaults.notifications.comment);
    let mut bad = defaults.clone();
    bad.repo = "not a repo".into();
    let error = app.set_request_settings(&bad).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("owner/name"), "{}", error.message);
    setup.configure(&app);
    let mut off = app.request_settings().unwrap().notifications;
    off.comment = false;
    app.set_notification_settings(off).unwrap();
    drop(app);
    let app = setup.app(Arc::default());
    let kept = app.request_settings().unwrap();
    assert_eq!(kept.repo, setup.github.repo());
    assert!(!kept.notifications.comment && kept.notifications.merged);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_poll_and_notify_once_across_restarts() {
    let setup = Setup::new();
    let host = Arc::new(RecordingHost::default());
    let app = setup.app(host.clone());
    // Not configured: a clear error, and an empty page that says so.
    let error = app.create_request(&draft("a/b")).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotConfigured);
    assert_eq!(app.requests().unwrap().repo, None);
    setup.configure(&app);

    let id = setup.hub.corpus().id_at(1).to_string();
    let check = app.check_request(&draft(&id)).await.unwrap();
    assert!(check.plan.is_valid() && check.duplicate.is_none());
    // A PR someone else opened earlier: the first poll only learns about it.
    let theirs = Draft::Add(AddDraft {
        hf_id: "other/data".into(),
        description: "x".into(),
        ..AddDraft::default()
    });
    let plan = theirs.plan();
    let client = hugflow_github::GithubClient::new(hugflow_github::GithubConfig::new(
        setup.github.url(),
        Some(hugflow_core::config::Secret::new(
            setup.github.token_of(OUTSIDER),
        )),
    ))
    .unwrap();
    let gitops = hugflow_gitops::Gitops::new(
        client,
        &hugflow_gitops::GitopsSettings {
            repo: setup.github.repo().into(),
            base_branch: None,
            api_url: setup.github.url().into(),
            sync_bots: Vec::new(),
        },
    )
    .unwrap();
    gitops
        .open(&theirs, &Default::default(), &[], "test")
        .await
        .unwrap();
    assert!(app.refresh_requests().await.unwrap().items.len() == 1);

    let opened = app.create_request(&draft(&id)).await.unwrap();
    let pull = setup
        .github
        .pulls()
        .into_iter()
        .find(|p| p.number == opened.number)
        .unwrap();
    assert!(
        pull.body
            .contains("Requested from Hugflow Desktop by @hf-requester"),
        "{}",
        pull.body
    );
    assert!(
        pull.body.contains(" files |"),
        "the Hub's facts are quoted: {}",
        pull.body
    );
    let again = app.check_request(&draft(&id)).await.unwrap();
    assert!(
        matches!(again.duplicate, Some(Duplicate::OpenPull { number, .. }) if number == opened.number)
    );
    let error = app.create_request(&draft(&id)).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Duplicate);
    assert!(error.message.contains(&opened.url), "{}", error.message);

    let view = app.refresh_requests().await.unwrap();
    assert_eq!(view.items.len(), 2);
    assert!(view.items[0].mine && view.items[0].number == opened.number);
    assert_eq!(view.login.as_deref(), Some("hf-requester"));
    setup
        .github
        .comment(ACTIONS_BOT, opened.number, &complete(&id));
    setup
        .github
        .comment(OUTSIDER, opened.number, "where will it land?");
    // Someone else's PR getting news does not notify me.
    setup.github.comment(ACTIONS_BOT, 1, &complete(&plan.hf_id));
    app.refresh_requests().await.unwrap();
    app.refresh_requests().await.unwrap();
    assert_eq!(
        host.titles(),
        [
            format!("Dataset ready: {id}"),
            format!("New comment on #{} ({id})", opened.number)
        ]
    );
    let link = host.notifications.lock().unwrap()[0].url.clone();
    assert_eq!(link.as_ref().map(|u| u.as_str()), Some(opened.url.as_str()));

    // A restart: the last states show at once, nothing is said twice.
    drop(app);
    let host = Arc::new(RecordingHost::default());
    let app = setup.app(host.clone());
    let cached = app.requests().unwrap();
    assert_eq!(cached.items.len(), 2);
    assert!(cached.polled_at.is_some());
    let mut settings = app.request_settings().unwrap().notifications;
    settings.comment = false;
    app.set_notification_settings(settings).unwrap();
    setup.github.comment(OUTSIDER, opened.number, "thanks");
    app.refresh_requests().await.unwrap();
    assert!(host.titles().is_empty(), "{:?}", host.titles());
    setup.github.merge(ACTIONS_BOT, opened.number);
    app.refresh_requests().await.unwrap();
    assert_eq!(host.titles(), [format!("Request merged: {id}")]);

    // The PR is a page of the configured GitHub (the test server's loopback origin).
    app.open_url(&opened.url).unwrap();
    assert_eq!(*host.opened.lock().unwrap(), [opened.url.as_str()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_poll_keeps_the_last_states_and_says_why() {
    let setup = Setup::new();
    let app = setup.app(Arc::default());
    setup.configure(&app);
    let id = setup.hub.corpus().id_at(2).to_string();
    app.create_request(&draft(&id)).await.unwrap();
    app.refresh_requests().await.unwrap();
    setup.github.set_rate_limit_remaining("hf-requester", 0);
    let error = app.refresh_requests().await.unwrap_err();
    assert_eq!(error.code, ErrorCode::RateLimited);
    let view = app.requests().unwrap();
    assert_eq!(view.items.len(), 1);
    assert_eq!(view.error.map(|e| e.code), Some(ErrorCode::RateLimited));
}
