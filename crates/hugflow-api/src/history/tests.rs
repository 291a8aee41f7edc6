//! The Runs, Retrain and Spaces pages' facade calls, against the shared fixtures, a recorded
//! orchestrator history and the fake Hub's Spaces and live metadata repo.

use std::sync::Arc;

use hugflow_core::retrain::{RetrainRun, RunOutcome};
use hugflow_core::runs::FlowStatus;
use hugflow_secrets::{MemoryStore, SecretStore, Secrets};
use hugflow_testkit::fixtures;
use hugflow_testkit::hub::{Corpus, FakeHub};

use super::retrain_watch::SeenRuns;
use super::types::{RetrainSpace, RunSource, SpacesSettings, WorkerSpace};
use crate::test_support::RecordingHost;
use crate::{AppPaths, ErrorCode, HF_ENDPOINT_SETTING, HugflowApp};

fn app(data: &tempfile::TempDir, hub: Option<&FakeHub>) -> HugflowApp {
    app_with(data, hub, Arc::new(RecordingHost::default()))
}

fn app_with(
    data: &tempfile::TempDir,
    hub: Option<&FakeHub>,
    host: Arc<RecordingHost>,
) -> HugflowApp {
    let store: Box<dyn SecretStore> = Box::new(MemoryStore::default());
    let token = hub.map(|h| h.token().to_string());
    let app = HugflowApp::new(
        AppPaths {
            data_dir: data.path().join("data"),
            log_dir: data.path().join("logs"),
        },
        Secrets::with_env(store, move |name| {
            (name == "HF_TOKEN").then(|| token.clone()).flatten()
        }),
        host,
    )
    .unwrap();
    if let Some(hub) = hub {
        app.db.set_setting(HF_ENDPOINT_SETTING, hub.url()).unwrap();
    }
    app
}

fn local(path: &std::path::Path) -> RunSource {
    RunSource {
        host: None,
        path: path.display().to_string(),
    }
}

#[tokio::test]
async fn a_local_run_folder_is_saved_scanned_and_tailed() {
    let data = tempfile::tempdir().unwrap();
    let app = app(&data, None);
    let project = fixtures::fixtures_dir().join("ductaflow/project");
    let sources = app.add_run_source(&local(&project)).unwrap();
    assert_eq!(sources, [local(&project)]);
    assert_eq!(
        app.add_run_source(&local(&project)).unwrap().len(),
        1,
        "added once"
    );

    let report = app.scan_runs(&sources[0]).await.unwrap();
    let diverged = report
        .ductaflow
        .iter()
        .find(|r| r.name == "diverged")
        .unwrap();
    assert_eq!(diverged.status, FlowStatus::Error);
    let train = diverged
        .flows
        .iter()
        .find(|f| f.name == "train_instance")
        .unwrap();
    let log = train.log_path.clone().unwrap();
    let tail = app.run_file_tail(&sources[0], &log, 3).await.unwrap();
    assert_eq!(tail.len(), 3);
    assert!(
        tail.iter()
            .any(|l| l.starts_with("RuntimeError: loss diverged")),
        "{tail:?}"
    );

    let escape = app
        .run_file_tail(&sources[0], "../../../etc/passwd", 3)
        .await
        .unwrap_err();
    assert_eq!(escape.code, ErrorCode::NotAllowed);
    assert!(app.remove_run_source(&sources[0]).unwrap().is_empty());
}

#[tokio::test]
async fn bad_run_folders_are_refused_with_the_fix() {
    let data = tempfile::tempdir().unwrap();
    let app = app(&data, None);
    let missing = app
        .add_run_source(&local(std::path::Path::new("/nowhere/runs")))
        .unwrap_err();
    assert_eq!(missing.code, ErrorCode::InvalidInput);
    assert!(
        missing.message.contains("/nowhere/runs"),
        "{}",
        missing.message
    );
    let relative = app
        .add_run_source(&RunSource {
            host: None,
            path: "runs".into(),
        })
        .unwrap_err();
    assert!(
        relative.message.contains("absolute"),
        "{}",
        relative.message
    );
    let unknown = app
        .add_run_source(&RunSource {
            host: Some("hgx-9".into()),
            path: "/data/runs".into(),
        })
        .unwrap_err();
    assert!(
        unknown.message.contains("Hosts page"),
        "{}",
        unknown.message
    );
    assert!(app.run_sources().unwrap().is_empty());
}

