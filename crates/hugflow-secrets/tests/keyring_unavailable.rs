//! No keyring on the session bus (gnome-keyring stopped, none installed) is reported as
//! unavailable with D-Bus's own words, never as "not set". Its own test binary: it points this
//! process at a private D-Bus session whose keyring it stops.

use hugflow_secrets::{Destination, KeyringState, OsKeyring, SecretError, SecretId, Secrets};
use hugflow_testkit::session::PrivateSession;

#[test]
fn a_stopped_keyring_is_unavailable_not_unset() {
    let mut session = PrivateSession::start_without_activation();
    // SAFETY: the only test in this binary, before any D-Bus client connects.
    unsafe { std::env::set_var("DBUS_SESSION_BUS_ADDRESS", session.address()) };
    let secrets = Secrets::with_env(OsKeyring::new("hugflow-test-stopped"), |_| None);
    let hub = Destination::new("https://huggingface.co").unwrap();
    assert_eq!(secrets.status(SecretId::HfToken, Some(&hub)).keyring, None);

    session.stop_keyring();

    let status = secrets.status(SecretId::HfToken, Some(&hub));
    assert!(!status.set);
    let problem = status.keyring.expect("a stopped keyring shows as not set");
    assert_eq!(problem.state, KeyringState::Unavailable, "{problem:?}");
    assert!(
        problem.message.contains("org.freedesktop.secrets"),
        "the backend's message is kept: {problem:?}"
    );
    let message = secrets
        .lookup(SecretId::HfToken, &hub)
        .err()
        .unwrap()
        .to_string();
    assert!(
        message.starts_with(
            "no Hugging Face token: the OS keyring is unavailable: start a Secret Service"
        ) && message.ends_with("or set HF_TOKEN"),
        "{message}"
    );
    match secrets.set(SecretId::HfToken, "hf_nowhere", Some(&hub)) {
        Err(SecretError::Keyring(problem)) => {
            assert_eq!(problem.state, KeyringState::Unavailable, "{problem:?}")
        }
        other => panic!("saving with no keyring: {other:?}"),
    }
}
