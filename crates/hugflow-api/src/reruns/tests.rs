//! "Re-run this flow" through the facade: on this computer in-process (an app with no
//! `hugflow` binary anywhere), and on a host over a real sshd with the agent installed, each
//! followed to its notification; the scan and the log tail show the re-run.

use std::sync::Arc;
use std::time::Duration;

use hugflow_core::jobs::JobState;
use hugflow_testkit::fixtures::{DUCTAFLOW_TRAIN_FLOW, ductaflow_project_to_rerun};
use hugflow_testkit::process::cmdline;
use hugflow_testkit::sshd::Sshd;

use hugflow_secrets::{MemoryStore, SecretStore, Secrets};

use crate::hosts::tests::{Laptop, RecordingHost, trust, until, view};
use crate::{AgentState, AppPaths, HostInput, HostsOptions, HugflowApp, RunSource};

const FLOW: &str = DUCTAFLOW_TRAIN_FLOW;

fn source(host: Option<&str>, project: &std::path::Path) -> RunSource {
    RunSource {
        host: host.map(str::to_string),
        path: project.display().to_string(),
    }
}

/// The desktop as packaged: no `hugflow` next to it (the path it would run names nothing).
fn packaged_app(data: &tempfile::TempDir, host: Arc<RecordingHost>) -> Arc<HugflowApp> {
    let store: Box<dyn SecretStore> = Box::new(MemoryStore::default());
    let options = HostsOptions {
        ssh_config: None,
        interval: Duration::from_millis(300),
        poll: Duration::from_millis(300),
        retrain_poll: Duration::from_millis(300),
        agents: hugflow_remote::agent::builds::AgentBuilds::single(
            &data.path().join("no-hugflow-here"),
        ),
    };
    let paths = AppPaths {
        data_dir: data.path().join("data"),
        log_dir: data.path().join("logs"),
    };
    let secrets = Secrets::with_env(store, |_| None);
    Arc::new(HugflowApp::with_hosts_options(paths, secrets, host, options).unwrap())
}

async fn notified(recorder: &RecordingHost, count: usize) -> Vec<crate::Notification> {
    until("the re-run's notification", Duration::from_secs(30), || {
        let all = recorder.notifications.lock().unwrap().clone();
        (all.len() >= count).then_some(all)
    })
    .await
}

async fn rerun_of(app: &HugflowApp, source: &RunSource) -> hugflow_core::runs::Rerun {
    let report = app.scan_runs(source).await.unwrap();
    report
        .ductaflow
        .iter()
        .flat_map(|build| &build.flows)
        .find(|flow| flow.path == FLOW)
        .and_then(|flow| flow.rerun.clone())
        .expect("the scan shows the re-run on its flow")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_rerun_runs_in_the_app_is_followed_to_its_notification_and_can_be_stopped() {
    let data = tempfile::tempdir().unwrap();
    let recorder = Arc::new(RecordingHost::default());
    let app = packaged_app(&data, recorder.clone());

    let (project, _) = ductaflow_project_to_rerun(serde_json::json!({ "exit": 3 }));
    let failing = source(None, project.path());
    app.add_run_source(&failing).unwrap();
    let started = app.rerun_flow(&failing, FLOW).await.unwrap();
    assert_eq!(started.state, JobState::Running);
    assert_eq!(started.command[1], "flows/train.py");
    let notes = notified(&recorder, 1).await;
    assert_eq!(
        notes[0].title,
        "Re-run of train_instance failed on this computer"
    );
    assert!(notes[0].body.contains("exit code 3"), "{}", notes[0].body);
    let rerun = rerun_of(&app, &failing).await;
    assert_eq!((rerun.state, rerun.code), (JobState::Failed, Some(3)));

    // Paths that leave the folder are refused before anything runs.
    let escape = app.rerun_flow(&failing, "../elsewhere").await.unwrap_err();
    assert!(
        escape.message.contains("not a run folder inside"),
        "{}",
        escape.message
    );

    let (project, _) = ductaflow_project_to_rerun(serde_json::json!({ "sleep": 60 }));
    let sleeping = source(None, project.path());
    app.add_run_source(&sleeping).unwrap();
    let running = app.rerun_flow(&sleeping, FLOW).await.unwrap();
    // The app started the flow itself: the recorded pid is its python, no runner between
    // (argv[0] may differ: python may be a shim that runs the real one).
    let pid = running.pid.expect("the flow's pid");
    let args = cmdline(pid);
    assert!(args.ends_with(&running.command[1..]), "{args:?}");
    let again = app.rerun_flow(&sleeping, FLOW).await.unwrap_err();
    assert_eq!(again.code, crate::ErrorCode::Busy);
    assert!(
        again.message.contains("being re-run already"),
        "{}",
        again.message
    );
    until("the flow to print", Duration::from_secs(20), || {
        let log = std::fs::read_to_string(project.path().join(FLOW).join(".hugflow/rerun.log"))
            .unwrap_or_default();
        log.contains("rows=").then_some(())
    })
    .await;
    let log = || std::fs::read_to_string(project.path().join(FLOW).join(".hugflow/rerun.log"));
    let state = app.cancel_rerun(&sleeping, FLOW).await.unwrap();
    assert_eq!(state, JobState::Cancelled, "{:?}", log());
    let notes = notified(&recorder, 2).await;
    assert_eq!(
        notes[1].title,
        "Re-run of train_instance stopped on this computer"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flow_on_a_host_is_scanned_rerun_over_ssh_and_tailed() {
    let server = Sshd::start("hgx-a", &[]);
    let (project, _) = ductaflow_project_to_rerun(serde_json::json!({}));
    let laptop = Laptop::new(&[&server]);
    let recorder = Arc::new(RecordingHost::default());
    let app = laptop.app(recorder.clone(), &[]);
    app.clone().watch_hosts().await;
    app.add_host(&HostInput {
        cluster: None,
        name: "hgx-a".into(),
        storage_root: None,
        checkout: None,
    })
    .unwrap();
    trust(&app, "hgx-a").await;
    until("the agent found missing", Duration::from_secs(20), || {
        (view(&app, "hgx-a").agent == AgentState::Missing).then_some(())
    })
    .await;
    app.install_agent("hgx-a").await.unwrap();
    until("the agent installed", Duration::from_secs(20), || {
        matches!(view(&app, "hgx-a").agent, AgentState::Installed { .. }).then_some(())
    })
    .await;

    let on_host = source(Some("hgx-a"), project.path());
    app.add_run_source(&on_host).unwrap();
    let report = app.scan_runs(&on_host).await.unwrap();
    let diverged = report
        .ductaflow
        .iter()
        .find(|r| r.name == "diverged")
        .unwrap();
    assert_eq!(diverged.status, hugflow_core::runs::FlowStatus::Error);

    let started = app.rerun_flow(&on_host, FLOW).await.unwrap();
    assert_eq!(started.state, JobState::Running);
    let notes = notified(&recorder, 1).await;
    assert_eq!(notes[0].title, "Re-run of train_instance complete on hgx-a");
    let rerun = rerun_of(&app, &on_host).await;
    assert_eq!((rerun.state, rerun.code), (JobState::Complete, Some(0)));
    let tail = app
        .run_file_tail(&on_host, &format!("{FLOW}/.hugflow/rerun.log"), 50)
        .await
        .unwrap();
    let folder = project.path().canonicalize().unwrap().join(FLOW);
    assert!(
        tail.iter()
            .any(|l| l.starts_with("rows=500") && l.ends_with(&format!("out={}", folder.display()))),
        "{tail:?}"
    );
}