#[tokio::test]
async fn the_local_checkouts_retrain_history_is_read_and_its_endings_notified() {
    let data = tempfile::tempdir().unwrap();
    let recorder = Arc::new(RecordingHost::default());
    let app = app_with(&data, None, recorder.clone());
    let checkout = fixtures::copy_python_state();
    app.open_local_checkout(&checkout.path().display().to_string())
        .unwrap();
    assert!(
        app.retrain_history(None).await.unwrap().runs.is_empty(),
        "no history yet"
    );
    let mut seen = SeenRuns::default();
    app.notify_retrain_endings(&mut seen).await;

    let state = checkout.path().join(".hugflow-state");
    let store = hugflow_retrain::RunStore::open(&state).unwrap();
    let mut run = RetrainRun {
        id: 0,
        started_at: "2026-11-22T08:00:00.000Z".into(),
        ended_at: None,
        outcome: RunOutcome::Running,
        dry_run: false,
        actions_url: None,
        labels: Vec::new(),
        error: None,
    };
    store.insert(&mut run).unwrap();
    app.notify_retrain_endings(&mut seen).await;
    assert!(
        recorder.titles().is_empty(),
        "a running run is not announced"
    );

    run.ended_at = Some("2026-11-22T08:03:00.000Z".into());
    run.outcome = RunOutcome::Completed;
    store.save(&run).unwrap();
    let history = app.retrain_history(None).await.unwrap();
    assert_eq!(history.runs, [run]);
    app.notify_retrain_endings(&mut seen).await;
    app.notify_retrain_endings(&mut seen).await;
    assert_eq!(
        recorder.titles(),
        ["Retrain run #1 finished on this computer"],
        "announced once"
    );
}

#[tokio::test]
async fn spaces_show_their_runtime_and_workers_iterations_and_restart_on_request() {
    let hub = FakeHub::start(Corpus::new());
    hub.spaces().add("acme/prepare", "RUNNING");
    hub.spaces().add("acme/retrain-urgency", "PAUSED");
    hub.spaces().add("acme/analysis-worker", "RUNNING");
    let results = ["iteration_1.json", "iteration_2.json", "iteration_7.json"];
    hub.live().commit(
        "acme/analysis-results",
        "results",
        results
            .iter()
            .map(|p| (p.to_string(), b"{}".to_vec()))
            .collect(),
    );
    let data = tempfile::tempdir().unwrap();
    let app = app(&data, Some(&hub));
    let settings = SpacesSettings {
        prepare: Some(" acme/prepare ".into()),
        retrain: vec![RetrainSpace {
            label: "urgency".into(),
            space: "acme/retrain-urgency".into(),
        }],
        workers: vec![
            WorkerSpace {
                space: "acme/analysis-worker".into(),
                results_dataset: Some("acme/analysis-results".into()),
            },
            WorkerSpace {
                space: "acme/gone".into(),
                results_dataset: None,
            },
        ],
    };
    app.save_spaces_settings(&settings).unwrap();
    assert_eq!(
        app.spaces_settings().unwrap().prepare.as_deref(),
        Some("acme/prepare")
    );

    let report = app.spaces().await.unwrap();
    let rows: Vec<_> = report
        .spaces
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                s.role.as_str(),
                s.stage.as_deref(),
                s.iterations,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("acme/prepare", "prepare", Some("RUNNING"), None),
            (
                "acme/retrain-urgency",
                "retrain urgency",
                Some("PAUSED"),
                None
            ),
            ("acme/analysis-worker", "worker", Some("RUNNING"), Some(7)),
            ("acme/gone", "worker", None, None),
        ]
    );
    assert!(
        report.spaces[3]
            .error
            .as_deref()
            .unwrap()
            .contains("Space `acme/gone` was not found")
    );

    app.restart_space("acme/retrain-urgency").await.unwrap();
    app.pause_space("acme/prepare").await.unwrap();
    let calls: Vec<_> = hub
        .spaces()
        .calls()
        .into_iter()
        .map(|c| (c.space, c.action))
        .collect();
    assert_eq!(
        calls,
        [
            ("acme/retrain-urgency".to_string(), "restart".to_string()),
            ("acme/prepare".into(), "pause".into())
        ]
    );
    hub.spaces().refuse("acme/prepare");
    let refused = app.restart_space("acme/prepare").await.unwrap_err();
    assert!(refused.message.contains("rights"), "{}", refused.message);

    let bad = SpacesSettings {
        prepare: Some("not a space".into()),
        ..SpacesSettings::default()
    };
    assert_eq!(
        app.save_spaces_settings(&bad).unwrap_err().code,
        ErrorCode::InvalidInput
    );
}

#[tokio::test]
async fn dataset_versions_come_from_the_metadata_repos_commits() {
    let hub = FakeHub::start(Corpus::new());
    let metadata = |tag: &str, n: u64| {
        let json = serde_json::json!({"version_tag": tag, "num_samples": n});
        vec![(
            "dataset_metadata.json".to_string(),
            json.to_string().into_bytes(),
        )]
    };
    hub.live().commit("acme/urgency", "v1", metadata("v1", 100));
    hub.live().commit(
        "acme/urgency",
        "readme",
        vec![("README.md".into(), b"hi".to_vec())],
    );
    hub.live().commit("acme/urgency", "v2", metadata("v2", 160));
    let data = tempfile::tempdir().unwrap();
    let app = app(&data, Some(&hub));
    let versions = app.dataset_versions("acme/urgency").await.unwrap();
    let seen: Vec<_> = versions
        .iter()
        .map(|v| (v.version_tag.as_deref(), v.num_samples))
        .collect();
    assert_eq!(
        seen,
        [(Some("v1"), Some(100)), (Some("v2"), Some(160))],
        "the README commit adds no version"
    );
    assert!(versions[0].date < versions[1].date, "oldest first");
}
