//! A real sshd on loopback per test, a client config and known_hosts for it, and a sink that
//! records what a monitor reports.

#![allow(dead_code)] // each test file uses its own part

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hugflow_core::monitor::HostSnapshot;
use hugflow_remote::{ConnectionState, History, MonitorSink, Ssh, SshSettings, Target};
use hugflow_testkit::process::workspace_bin;
use hugflow_testkit::sshd::Sshd;
use tempfile::TempDir;

pub struct Host {
    pub sshd: Sshd,
    pub laptop: TempDir,
    pub ssh: Ssh,
    pub target: Target,
}

impl Host {
    /// A host replaying `capture` through the fake nvidia-smi (none when `capture` is None),
    /// not yet trusted by the laptop.
    pub fn new(alias: &str, capture: Option<&str>) -> Self {
        let env: Vec<(&str, &str)> = capture
            .map(|c| {
                vec![
                    ("FAKE_NVIDIA_SMI_CAPTURE", c),
                    ("FAKE_NVIDIA_SMI_PHASE", "load"),
                ]
            })
            .unwrap_or_default();
        let sshd = Sshd::start(alias, &env);
        if capture.is_some() {
            sshd.install_program("nvidia-smi", &workspace_bin("nvidia-smi"));
        }
        let laptop = tempfile::tempdir().unwrap();
        let config = laptop.path().join("ssh_config");
        sshd.write_client_config(&config, false);
        let mut settings = SshSettings::in_dir(PathBuf::from("/usr/bin/ssh"), laptop.path());
        settings.config_file = Some(config);
        settings.connect_timeout = Duration::from_secs(3);
        Self {
            target: Target::parse(alias).unwrap(),
            ssh: Ssh::new(settings),
            sshd,
            laptop,
        }
    }

    /// The same, with the host's key already in the app's known_hosts.
    pub fn trusted(alias: &str, capture: Option<&str>) -> Self {
        let host = Self::new(alias, capture);
        std::fs::write(
            &host.ssh.settings().known_hosts,
            host.sshd.known_hosts_line() + "\n",
        )
        .unwrap();
        host
    }
}

/// Remembers every state and snapshot, and the history, as the desktop would.
#[derive(Default)]
pub struct Recorder {
    pub states: Mutex<Vec<ConnectionState>>,
    pub snapshots: Mutex<Vec<HostSnapshot>>,
    pub history: Mutex<Option<History>>,
}

impl Recorder {
    pub fn new() -> Arc<Self> {
        let recorder = Self::default();
        *recorder.history.lock().unwrap() = Some(History::new(Duration::from_secs(3600)));
        Arc::new(recorder)
    }

    pub fn last_state(&self) -> Option<ConnectionState> {
        self.states.lock().unwrap().last().cloned()
    }

    pub fn snapshot_count(&self) -> usize {
        self.snapshots.lock().unwrap().len()
    }

    pub fn history_len(&self) -> usize {
        self.history.lock().unwrap().as_ref().unwrap().len()
    }

    /// Waits (polling, async) until `check` holds, or panics naming `what` and the states.
    pub async fn wait(&self, what: &str, timeout: Duration, check: impl Fn(&Self) -> bool) {
        let deadline = tokio::time::Instant::now() + timeout;
        while !check(self) {
            if tokio::time::Instant::now() > deadline {
                panic!(
                    "timed out waiting for {what}; states: {:?}",
                    self.states.lock().unwrap()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl MonitorSink for Recorder {
    fn state(&self, state: ConnectionState) {
        self.states.lock().unwrap().push(state);
    }

    fn snapshot(&self, snapshot: HostSnapshot) {
        let now = chrono::Utc::now().timestamp_millis();
        if let Some(history) = self.history.lock().unwrap().as_mut() {
            history.push(&snapshot, now);
        }
        self.snapshots.lock().unwrap().push(snapshot);
    }
}
