//! The Runs and Retrain pages, end to end: the real app reads the shared ductaflow fixture
//! from a local run folder (lights as ductaflow decides them, the deciding log line, a flow
//! re-run to its end with its output), and
//! shows a retrain run the orchestrator recorded in the local checkout as a timeline.

use std::collections::BTreeMap;

use hugflow_e2e::{AppHome, Desktop};
use hugflow_testkit::fixtures;
use hugflow_testkit::hub::{Corpus, FakeHub};
use hugflow_testkit::process::workspace_bin;

const BINARY: &str = env!("CARGO_BIN_EXE_hugflow-desktop");

#[tokio::test(flavor = "multi_thread")]
async fn the_runs_page_shows_ductaflows_lights_and_the_deciding_line_and_reruns_a_flow() {
    let home = AppHome::new();
    // The fixture's project, its train flow runnable as a script.
    let (copy, _) = fixtures::ductaflow_project_to_rerun(serde_json::json!({}));
    let project = copy.path();
    let agent = workspace_bin("hugflow").display().to_string();
    let env = [
        ("HUGFLOW_AGENT_BINARY", agent.as_str()),
        ("HUGFLOW_HOST_POLL_MS", "300"),
    ];
    let desktop = Desktop::launch_with(&home, BINARY, &env).await;
    desktop.click("nav-runs").await;
    desktop
        .type_into("run-source-path", &project.display().to_string())
        .await;
    desktop.click("add-run-source").await;
    desktop.wait_count("run-row", 3).await;
    let lights: BTreeMap<String, String> = desktop
        .attribute_and_text("run-row", "data-name")
        .await
        .into_iter()
        .map(|(name, _)| name)
        .zip(
            desktop
                .attribute_and_text("run-row", "data-status")
                .await
                .into_iter()
                .map(|(s, _)| s),
        )
        .collect();
    let expected: BTreeMap<String, String> = [
        ("baseline", "success"),
        ("diverged", "error"),
        ("low_data", "success"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(lights, expected);

    desktop
        .click_where("run-row", "data-name", "diverged")
        .await;
    desktop.wait_at_least("flow-row", 2).await;
    let flows = desktop.attribute_and_text("flow-row", "data-status").await;
    assert!(
        flows
            .iter()
            .any(|(status, text)| status == "error" && text.contains("train_instance")),
        "{flows:?}"
    );
    desktop
        .click_where("flow-row", "data-status", "error")
        .await;
    desktop
        .wait_text_containing(
            "deciding-line",
            "RuntimeError: loss diverged (nan) at step 12",
        )
        .await;
    desktop.screenshot("runs-diverged").await;

    // Re-run it: the command is shown first, then the re-run runs here to its end.
    desktop.click("flow-rerun").await;
    let command = desktop.text("flow-rerun-command").await;
    assert!(command.contains("--output-dir"), "{command}");
    desktop.click("flow-rerun-confirm").await;
    desktop
        .wait_attribute("flow-rerun-status", "data-state", "complete")
        .await;
    desktop
        .wait_text_containing("flow-rerun-log", "rows=500")
        .await;
    desktop.screenshot("runs-rerun").await;
    desktop.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_retrain_page_shows_a_recorded_runs_timeline() {
    // A real orchestrator run, recorded in the checkout's state dir.
    let checkout = fixtures::copy_python_state();
    let hub = FakeHub::start(Corpus::new());
    hub.spaces().add("acme/prepare", "RUNNING");
    hub.spaces().add("acme/retrain-urgency", "PAUSED");
    let metadata = |tag: &str, n: u64| {
        let json = serde_json::json!({"version_tag": tag, "num_samples": n});
        vec![(
            "dataset_metadata.json".to_string(),
            json.to_string().into_bytes(),
        )]
    };
    hub.live().commit("acme/urgency", "v1", metadata("v1", 10));
    hub.live()
        .publish_on_restart("acme/prepare", "acme/urgency", "v2", metadata("v2", 45), 1);
    let db = checkout.path().join("reviews.db");
    let connection = rusqlite::Connection::open(&db).unwrap();
    connection.execute_batch("CREATE TABLE misclassified_complaints (model_type TEXT, predicted_label TEXT, corrected_label TEXT, reviewed BOOLEAN)").unwrap();
    for _ in 0..30 {
        connection
            .execute(
                "INSERT INTO misclassified_complaints VALUES ('urgency', 'low', 'high', TRUE)",
                [],
            )
            .unwrap();
    }
    let env: std::collections::HashMap<String, String> = [
        ("HF_TOKEN", hub.token().to_string()),
        ("HF_ENDPOINT", hub.url().to_string()),
        ("PREPARE_DATASET_REPO", "acme/prepare".into()),
        ("RETRAIN_URGENCY_REPO", "acme/retrain-urgency".into()),
        (
            "HF_HUB_METADATA_URGENCY",
            format!(
                "{}/datasets/acme/urgency/resolve/main/dataset_metadata.json",
                hub.url()
            ),
        ),
        ("THRESHOLD_URGENCY", "40".into()),
        ("DATABASE_URL", format!("sqlite:///{}", db.display())),
        ("POLL_INTERVAL", "0.05".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let config = hugflow_retrain::RetrainConfig::load(&env, None).unwrap();
    let run = hugflow_retrain::run(
        &config,
        &checkout.path().join(".hugflow-state"),
        hugflow_retrain::RunLog::new(false, |_| {}),
    )
    .await
    .unwrap();
    assert_eq!(
        run.outcome,
        hugflow_core::retrain::RunOutcome::Completed,
        "{run:#?}"
    );

    let home = AppHome::new();
    let hub_url = hub.url().to_string();
    let desktop = Desktop::launch_with(&home, BINARY, &[("HF_ENDPOINT", &hub_url)]).await;
    desktop.click("nav-local").await;
    desktop
        .type_into("checkout-path", &checkout.path().display().to_string())
        .await;
    desktop.click("checkout-open").await;
    desktop.wait_count("dataset-row", 2).await;

    desktop.click("nav-retrain").await;
    desktop.wait_count("retrain-run", 1).await;
    desktop.click("retrain-run").await;
    desktop.wait_count("label-timeline", 1).await;
    let steps: Vec<String> = desktop
        .attribute_and_text("timeline-step", "data-step")
        .await
        .into_iter()
        .map(|(step, _)| step)
        .collect();
    assert_eq!(
        steps,
        [
            "count",
            "read_version",
            "restart_prepare",
            "poll_metadata",
            "restart_retrain"
        ]
    );
    let outcomes = desktop
        .attribute_and_text("timeline-step", "data-outcome")
        .await;
    assert!(outcomes.iter().all(|(o, _)| o == "ok"), "{outcomes:?}");
    let counts = desktop.text("label-counts").await;
    assert!(
        counts.contains("45") && counts.contains("40"),
        "dataset length against the threshold: {counts}"
    );
    desktop.screenshot("retrain-timeline").await;
    desktop.quit().await;
}
