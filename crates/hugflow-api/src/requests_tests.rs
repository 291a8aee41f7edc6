//! The desktop's request flow against the fake GitHub and fake Hub: settings, plan and
//! duplicate check, Create PR, and the poller's snapshot and notifications, once per event,
//! also across a restart.

use std::sync::Arc;

use hugflow_core::sync_report::{DatasetRef, SyncComment};
use hugflow_gitops::{AddDraft, Draft, Duplicate};
use hugflow_secrets::{MemoryStore, SecretId, SecretSource, SecretStore, Secrets};
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

    /// The app, with the fakes' tokens in the environment.
    fn app(&self, host: Arc<RecordingHost>) -> HugflowApp {
        let token = self.github.token().to_string();
        let hf = self.hub.token().to_string();
        self.app_with_env(host, move |name| match name {
            "GH_TOKEN" => Some(token.clone()),
            "HF_TOKEN" => Some(hf.clone()),
            _ => None,
        })
    }

    fn app_with_env(
        &self,
        host: Arc<RecordingHost>,
        env: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> HugflowApp {
        let store: Box<dyn SecretStore> = Box::new(MemoryStore::default());
        let app = HugflowApp::new(
            AppPaths {
                data_dir: self.data.path().join("data"),
                log_dir: self.data.path().join("logs"),
            },
            Secrets::with_env(store, env),
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

/// The origin of a fake's URL, as the keyring binding records it.
fn origin(url: &str) -> String {
    hugflow_secrets::Destination::new(url)
        .unwrap()
        .origin()
        .to_string()
}

/// A GitHub token saved from Settings is bound to the GitHub API URL of that moment. The
/// webview re-points the URL at a second GitHub that would accept the same token: the token
/// is not sent there, and the error (and Settings) says why and what to do. Saving it again
/// for the new URL is what makes it go there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_github_token_never_follows_a_changed_api_url() {
    let setup = Setup::new();
    let app = setup.app_with_env(Arc::default(), |_| None);
    setup.configure(&app);
    app.set_secret(SecretId::GithubToken, setup.github.token())
        .unwrap();
    app.refresh_requests().await.unwrap();
    assert!(
        setup.github.calls().iter().any(|c| c.login.is_some()),
        "the token goes to the GitHub it was saved for"
    );

    // Same users and tokens: the saved token would be accepted there, so a leak would show as
    // a logged-in call in its log.
    let other = FakeGithub::start(GithubOptions::default());
    assert_eq!(other.token(), setup.github.token());
    let mut settings = app.request_settings().unwrap();
    settings.api_url = other.url().to_string();
    app.set_request_settings(&settings).unwrap();

    let refused = app.refresh_requests().await.unwrap_err();
    let id = setup.hub.corpus().id_at(1).to_string();
    let create = app.create_request(&draft(&id)).await.unwrap_err();
    for error in [&refused, &create] {
        assert_eq!(error.code, ErrorCode::NotConfigured, "{error:?}");
        let expected = format!(
            "no usable GitHub token: the GitHub token in the keyring was saved for {}, but the \
             GitHub API URL is now {}, so it is not sent there: save the token again for it in \
             Settings, or set GH_TOKEN or GITHUB_TOKEN",
            origin(setup.github.url()),
            other.url()
        );
        assert_eq!(error.message, expected);
    }
    assert_eq!(app.requests().unwrap().error.as_ref(), Some(&refused));
    assert!(
        other.calls().iter().all(|c| c.login.is_none()),
        "the second GitHub got the token: {:?}",
        other.calls()
    );
    assert!(other.pulls().is_empty());
    let status = app
        .secret_statuses()
        .into_iter()
        .find(|s| s.id == SecretId::GithubToken)
        .unwrap();
    assert!(!status.set);
    assert_eq!(
        status.saved_for.as_deref(),
        Some(origin(setup.github.url()).as_str())
    );
    let mismatch = status.other_origin.expect("Settings shows the mismatch");
    assert_eq!(mismatch.requested, other.url());

    // Saved again, now for the second GitHub: it goes there.
    let status = app
        .set_secret(SecretId::GithubToken, other.token())
        .unwrap();
    assert_eq!(
        (status.source, status.other_origin.as_ref()),
        (Some(SecretSource::Keyring), None)
    );
    app.refresh_requests().await.unwrap();
    assert!(other.calls().iter().any(|c| c.login.is_some()));
}

/// The same for the HF token and the Hub endpoint: the Hub calls go on without the token
/// (public datasets need none) and Settings names the mismatch.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_hf_token_never_follows_a_changed_hub_endpoint() {
    let setup = Setup::new();
    let app = setup.app_with_env(Arc::default(), |_| None);
    app.set_secret(SecretId::HfToken, setup.hub.token())
        .unwrap();
    let word = setup.hub.corpus().id_at(1).to_string();
    app.search_hub(&word).await.unwrap();
    assert!(setup.hub.requests().iter().any(|r| r.authorization));

    let other = FakeHub::start(Corpus::generate(10, 3));
    assert_eq!(other.token(), setup.hub.token());
    app.db
        .set_setting(HF_ENDPOINT_SETTING, other.url())
        .unwrap();
    app.search_hub(&word).await.unwrap();
    let requests = other.requests();
    assert!(!requests.is_empty(), "the search reached the second Hub");
    assert!(
        requests.iter().all(|r| !r.authorization),
        "the second Hub got the token: {requests:?}"
    );
    let status = app
        .secret_statuses()
        .into_iter()
        .find(|s| s.id == SecretId::HfToken)
        .unwrap();
    let mismatch = status.other_origin.expect("Settings shows the mismatch");
    assert_eq!(
        (mismatch.saved_for, mismatch.requested.as_str()),
        (origin(setup.hub.url()), other.url())
    );
    assert!(
        mismatch
            .explanation
            .contains("the Hub endpoint is now http://127.0.0.1:"),
        "{}",
        mismatch.explanation
    );

    app.set_secret(SecretId::HfToken, other.token()).unwrap();
    app.search_hub(&word).await.unwrap();
    assert!(other.requests().iter().any(|r| r.authorization));
}

/// The Hub's answers for a disabled and a hidden dataset through the facade: the dataset page
/// shows a disabled dataset (files empty, no error), Create PR refuses it with the `disabled`
/// code and GitHub gets no PR; an anonymous look at a missing one is `not_found_or_private`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabled_and_hidden_datasets_carry_their_codes() {
    let mut corpus = Corpus::generate(10, 3);
    corpus.insert(
        hugflow_testkit::hub::FakeDataset::builder("acme/taken-down")
            .file("README.md", "# gone\n")
            .disabled()
            .build(),
    );
    let setup = Setup {
        data: tempfile::tempdir().unwrap(),
        github: FakeGithub::start(GithubOptions::default()),
        hub: FakeHub::start(corpus),
    };
    let app = setup.app(Arc::default());
    setup.configure(&app);
    let details = app.dataset_details("acme/taken-down", None).await.unwrap();
    assert!(details.info.disabled && !details.offline);
    assert!(details.files.is_empty() && details.card.is_none());
    let error = app
        .create_request(&draft("acme/taken-down"))
        .await
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Disabled, "{}", error.message);
    assert!(
        error.message.contains("acme/taken-down"),
        "{}",
        error.message
    );
    assert!(setup.github.pulls().is_empty());

    let anonymous = setup.app_with_env(Arc::default(), |_| None);
    let error = anonymous
        .dataset_details("some-org/typo", None)
        .await
        .unwrap_err();
    assert_eq!(
        error.code,
        ErrorCode::NotFoundOrPrivate,
        "{}",
        error.message
    );
    assert!(error.message.contains("some-org/typo"), "{}", error.message);
}
