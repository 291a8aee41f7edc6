//! The Retrain page's facade calls: a recorded orchestrator history read from the local
//! checkout with its endings notified once, and a metadata repo's versions from the fake Hub.

use std::sync::Arc;

use hugflow_core::retrain::{RetrainRun, RunOutcome};
use hugflow_testkit::fixtures;
use hugflow_testkit::hub::{Corpus, FakeHub};

use super::watch::SeenRuns;
use crate::runs::tests::{app, app_with};
use crate::test_support::RecordingHost;

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
