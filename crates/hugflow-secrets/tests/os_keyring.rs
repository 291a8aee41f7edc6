//! The real OS keyring: GNOME Keyring's Secret Service on a D-Bus session (DESIGN §5).

use hugflow_secrets::{OsKeyring, SecretId, SecretSource, SecretStore, Secrets};

#[test]
fn round_trip_through_gnome_keyring() {
    hugflow_testkit::session::keyring();
    // A service name of its own, so a developer's real Hugflow entries are never touched.
    let store = OsKeyring::new(format!("hugflow-test-{}", std::process::id()));
    let secrets = Secrets::with_env(store.clone(), |_| None);

    assert!(!secrets.status(SecretId::GithubToken).set);
    let status = secrets
        .set(SecretId::GithubToken, "ghs_keyringroundtrip")
        .unwrap();
    assert_eq!(
        (status.set, status.source),
        (true, Some(SecretSource::Keyring))
    );
    assert_eq!(
        store.get("github_token").unwrap().as_deref(),
        Some("ghs_keyringroundtrip")
    );

    secrets.set(SecretId::GithubToken, "ghs_replaced").unwrap();
    let found = secrets.resolve(SecretId::GithubToken).unwrap();
    assert_eq!(found.value.expose(), "ghs_replaced");

    // Another handle (as after an app restart) sees the same entry.
    let again = OsKeyring::new(format!("hugflow-test-{}", std::process::id()));
    assert_eq!(
        again.get("github_token").unwrap().as_deref(),
        Some("ghs_replaced")
    );

    let status = secrets.clear(SecretId::GithubToken).unwrap();
    assert!(!status.set);
    assert_eq!(store.get("github_token").unwrap(), None);
}
