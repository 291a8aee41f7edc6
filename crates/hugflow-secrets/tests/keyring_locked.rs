//! A locked keyring is reported as locked, never as "not set", and reading it never waits on
//! an unlock prompt. Its own test binary: it points this process at a private D-Bus session
//! whose keyring it locks, which no other test may share.

use hugflow_secrets::{
    Destination, KeyringState, OsKeyring, SecretError, SecretId, SecretSource, Secrets,
};
use hugflow_testkit::session::PrivateSession;

#[test]
fn a_locked_keyring_says_so_and_the_environment_still_wins() {
    let session = PrivateSession::start_without_activation();
    // SAFETY: the only test in this binary, before any D-Bus client connects.
    unsafe { std::env::set_var("DBUS_SESSION_BUS_ADDRESS", session.address()) };
    let store = OsKeyring::new("hugflow-test-locked");
    let hub = Destination::new("https://huggingface.co").unwrap();
    let github = Destination::new("https://api.github.com").unwrap();
    let to = |id| match id {
        SecretId::HfToken => &hub,
        _ => &github,
    };
    let secrets = Secrets::with_env(store.clone(), |_| None);
    secrets
        .set(SecretId::HfToken, "hf_lockedtest", Some(&hub))
        .unwrap();
    let status = secrets.status(SecretId::HfToken, Some(&hub));
    assert_eq!(
        (status.set, status.source, status.keyring),
        (true, Some(SecretSource::Keyring), None)
    );

    session.lock_keyring();

    let started = std::time::Instant::now();
    // The entry exists but sits in a locked collection; and one that was never saved.
    for id in [SecretId::HfToken, SecretId::GithubToken] {
        let status = secrets.status(id, Some(to(id)));
        assert!(!status.set, "{status:?}");
        let problem = status
            .keyring
            .unwrap_or_else(|| panic!("{id:?} shows as not set"));
        assert_eq!(problem.state, KeyringState::Locked, "{problem:?}");
        assert!(problem.message.contains("locked"), "{problem:?}");
    }
    let missing = secrets
        .lookup(SecretId::HfToken, &hub)
        .err()
        .expect("a locked keyring gives no token");
    let message = missing.to_string();
    assert!(
        message
            .starts_with("no Hugging Face token: the OS keyring is locked: unlock your keyring (")
            && message.ends_with("), or set HF_TOKEN"),
        "{message}"
    );
    assert!(!message.contains("hf_lockedtest"), "{message}");

    // Saving into the locked collection: gnome-keyring's IsLocked, reported as locked.
    match secrets.set(SecretId::GithubToken, "ghs_lockedtest", Some(&github)) {
        Err(SecretError::Keyring(problem)) => {
            assert_eq!(problem.state, KeyringState::Locked, "{problem:?}")
        }
        other => panic!("saving into a locked keyring: {other:?}"),
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "a locked keyring must not wait on an unlock prompt"
    );

    // HF_TOKEN still wins, and Settings still learns that the keyring is locked.
    let with_env = Secrets::with_env(store, |name| {
        (name == "HF_TOKEN").then(|| "hf_fromenv".to_string())
    });
    let status = with_env.status(SecretId::HfToken, Some(&hub));
    assert_eq!(
        (status.set, status.source, status.env_var.as_deref()),
        (true, Some(SecretSource::Environment), Some("HF_TOKEN"))
    );
    assert_eq!(status.keyring.map(|p| p.state), Some(KeyringState::Locked));
    assert_eq!(
        with_env
            .lookup(SecretId::HfToken, &hub)
            .ok()
            .map(|r| r.value.expose().to_string()),
        Some("hf_fromenv".to_string())
    );
}
