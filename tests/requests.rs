//! The one-click request, end to end: the real app under Xvfb against the fake Hub and the fake
//! GitHub, with a dbusmock notification daemon. Request a dataset from its page, see the PR's
//! branch hold exactly the YAML shown, follow the sync bot's comments and the merge on the
//! Requests page, and get exactly one "complete" notification, also after a restart.

use hugflow_core::request::AddRequest;
use hugflow_core::sync_report::{DatasetRef, SyncComment};
use hugflow_e2e::{AppHome, Desktop};
use hugflow_testkit::github::{ACTIONS_BOT, FakeGithub, GithubOptions};
use hugflow_testkit::hub::{Corpus, FakeHub};
use hugflow_testkit::session::NotificationDaemon;
use hugflow_testkit::wait;

const BINARY: &str = env!("CARGO_BIN_EXE_hugflow-desktop");

fn dataset_ref(hf_id: &str) -> DatasetRef {
    DatasetRef::from(&AddRequest::with_defaults(hf_id, "e2e"))
}

fn ready_notifications(daemon: &NotificationDaemon) -> usize {
    daemon
        .notifications()
        .iter()
        .filter(|line| line.contains("Dataset ready"))
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn request_follow_and_get_notified_once() {
    let hub = FakeHub::start(Corpus::generate(60, 8));
    let github = FakeGithub::start(GithubOptions::default());
    let home = AppHome::new();
    let daemon = NotificationDaemon::start_on(home.session.address());
    let env = [
        ("HF_ENDPOINT", hub.url()),
        ("HF_TOKEN", hub.token()),
        ("GH_TOKEN", github.token()),
        ("HUGFLOW_REQUESTS_POLL_MS", "300"),
    ];
    let desktop = Desktop::launch_with(&home, BINARY, &env).await;

    // Settings: where requests go.
    desktop.click("nav-settings").await;
    desktop
        .type_into("settings-gitops-repo", github.repo())
        .await;
    let api = desktop.find("settings-api-url").await;
    api.clear().await.unwrap();
    desktop.type_into("settings-api-url", github.url()).await;
    desktop.click("settings-requests-save").await;

    // Find the dataset and request it from its page.
    desktop.click("nav-catalogue").await;
    desktop.crawl_catalogue().await;
    let target = hub.corpus().id_at(4).to_string();
    desktop.type_into("catalogue-search", &target).await;
    desktop
        .wait_attribute("catalogue-row", "data-id", &target)
        .await;
    desktop.click("catalogue-row").await;
    desktop.click("request-dataset").await;
    desktop
        .type_into("request-description", "Evaluation set for the e2e test")
        .await;
    desktop
        .wait_text_containing("request-yaml", "Evaluation set for the e2e test")
        .await;
    let yaml = desktop.text("request-yaml").await;
    desktop.screenshot("request-form").await;
    desktop.click("request-create").await;
    desktop.find("request-created").await;
    let link = desktop.text("request-pr-link").await;
    let pulls = github.pulls();
    assert_eq!(pulls.len(), 1, "one PR");
    let pull = &pulls[0];
    assert_eq!(pull.title, format!("Add dataset {target}"));
    assert!(link.trim().ends_with("/pull/1"), "{link}");
    let path = format!(
        "requests/add/{}.yaml",
        &pull.head_ref["hugflow/add-".len()..]
    );
    let committed = github.file(github.repo(), &pull.head_ref, &path).unwrap();
    assert_eq!(
        committed.trim_end(),
        yaml.trim_end(),
        "the PR holds the YAML shown"
    );

    // Follow it on the Requests page.
    desktop.click("nav-requests").await;
    let row = "request-row-1";
    desktop.wait_attribute(row, "data-state", "pr_open").await;
    let dataset = dataset_ref(&target);
    github.comment(
        ACTIONS_BOT,
        1,
        &SyncComment::Started {
            dataset: dataset.clone(),
            files: Some(10),
            bytes: Some(10_000),
        }
        .to_markdown(),
    );
    desktop
        .wait_attribute(row, "data-state", "sync_started")
        .await;
    github.comment(
        ACTIONS_BOT,
        1,
        &SyncComment::Progress {
            dataset: dataset.clone(),
            percent: 40,
            files_done: 4,
            files_total: 10,
            bytes_done: 4_000,
            bytes_total: 10_000,
            eta_seconds: Some(30),
        }
        .to_markdown(),
    );
    desktop
        .wait_attribute(row, "data-state", "downloading")
        .await;
    desktop.wait_text_containing("request-state", "40 %").await;
    desktop.screenshot("requests-downloading").await;
    github.comment(
        ACTIONS_BOT,
        1,
        &SyncComment::Complete {
            dataset: dataset.clone(),
            path: "/data/datasets/e2e".into(),
            size_bytes: 10_000,
            file_count: 10,
            took_seconds: 12,
        }
        .to_markdown(),
    );
    desktop.wait_attribute(row, "data-state", "complete").await;
    desktop
        .wait_text_containing("request-state", "/data/datasets/e2e")
        .await;
    github.merge(ACTIONS_BOT, 1);
    desktop.wait_attribute(row, "data-state", "merged").await;
    desktop.screenshot("requests-merged").await;
    wait::until(
        "the complete notification",
        std::time::Duration::from_secs(10),
        || (ready_notifications(&daemon) > 0).then_some(()),
    );
    assert_eq!(
        ready_notifications(&daemon),
        1,
        "{:#?}",
        daemon.notifications()
    );
    desktop.quit().await;

    // A restart: the last states at once, and no second notification.
    let desktop = Desktop::launch_with(&home, BINARY, &env).await;
    desktop.click("nav-requests").await;
    desktop.wait_attribute(row, "data-state", "merged").await;
    let polls_before = github.calls().len();
    wait::until(
        "a few polls after the restart",
        std::time::Duration::from_secs(10),
        || (github.calls().len() >= polls_before + 6).then_some(()),
    );
    assert_eq!(
        ready_notifications(&daemon),
        1,
        "{:#?}",
        daemon.notifications()
    );
    desktop.quit().await;
}
