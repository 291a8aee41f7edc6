//! The real OS keyring: GNOME Keyring's Secret Service on a D-Bus session (DESIGN §5).

use hugflow_secrets::{Destination, OsKeyring, SecretId, SecretSource, SecretStore, Secrets};

/// A service name of its own per test, so a developer's real Hugflow entries (and the other
/// test's) are never touched.
fn store(test: &str) -> OsKeyring {
    OsKeyring::new(format!("hugflow-test-{test}-{}", std::process::id()))
}

fn to(url: &str) -> Destination {
    Destination::new(url).unwrap()
}

#[test]
fn round_trip_through_gnome_keyring() {
    hugflow_testkit::session::keyring();
    let store = store("roundtrip");
    let secrets = Secrets::with_env(store.clone(), |_| None);
    let github = to("https://api.github.com");

    assert!(!secrets.status(SecretId::GithubToken, Some(&github)).set);
    let status = secrets
        .set(SecretId::GithubToken, "ghs_keyringroundtrip", Some(&github))
        .unwrap();
    assert_eq!(
        (status.set, status.source),
        (true, Some(SecretSource::Keyring))
    );
    let raw = store.get("github_token").unwrap().unwrap();
    assert!(
        raw.contains("ghs_keyringroundtrip"),
        "the entry holds the token"
    );

    secrets
        .set(SecretId::GithubToken, "ghs_replaced", Some(&github))
        .unwrap();
    let found = secrets.lookup(SecretId::GithubToken, &github).ok().unwrap();
    assert_eq!(found.value.expose(), "ghs_replaced");

    let status = secrets.clear(SecretId::GithubToken, Some(&github)).unwrap();
    assert!(!status.set);
    assert_eq!(store.get("github_token").unwrap(), None);
}

/// A token saved for origin A, read back through another handle (as after a restart), is
/// handed out for A and refused for B with the mismatch named; a plain entry from before
/// tokens were bound counts as saved for the service's default origin.
#[test]
fn a_keyring_token_is_bound_to_the_origin_it_was_saved_for() {
    hugflow_testkit::session::keyring();
    let saved_for = to("https://ghe.example/api/v3");
    let elsewhere = to("https://attacker.example/api/v3");
    Secrets::with_env(store("bound"), |_| None)
        .set(SecretId::GithubToken, "ghs_boundtoken", Some(&saved_for))
        .unwrap();

    let secrets = Secrets::with_env(store("bound"), |_| None);
    let found = secrets
        .lookup(SecretId::GithubToken, &saved_for)
        .expect("the token for the origin it was saved for");
    assert_eq!(
        (found.value.expose(), found.source),
        ("ghs_boundtoken", SecretSource::Keyring)
    );
    let missing = secrets
        .lookup(SecretId::GithubToken, &elsewhere)
        .err()
        .expect("no token for another origin");
    let other = *missing.other_origin.clone().expect("the mismatch is named");
    assert_eq!(
        (other.saved_for.as_str(), other.requested.as_str()),
        ("https://ghe.example", "https://attacker.example/api/v3")
    );
    let message = missing.to_string();
    assert!(
        message.contains("save the token again") && !message.contains("ghs_boundtoken"),
        "{message}"
    );
    let status = secrets.status(SecretId::GithubToken, Some(&elsewhere));
    assert_eq!(
        (status.set, status.saved_for.as_deref(), status.other_origin),
        (false, Some("https://ghe.example"), Some(other))
    );

    // A legacy entry: the plain token, as Hugflow stored it before.
    let legacy = store("legacy");
    legacy.set("hf_token", "hf_legacytoken").unwrap();
    let secrets = Secrets::with_env(legacy.clone(), |_| None);
    let hub = to("https://huggingface.co");
    let found = secrets.lookup(SecretId::HfToken, &hub).ok().unwrap();
    assert_eq!(found.value.expose(), "hf_legacytoken");
    assert_eq!(
        secrets
            .status(SecretId::HfToken, Some(&hub))
            .saved_for
            .as_deref(),
        Some("https://huggingface.co")
    );
    let mirror = to("https://hub.mirror.example");
    let missing = secrets.lookup(SecretId::HfToken, &mirror).err().unwrap();
    assert_eq!(
        missing.other_origin.map(|o| o.saved_for).as_deref(),
        Some("https://huggingface.co")
    );

    for store in [store("bound"), legacy] {
        for id in SecretId::ALL {
            store.delete(id.key()).unwrap();
        }
    }
}
