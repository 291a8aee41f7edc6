//! The transport against a real sshd: host keys (unknown, trusted, changed), refused logins,
//! commands over the multiplexed connection.

mod common;

use std::time::Duration;

use common::Host;
use hugflow_remote::{RemoteCommand, Ssh, SshError};

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
    let before = logins(&host);
    echo_ok(&host.ssh, &host, 5).await;
    assert_eq!(logins(&host), before, "no new login per command");
}

/// How many times the host's sshd let someone in.
fn logins(host: &Host) -> usize {
    host.sshd.log().matches("Accepted publickey").count()
}

/// Runs `echo ok` on the host `times` times through `ssh`.
async fn echo_ok(ssh: &Ssh, host: &Host, times: usize) {
    for _ in 0..times {
        let output = ssh
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
}

/// Windows' OpenSSH has no `ControlMaster`, so there the app runs without multiplexing; the
/// same code path, run here against the real sshd: every command logs in on its own, no
/// control socket is made, and the watching connection still notices the host going away.
#[tokio::test]
async fn without_multiplexing_each_command_connects_and_the_watch_sees_the_host_go() {
    let mut host = Host::trusted("hgx-plain", None);
    let mut settings = host.ssh.settings().clone();
    settings.multiplex = false;
    let ssh = Ssh::new(settings);

    let mut master = ssh.open_master(&host.target).await.unwrap();
    // The probe, then the watching connection, which logs in on its own time.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while logins(&host) < 2 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before = logins(&host);
    assert_eq!(before, 2, "a probe and the watching connection");
    echo_ok(&ssh, &host, 3).await;
    assert_eq!(logins(&host), before + 3, "one login per command");
    let socket = ssh.control_socket(&host.target);
    assert!(!socket.exists(), "no control socket at {socket:?}");

    host.sshd.kill();
    let lost = tokio::time::timeout(Duration::from_secs(30), master.closed())
        .await
        .expect("the watching connection ends with the host");
    assert!(matches!(lost, SshError::Lost { .. }), "{lost:?}");
}

#[tokio::test]
async fn without_multiplexing_an_unknown_key_is_still_said_as_such() {
    let host = Host::new("hgx-plain-new", None);
    let mut settings = host.ssh.settings().clone();
    settings.multiplex = false;
    let error = Ssh::new(settings)
        .open_master(&host.target)
        .await
        .err()
        .unwrap();
    assert!(
        matches!(error, SshError::HostKeyUnknown { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn without_multiplexing_a_hung_host_is_given_up_on_in_time() {
    let host = Host::trusted("hgx-plain-hung", None);
    let mut settings = host.ssh.settings().clone();
    settings.multiplex = false;
    host.sshd.pause();
    let error = Ssh::new(settings)
        .open_master(&host.target)
        .await
        .err()
        .unwrap();
    host.sshd.resume();
    assert!(error.is_transient(), "{error:?}");
}
