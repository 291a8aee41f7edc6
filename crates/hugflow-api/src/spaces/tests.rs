//! The Spaces page's facade calls against the fake Hub's Spaces and a worker's results
//! dataset, and how a worker's iteration is read from its files.

use hugflow_testkit::hub::{Corpus, FakeHub};

use super::{RetrainSpace, SpacesSettings, WorkerSpace, highest_iteration};
use crate::ErrorCode;
use crate::runs::tests::app;

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

#[test]
fn iterations_are_the_highest_numbered_result() {
    let paths = [
        "iteration_1.json",
        "data/iteration_12.json",
        "test_plan_iteration_3.json",
        "README.md",
        "iteration_x.json",
    ];
    assert_eq!(highest_iteration(paths.into_iter()), Some(12));
    assert_eq!(highest_iteration(["README.md"].into_iter()), Some(0));
}
