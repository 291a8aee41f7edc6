//! The transport against a real sshd: host keys (unknown, trusted, changed), refused logins,
//! commands over the multiplexed connection.

mod common;

use std::time::Duration;

use common::Host;
use hugflow_remote::{RemoteCommand, SshError};

#[tokio::test]
async fn an_unknown_key_is_shown_and_trusted_only_on_request() {
    let host = Host::new("hgx-new", None);
    let error = host.ssh.open_master(&host.target).await.err().unwrap();
    assert!(
        matches!(error, SshError::HostKeyUnknown { .. }),
        "{error:?}"
    );
    let key = host.ssh.fetch_host_key(&host.target).await.unwrap();
    assert_eq!(key.key_type, "ED25519");
    assert!(key.fingerprint.starts_with("SHA256:"), "{key:?}");
    assert_eq!(key.fingerprint, host.sshd.fingerprint());
    // Fetching the key trusted nothing.
    let still = host.ssh.open_master(&host.target).await.err().unwrap();
    assert!(
        matches!(still, SshError::HostKeyUnknown { .. }),
        "{still:?}"
    );

    host.ssh.trust(&key).unwrap();
    let _master = host.ssh.open_master(&host.target).await.unwrap();
    let output = host
        .ssh
        .run(
            &host.target,
            &RemoteCommand::script("echo \"$HOME\""),
            None,
            Duration::from_secs(10),
        )
        .await
        .unwrap();
    assert_eq!(
        output.stdout_text().trim(),
        host.sshd.home().to_str().unwrap()
    );
}

#[tokio::test]
async fn a_changed_key_is_an_error_that_says_so() {
    let mut host = Host::trusted("hgx-changed", None);
    drop(host.ssh.open_master(&host.target).await.unwrap());
    host.sshd.replace_host_key();
    let error = host.ssh.open_master(&host.target).await.err().unwrap();
    assert!(
        matches!(error, SshError::HostKeyChanged { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("CHANGED"), "{message}");
    let known_hosts = host.ssh.settings().known_hosts.display().to_string();
    assert!(
        message.contains(&format!("ssh-keygen -f \"{known_hosts}\" -R")),
        "names the file to fix and how: {message}"
    );
}

#[tokio::test]
async fn no_key_is_authentication_failed() {
    let host = Host::trusted("hgx-nokey", None);
    let config = host.ssh.settings().config_file.clone().unwrap();
    let text = std::fs::read_to_string(&config).unwrap();
    let without_key = text.replace(
        &host.sshd.client_key().display().to_string(),
        "/nonexistent/key",
    );
    std::fs::write(&config, without_key).unwrap();
    let error = host.ssh.open_master(&host.target).await.err().unwrap();
    assert!(matches!(error, SshError::AuthFailed { .. }), "{error:?}");
    assert!(error.to_string().contains("authorized_keys"), "{error}");
}

#[tokio::test]
async fn an_unreachable_host_is_said_quickly() {
    let mut host = Host::trusted("hgx-down", None);
    host.sshd.kill();
    let error = host.ssh.open_master(&host.target).await.err().unwrap();
    assert!(
        matches!(error, SshError::Unreachable { .. }) && error.is_transient(),
        "{error:?}"
    );
}

#[tokio::test]
async fn commands_reuse_the_one_connection() {
    let host = Host::trusted("hgx-mux", None);
    let _master = host.ssh.open_master(&host.target).await.unwrap();
    let count_sessions = || {
        let log = host.sshd.log();
        log.matches("Accepted publickey").count()
    };
    let before = count_sessions();
    for _ in 0..5 {
        let output = host
            .ssh
            .run(
                &host.target,
                &RemoteCommand::script("echo").arg("ok"),
                None,
                Duration::from_secs(10),
            )
            .await
            .unwrap();
        assert_eq!(output.stdout_text(), "ok\n");
    }
    assert_eq!(count_sessions(), before, "no new login per command");
}
