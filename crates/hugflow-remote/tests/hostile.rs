//! Hostile values through every remote call: each arrives on the host as one intact argument,
//! and nothing in them runs. A fake `hugflow` on the host records the arguments it gets.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{Host, Recorder};
use hugflow_remote::agent::{self, AgentInfo};
use hugflow_remote::{Monitor, MonitorSettings, RemoteCommand};

/// Shell tricks that would run `touch MARKER` if they reached a shell unquoted.
fn hostile(marker: &Path) -> Vec<String> {
    let m = marker.display();
    vec![
        format!("; touch {m}"),
        format!("$(touch {m})"),
        format!("`touch {m}`"),
        format!("'; touch {m}; '"),
        format!("\"; touch {m}; \""),
        format!("| touch {m}"),
        format!("&& touch {m} #"),
        format!("$HOME/x > {m}"),
        format!("x\ntouch {m}"),
    ]
}

/// The arguments of each call the fake agent got, in order.
fn calls(log: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.split('\u{1e}')
        .filter(|c| !c.is_empty())
        .map(|c| {
            c.split('\0')
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn hostile_values_arrive_whole_and_never_run() {
    let host = Host::trusted("hgx-hostile", None);
    let marker = host.sshd.home().join("pwned");
    let log = host.sshd.home().join("argv");
    let fake_agent = host.sshd.bin().join("hugflow");
    std::fs::write(
        &fake_agent,
        "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done >> \"$HOME/argv\"\nprintf '\\036' >> \"$HOME/argv\"\n",
    )
    .unwrap();
    std::fs::set_permissions(
        &fake_agent,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let _master = host.ssh.open_master(&host.target).await.unwrap();
    let (ssh, target) = (&host.ssh, &host.target);
    let agent = AgentInfo {
        version: "0.1.0".into(),
        path: fake_agent.display().to_string(),
    };

    let mut sent = 0;
    for value in hostile(&marker) {
        let path = format!("/tmp/{value}");
        let home_path = format!("~/{value}");
        let refused = value.contains('\n');
        // Values: echoed back whole.
        let echoed = ssh
            .run(
                target,
                &RemoteCommand::script("printf '%s'").arg(&value),
                None,
                Duration::from_secs(10),
            )
            .await
            .unwrap();
        assert_eq!(echoed.stdout_text(), value);
        // Agent calls: a checkout path, a job id, a request and token on stdin.
        let results = [
            agent::status(ssh, target, &agent, &path).await.err(),
            agent::status(ssh, target, &agent, &home_path).await.err(),
            agent::jobs::list(ssh, target, &agent, &path).await.err(),
            agent::jobs::log(ssh, target, &agent, "/data", &value)
                .await
                .err(),
            agent::jobs::cancel(ssh, target, &agent, "/data", &value)
                .await
                .err(),
            agent::jobs::start(ssh, target, &agent, &path, &value, Some(&value))
                .await
                .err(),
        ];
        if refused {
            for error in results {
                let message = error.expect("a newline is refused").to_string();
                assert!(message.contains("control character"), "{message}");
            }
        } else {
            sent += results.len();
        }
        // The monitor's storage root.
        let recorder = Recorder::new();
        let started = Monitor::start(
            ssh.clone(),
            target.clone(),
            MonitorSettings {
                interval: Duration::from_millis(100),
                storage_root: Some(path.clone()),
                ..Default::default()
            },
            recorder.clone(),
        );
        match started {
            Err(error) => assert!(refused, "{error}"),
            Ok(_monitor) => {
                recorder
                    .wait("a snapshot", Duration::from_secs(10), |r| {
                        r.snapshot_count() >= 2
                    })
                    .await;
            }
        }
    }
    assert!(!marker.exists(), "a hostile value ran on the host");
    let calls = calls(&log);
    assert_eq!(calls.len(), sent, "every call reached the agent: {calls:?}");
    for value in hostile(&marker).iter().filter(|v| !v.contains('\n')) {
        let path = format!("/tmp/{value}");
        let home_path = format!("{}/{value}", host.sshd.home().display());
        for whole in [&path, &home_path, value] {
            assert!(
                calls.iter().any(|args| args.contains(whole)),
                "{whole:?} did not arrive as one argument: {calls:?}"
            );
        }
    }
}
