//! The Hosts page's calls against real sshd servers on loopback with the fake nvidia-smi on
//! their PATH: adding, trusting, watching side by side, the agent, remote syncs.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hugflow_core::events::SyncEvent;
use hugflow_remote::ConnectionState;
use hugflow_secrets::{MemoryStore, SecretStore, Secrets};
use hugflow_testkit::process::workspace_bin;
use hugflow_testkit::sshd::Sshd;

use super::live::{AgentVersion, VersionRelation};
use super::*;
use crate::AppPaths;
pub(crate) use crate::test_support::RecordingHost;

/// A laptop: the app's data dir and an ssh config naming the servers.
pub(crate) struct Laptop {
    pub dir: tempfile::TempDir,
    pub ssh_config: PathBuf,
}

impl Laptop {
    pub fn new(servers: &[&Sshd]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let ssh_config = dir.path().join("ssh_config");
        for (i, server) in servers.iter().enumerate() {
            server.write_client_config(&ssh_config, i > 0);
        }
        Self { dir, ssh_config }
    }

    pub fn app(&self, host: Arc<RecordingHost>, env: &[(&str, &str)]) -> Arc<HugflowApp> {
        let store: Box<dyn SecretStore> = Box::new(MemoryStore::default());
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let options = HostsOptions {
            ssh_config: Some(self.ssh_config.clone()),
            interval: Duration::from_millis(300),
            poll: Duration::from_millis(300),
            retrain_poll: Duration::from_millis(300),
            agents: hugflow_remote::agent::builds::AgentBuilds::single(&workspace_bin("hugflow")),
        };
        Arc::new(
            HugflowApp::with_hosts_options(
                AppPaths {
                    data_dir: self.dir.path().join("data"),
                    log_dir: self.dir.path().join("logs"),
                },
                Secrets::with_env(store, move |name| {
                    env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
                }),
                host,
                options,
            )
            .unwrap(),
        )
    }
}

pub(crate) fn gpu_server(alias: &str, capture: &str) -> Sshd {
    let server = Sshd::start(alias, &[("FAKE_NVIDIA_SMI_CAPTURE", capture)]);
    server.install_program("nvidia-smi", &workspace_bin("nvidia-smi"));
    server
}

