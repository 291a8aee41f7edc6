//! The CLI with no token in the environment and a locked OS keyring: it names the keyring's
//! problem instead of acting as if no token were saved. The keyring is a private one on a
//! bus of this binary's own, handed to each `hugflow` through `DBUS_SESSION_BUS_ADDRESS`.

use std::sync::OnceLock;

use assert_cmd::Command;
use hugflow_testkit::hub::{Corpus, FakeHub};
use hugflow_testkit::session::PrivateSession;

#[path = "common/keyring.rs"]
mod keyring_cli;
use keyring_cli::{hugflow_on_bus, stderr_of};

/// A session whose keyring is locked, shared by the tests here (they only read it), and an
/// empty folder to run in, so no `.env` of the developer's checkout is read.
fn locked_session() -> &'static (PrivateSession, tempfile::TempDir) {
    static SESSION: OnceLock<(PrivateSession, tempfile::TempDir)> = OnceLock::new();
    SESSION.get_or_init(|| {
        let session = PrivateSession::start_without_activation();
        session.lock_keyring();
        (session, tempfile::tempdir().unwrap())
    })
}

fn hugflow() -> Command {
    let (session, folder) = locked_session();
    hugflow_on_bus(session.address(), folder.path())
}

#[test]
fn a_github_command_names_the_locked_keyring() {
    let (ok, stderr) = stderr_of(hugflow().args(["requests", "--repo", "acme/datasets"]));
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("no GitHub token: the OS keyring is locked: unlock your keyring (")
            && stderr.contains("or set GH_TOKEN or GITHUB_TOKEN"),
        "{stderr}"
    );
    assert!(!stderr.contains("not set"), "{stderr}");
}

#[test]
fn a_hub_command_warns_of_the_locked_keyring_unless_hf_token_is_set() {
    let hub = FakeHub::start(Corpus::generate(50, 7));
    let id = hub.corpus().id_at(3).to_string();
    let search = |token: Option<&str>| {
        let mut cmd = hugflow();
        cmd.env("HF_ENDPOINT", hub.url()).args(["search", &id]);
        if let Some(token) = token {
            cmd.env("HF_TOKEN", token);
        }
        stderr_of(&mut cmd)
    };
    let (ok, stderr) = search(None);
    assert!(ok, "public datasets need no token: {stderr}");
    assert!(
        stderr.contains("no Hugging Face token: the OS keyring is locked: unlock your keyring (")
            && stderr.contains("or set HF_TOKEN; continuing without one"),
        "{stderr}"
    );
    // The environment wins, as before: the keyring is not asked and nothing is said.
    let (ok, stderr) = search(Some(hub.token()));
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("keyring"), "{stderr}");
}
