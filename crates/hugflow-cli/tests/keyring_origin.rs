//! The CLI hands a token saved from the desktop only to the origin it was saved for: with
//! `HF_ENDPOINT` or `--github-api` pointing elsewhere, the token is not sent and stderr says
//! why. Its own test binary: it points this process at a private D-Bus session (to save the
//! tokens) and hands the same bus to each `hugflow`.

use assert_cmd::Command;
use hugflow_secrets::{Destination, OsKeyring, SecretId, Secrets};
use hugflow_testkit::github::{FakeGithub, GithubOptions};
use hugflow_testkit::hub::{Corpus, FakeHub};
use hugflow_testkit::session::PrivateSession;

#[path = "common/keyring.rs"]
mod keyring_cli;
use keyring_cli::{hugflow_on_bus, stderr_of};

fn hugflow(session: &PrivateSession, folder: &tempfile::TempDir) -> Command {
    hugflow_on_bus(session.address(), folder.path())
}

fn origin(url: &str) -> String {
    Destination::new(url).unwrap().origin().to_string()
}

#[test]
fn saved_tokens_go_only_to_the_origin_they_were_saved_for() {
    let session = PrivateSession::start();
    // SAFETY: the only test in this binary, before any D-Bus client connects.
    unsafe { std::env::set_var("DBUS_SESSION_BUS_ADDRESS", session.address()) };
    let folder = tempfile::tempdir().unwrap();
    let secrets = Secrets::with_env(OsKeyring::default(), |_| None);

    // The HF token, saved for one Hub; a second Hub would accept the same token.
    let (hub, other_hub) = (
        FakeHub::start(Corpus::generate(20, 7)),
        FakeHub::start(Corpus::generate(20, 7)),
    );
    assert_eq!(hub.token(), other_hub.token());
    let to = Destination::new(hub.url()).unwrap();
    secrets
        .set(SecretId::HfToken, hub.token(), Some(&to))
        .unwrap();
    let id = hub.corpus().id_at(3).to_string();
    let search = |endpoint: &str| {
        let mut cmd = hugflow(&session, &folder);
        stderr_of(cmd.env("HF_ENDPOINT", endpoint).args(["search", &id]))
    };
    let (ok, stderr) = search(hub.url());
    assert!(ok, "{stderr}");
    assert!(hub.requests().iter().any(|r| r.authorization), "{stderr}");
    let (ok, stderr) = search(other_hub.url());
    assert!(ok, "public datasets need no token: {stderr}");
    let requests = other_hub.requests();
    assert!(!requests.is_empty() && requests.iter().all(|r| !r.authorization));
    assert!(
        stderr.contains(&format!(
            "the Hugging Face token in the keyring was saved for {}, but the Hub endpoint is now {}",
            origin(hub.url()),
            other_hub.url()
        )) && stderr.contains("or set HF_TOKEN; continuing without one"),
        "{stderr}"
    );

    // The GitHub token, saved for one GitHub; `--github-api` pointing at another.
    let (github, other_github) = (
        FakeGithub::start(GithubOptions::default()),
        FakeGithub::start(GithubOptions::default()),
    );
    assert_eq!(github.token(), other_github.token());
    let to = Destination::new(github.url()).unwrap();
    secrets
        .set(SecretId::GithubToken, github.token(), Some(&to))
        .unwrap();
    let requests = |api: &str| {
        let mut cmd = hugflow(&session, &folder);
        stderr_of(cmd.args(["requests", "--repo", github.repo(), "--github-api", api]))
    };
    let (ok, stderr) = requests(github.url());
    assert!(ok, "{stderr}");
    assert!(github.calls().iter().any(|c| c.login.is_some()));
    let (ok, stderr) = requests(other_github.url());
    assert!(!ok, "{stderr}");
    assert!(
        other_github.calls().iter().all(|c| c.login.is_none()),
        "{:?}",
        other_github.calls()
    );
    assert!(
        stderr.contains(&format!(
            "no usable GitHub token: the GitHub token in the keyring was saved for {}, but the GitHub API URL is now {}",
            origin(github.url()),
            other_github.url()
        )) && stderr.contains("save the token again for it in Settings, or set GH_TOKEN or GITHUB_TOKEN"),
        "{stderr}"
    );
}