pub(crate) async fn until<T>(
    what: &str,
    timeout: Duration,
    mut check: impl FnMut() -> Option<T>,
) -> T {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub(crate) fn view(app: &HugflowApp, name: &str) -> HostView {
    app.hosts()
        .unwrap()
        .into_iter()
        .find(|h| h.name == name)
        .unwrap()
}

/// Waits for `name`'s unknown key and trusts the fingerprint shown.
pub(crate) async fn trust(app: &HugflowApp, name: &str) {
    let key = until(
        "the host key to be shown",
        Duration::from_secs(20),
        || match view(app, name).connection {
            ConnectionState::HostKeyUnknown { key: Some(key) } => Some(key),
            _ => None,
        },
    )
    .await;
    let stale = app
        .trust_host_key(name, "SHA256:not-the-one-shown")
        .unwrap_err();
    assert!(
        stale.message.contains("check it again"),
        "{}",
        stale.message
    );
    app.trust_host_key(name, &key.fingerprint).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hosts_are_trusted_and_watched_side_by_side() {
    let a = gpu_server("hgx-a", "linux-x86_64__nvidia-h100");
    let b = gpu_server("hgx-b", "linux-x86_64__nvidia-h200");
    let laptop = Laptop::new(&[&a, &b]);
    let app = laptop.app(Arc::default(), &[]);
    app.clone().watch_hosts().await;
    assert_eq!(app.ssh_config_hosts(), ["hgx-a", "hgx-b"]);

    let bad = app
        .add_host(&HostInput {
            cluster: None,
            name: "hgx-a; rm -rf ~".into(),
            storage_root: None,
            checkout: None,
        })
        .unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidInput);
    let relative = app
        .add_host(&HostInput {
            cluster: None,
            name: "hgx-a".into(),
            storage_root: Some("data".into()),
            checkout: None,
        })
        .unwrap_err();
    assert!(
        relative.message.contains("absolute path"),
        "{}",
        relative.message
    );

    let root = laptop.dir.path().display().to_string();
    for name in ["hgx-a", "hgx-b"] {
        app.add_host(&HostInput {
            cluster: None,
            name: name.into(),
            storage_root: Some(root.clone()),
            checkout: None,
        })
        .unwrap();
    }
    assert!(app.ssh_config_hosts().is_empty());
    trust(&app, "hgx-a").await;
    trust(&app, "hgx-b").await;

    let names = until("GPU cards on both hosts", Duration::from_secs(20), || {
        let hosts = app.hosts().unwrap();
        let names: Vec<String> = hosts
            .iter()
            .filter_map(|h| h.snapshot.as_ref()?.gpus.first().map(|g| g.name.clone()))
            .collect();
        (names.len() == 2 && hosts.iter().all(|h| h.connection.is_connected())).then_some(names)
    })
    .await;
    assert_eq!(names, ["NVIDIA H100 80GB HBM3", "NVIDIA H200"]);
    // Fresh at some point: a stall of ssh on a busy machine may make one look stale.
    let a_view = until("a fresh view of hgx-a", Duration::from_secs(10), || {
        let a_view = view(&app, "hgx-a");
        (!a_view.stale && a_view.updated_at.is_some()).then_some(a_view)
    })
    .await;
    assert_eq!(a_view.snapshot.unwrap().disks.len(), 1);
    until("an hour's history filling", Duration::from_secs(10), || {
        (app.host_history("hgx-b").unwrap().len() >= 3).then_some(())
    })
    .await;

    app.remove_host("hgx-b").unwrap();
    let left: Vec<String> = app.hosts().unwrap().into_iter().map(|h| h.name).collect();
    assert_eq!(left, ["hgx-a"]);
    assert_eq!(
        app.host_history("hgx-b").unwrap_err().code,
        ErrorCode::NotAllowed
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_agent_is_installed_and_a_remote_sync_runs_to_a_notification() {
    use hugflow_gitops::AddDraft;
    use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub, Gated, HubOptions};

    const GATED: &str = "acme/gated-speech";
    const TOKEN: &str = "hf_hostsTestToken4c1";
    let mut corpus = Corpus::new();
    corpus.insert(
        FakeDataset::builder(GATED)
            .file("README.md", "# Gated\n")
            .noise_file("data/train-00000-of-00001.parquet", 300_000)
            .gated(Gated::Manual)
            .access(TOKEN)
            .build(),
    );
    let hub = FakeHub::start_with(
        corpus,
        HubOptions {
            tokens: vec![TOKEN.to_string()],
            ..HubOptions::default()
        },
    );
    // The host's own environment points its syncs at the fake Hub; the token is the laptop's.
    let server = Sshd::start("hgx-a", &[("HF_ENDPOINT", hub.url())]);
    let checkout = hugflow_testkit::fixtures::copy_python_state();
    let laptop = Laptop::new(&[&server]);
    let recorder = Arc::new(RecordingHost::default());
    let app = laptop.app(recorder.clone(), &[("HF_TOKEN", TOKEN)]);
    app.clone().watch_hosts().await;
    app.add_host(&HostInput {
        cluster: None,
        name: "hgx-a".into(),
        storage_root: Some(checkout.path().join("datasets").display().to_string()),
        checkout: Some(checkout.path().display().to_string()),
    })
    .unwrap();
    trust(&app, "hgx-a").await;
    until("the agent found missing", Duration::from_secs(20), || {
        (view(&app, "hgx-a").agent == AgentState::Missing).then_some(())
    })
    .await;
    let refused = app
        .start_host_sync("hgx-a", &Draft::Add(AddDraft::default()))
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidInput);

    let info = app.install_agent("hgx-a").await.unwrap();
    assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
    assert!(server.home().join(".local/bin/hugflow").is_file());
    // The host's datasets join the catalogue: "on hgx-a".
    until(
        "the host's datasets in the catalogue",
        Duration::from_secs(20),
        || {
            let held = app.catalogue.held_by("openslr/librispeech_asr").unwrap();
            held.iter().any(|h| h.host == "hgx-a").then_some(())
        },
    )
    .await;

    let draft = Draft::Add(AddDraft {
        hf_id: GATED.into(),
        description: "gated eval set".into(),
        ..AddDraft::default()
    });
    let id = app.start_host_sync("hgx-a", &draft).await.unwrap();
    let job = until(
        "the remote sync to complete",
        Duration::from_secs(60),
        || {
            view(&app, "hgx-a")
                .jobs
                .into_iter()
                .find(|j| j.id == id && !j.state.is_running())
        },
    )
    .await;
    assert_eq!(job.state, hugflow_core::jobs::JobState::Complete, "{job:?}");
    // Following its --json log from the start replays it to its end.
    let info = match view(&app, "hgx-a").agent {
        AgentState::Installed { info, .. } => info,
        other => panic!("the agent is installed: {other:?}"),
    };
    let checkout_path = checkout.path().display().to_string();
    let mut events = Vec::new();
    let last = remote_agent::jobs::follow(
        &app.hosts.ssh,
        &Target::parse("hgx-a").unwrap(),
        &info,
        &checkout_path,
        &id,
        |event| events.push(event.kind()),
    )
    .await
    .unwrap()
    .expect("a last event");
    assert!(
        matches!(&last, SyncEvent::Complete { file_count, .. } if *file_count > 0),
        "{last:?}"
    );
    assert_eq!(events.first(), Some(&"planned"), "{events:?}");
    // The window's log: the same events, typed.
    let log = app.host_sync_log("hgx-a", &id).await.unwrap();
    let logged: Vec<&SyncEvent> = log
        .iter()
        .filter_map(|entry| match entry {
            SyncLogEntry::Event { event } => Some(event),
            SyncLogEntry::Text { .. } => None,
        })
        .collect();
    assert_eq!(logged.last(), Some(&&last), "{log:?}");
    assert!(!format!("{log:?}").contains(TOKEN));
    until("the notification", Duration::from_secs(10), || {
        let all = recorder.notifications.lock().unwrap();
        all.iter()
            .find(|n| n.title == format!("{GATED} synced on hgx-a"))
            .cloned()
    })
    .await;
    until(
        "the new dataset in the catalogue",
        Duration::from_secs(20),
        || {
            let held = app.catalogue.held_by(GATED).unwrap();
            held.iter().any(|h| h.host == "hgx-a").then_some(())
        },
    )
    .await;
}

/// A host with a stand-in `hugflow` on its PATH that says it is `version` and answers every
/// other command with `answer`.
fn host_with_agent(alias: &str, version: &str, answer: &str) -> Sshd {
    use std::os::unix::fs::PermissionsExt;
    let server = Sshd::start(alias, &[]);
    let script = server.bin().join("hugflow");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'hugflow {version} (1a2b3c4)'; exit 0; fi\n\
             echo '{answer}'\n"
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    server
}

fn installed_version(app: &HugflowApp, name: &str) -> Option<(String, AgentVersion)> {
    match view(app, name).agent {
        AgentState::Installed { info, version } => Some((info.version, version)),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_agent_is_upgraded_and_a_newer_one_asks_for_a_newer_desktop() {
    use hugflow_gitops::AddDraft;

    let old = host_with_agent("hgx-old", "0.0.1", "{}");
    // A newer hugflow answers in a schema this app does not know yet.
    let new = host_with_agent("hgx-new", "99.0.0", r#"{"schema":99,"event":"started"}"#);
    let laptop = Laptop::new(&[&old, &new]);
    let app = laptop.app(Arc::default(), &[]);
    app.clone().watch_hosts().await;
    for name in ["hgx-old", "hgx-new"] {
        app.add_host(&HostInput {
            cluster: None,
            name: name.into(),
            storage_root: None,
            checkout: Some("/srv/gitops".into()),
        })
        .unwrap();
        trust(&app, name).await;
    }
    let app_version = env!("CARGO_PKG_VERSION").to_string();
    let (found, version) = until("the old agent found", Duration::from_secs(20), || {
        installed_version(&app, "hgx-old")
    })
    .await;
    assert_eq!(found, "0.0.1");
    assert_eq!(
        version,
        AgentVersion {
            app: app_version.clone(),
            relation: VersionRelation::Older
        }
    );

    let (found, version) = until("the new agent found", Duration::from_secs(20), || {
        installed_version(&app, "hgx-new")
    })
    .await;
    assert_eq!(found, "99.0.0");
    assert_eq!(version.relation, VersionRelation::Newer);
    // What the user reads when this app asks the newer hugflow for something.
    let draft = Draft::Add(AddDraft {
        hf_id: "acme/speech".into(),
        description: "eval set".into(),
        ..AddDraft::default()
    });
    let refused = app.start_host_sync("hgx-new", &draft).await.unwrap_err();
    assert!(
        refused.message.contains("hgx-new")
            && refused.message.contains("schema 99")
            && refused.message.ends_with("upgrade Hugflow Desktop"),
        "{refused:?}"
    );
    assert_eq!(refused.code, ErrorCode::Outdated);
    // Nor is the newer one replaced by this app's older build, whoever asks.
    let kept = app.install_agent("hgx-new").await.unwrap_err();
    assert_eq!(kept.code, ErrorCode::Outdated, "{kept:?}");
    assert!(kept.message.contains("99.0.0"), "{kept:?}");

    // "Upgrade hugflow on this host": this app's build replaces the old one.
    let info = app.install_agent("hgx-old").await.unwrap();
    assert_eq!(info.version, app_version);
    assert!(old.home().join(".local/bin/hugflow").is_file());
    let (found, version) = until("the upgrade shown", Duration::from_secs(20), || {
        installed_version(&app, "hgx-old")
    })
    .await;
    assert_eq!(found, app_version);
    assert_eq!(version.relation, VersionRelation::Same);
}
