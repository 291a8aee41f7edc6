//! The harnesses themselves work: a notification sent on the session bus reaches the mock
//! daemon's log, and a private session's keyring stores and returns a secret.

use std::process::{Command, Stdio};
use std::time::Duration;

use hugflow_testkit::session::{NotificationDaemon, PrivateSession, session_bus};
use hugflow_testkit::wait;

#[test]
fn notifications_reach_the_mock_daemon_log() {
    let daemon = NotificationDaemon::start();
    let status = Command::new("notify-send")
        .args(["Hugflow test", "dataset landed"])
        .env("DBUS_SESSION_BUS_ADDRESS", session_bus())
        .status()
        .expect("run notify-send (Debian package libnotify-bin)");
    assert!(status.success());
    let logged = wait::until(
        "the Notify call in the log",
        Duration::from_secs(10),
        || {
            let calls = daemon.notifications();
            (!calls.is_empty()).then_some(calls)
        },
    );
    assert_eq!(logged.len(), 1);
    assert!(
        logged[0].contains("Hugflow test") && logged[0].contains("dataset landed"),
        "{logged:?}"
    );
}

#[test]
fn a_private_session_has_its_own_keyring() {
    let session = PrivateSession::start();
    let mut store = Command::new("secret-tool")
        .args([
            "store",
            "--label=hugflow test",
            "service",
            "hugflow-testkit",
            "username",
            "probe",
        ])
        .env("DBUS_SESSION_BUS_ADDRESS", session.address())
        .stdin(Stdio::piped())
        .spawn()
        .expect("run secret-tool (Debian package libsecret-tools)");
    std::io::Write::write_all(store.stdin.as_mut().unwrap(), b"s3cret").unwrap();
    drop(store.stdin.take());
    assert!(store.wait().unwrap().success());
    let found = session.keyring_lookup(&[("service", "hugflow-testkit"), ("username", "probe")]);
    assert_eq!(found.as_deref(), Some("s3cret"));
    let other = PrivateSession::start();
    assert_eq!(
        other.keyring_lookup(&[("service", "hugflow-testkit"), ("username", "probe")]),
        None
    );
}
