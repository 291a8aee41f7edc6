//! The first-run setup, end to end: a fresh profile opens the setup instead of the catalogue;
//! the GitHub step saves a token in the keyring and the GitOps repository after GitHub (the
//! fake) confirmed both; the Hugging Face step is skipped; a Host of the ssh config is added
//! in one click while a hostile one is refused; the first crawl runs and Finish lands on the
//! filled catalogue. A second start of the same profile opens the catalogue directly.

use std::time::Duration;

use hugflow_e2e::{AppHome, Desktop};
use hugflow_testkit::github::{FakeGithub, GithubOptions, REQUESTER};
use hugflow_testkit::hub::{Corpus, FakeHub};

const BINARY: &str = env!("CARGO_BIN_EXE_hugflow-desktop");
const HOSTILE: &str = "-oProxyCommand=touch";

#[tokio::test(flavor = "multi_thread")]
async fn a_fresh_profile_is_set_up_once() {
    let hub = FakeHub::start(Corpus::generate(40, 5));
    let github = FakeGithub::start(GithubOptions::default());
    let home = AppHome::fresh();
    let ssh_config = home.dir.path().join("ssh_config");
    std::fs::write(
        &ssh_config,
        format!("Host hgx-first {HOSTILE}\n  HostName 127.0.0.1\n  Port 9\n"),
    )
    .unwrap();
    let env = [
        ("HF_ENDPOINT", hub.url()),
        ("GITHUB_API_URL", github.url()),
        ("HUGFLOW_SSH_CONFIG", ssh_config.to_str().unwrap()),
    ];
    let desktop = Desktop::launch_with(&home, BINARY, &env).await;

    desktop.find("setup-step-welcome").await;
    assert_eq!(desktop.count("page-catalogue").await, 0, "no catalogue yet");
    desktop.click("setup-next").await;

    // GitHub: nothing found, then a token saved here, named by GitHub's login.
    desktop
        .wait_text_containing("setup-github-account", "No GitHub token found")
        .await;
    desktop
        .type_into("secret-input-github_token", github.token())
        .await;
    desktop.click("secret-save-github_token").await;
    desktop
        .wait_text_containing(
            "setup-github-account",
            &format!("Signed in as @{REQUESTER}"),
        )
        .await;
    desktop
        .type_into("setup-gitops-repo", "hugflow-team/no-such-repo")
        .await;
    desktop.click("setup-gitops-save").await;
    desktop
        .wait_text_containing("setup-gitops-error", "GitHub shows no repository")
        .await;
    desktop.type_into("setup-gitops-repo", github.repo()).await;
    desktop.click("setup-gitops-save").await;
    desktop
        .wait_text_containing("setup-gitops-found", "default branch main")
        .await;
    desktop.screenshot("setup-github").await;
    desktop.click("setup-next").await;

    // Hugging Face: skipped.
    desktop.find("setup-step-hub").await;
    desktop.click("setup-skip").await;

    // A first host, in one click; the hostile name has no button.
    desktop.find("setup-step-host").await;
    desktop.wait_count("setup-host-choice", 2).await;
    desktop.wait_count("setup-host-add", 1).await;
    let refused = desktop.text("setup-host-refused").await;
    assert!(
        !refused.is_empty(),
        "the hostile Host says why it is refused"
    );
    desktop
        .click_where("setup-host-add", "data-name", "hgx-first")
        .await;
    desktop
        .wait_text_containing("setup-host-added", "Added hgx-first")
        .await;
    desktop.screenshot("setup-host").await;
    desktop.click("setup-next").await;

    // The first crawl, then Finish: the catalogue, filled.
    desktop.click("setup-crawl").await;
    desktop
        .wait_text_containing("setup-crawl-done", "40 datasets")
        .await;
    desktop.click("setup-finish").await;
    desktop.find("page-catalogue").await;
    desktop.wait_at_least("catalogue-row", 5).await;
    assert_eq!(desktop.count("setup-page").await, 0);

    // What the setup saved is what Settings and Hosts show.
    desktop.click("nav-settings").await;
    desktop
        .wait_attribute("settings-gitops-repo", "value", github.repo())
        .await;
    desktop
        .wait_text("secret-status-github_token", "set (keyring)")
        .await;
    desktop.click("nav-hosts").await;
    desktop
        .wait_attribute("host-card", "data-host", "hgx-first")
        .await;
    desktop.quit().await;
    // Finish itself is recorded (a saved repository or host alone would also count as set up).
    let db = rusqlite::Connection::open(home.app_dir().join("hugflow.sqlite")).unwrap();
    let done: Option<String> = db
        .query_row(
            "SELECT value FROM settings WHERE key = 'setup_done'",
            [],
            |row| row.get(0),
        )
        .ok();
    assert!(done.is_some(), "Finish recorded the setup in SQLite");
    drop(db);

    // The same profile again: straight to the catalogue.
    let desktop = Desktop::launch_with(&home, BINARY, &env).await;
    desktop.find("page-catalogue").await;
    desktop.wait_at_least("catalogue-row", 5).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(desktop.count("setup-page").await, 0, "set up once only");
    desktop.quit().await;
}
