//! The real desktop app and the Hub's answers as huggingface.co gives them: a disabled dataset
//! is marked in the catalogue and on its page, which offers no Request button; "Open on the
//! Hub" on a dataset page reaches the shell's opener (recorded through `HUGFLOW_OPEN_LOG`, the
//! file the opener appends each URL to instead of launching a browser).

use std::time::{Duration, Instant};

use hugflow_e2e::{AppHome, Desktop};
use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub};

const BINARY: &str = env!("CARGO_BIN_EXE_hugflow-desktop");
const DISABLED: &str = "acme/taken-down-speech";
const OPEN: &str = "acme/kept-speech";

fn corpus() -> Corpus {
    let mut corpus = Corpus::generate(40, 11);
    corpus.insert(
        FakeDataset::builder(DISABLED)
            .file("README.md", "# Taken down\n")
            .noise_file("data/train-00000-of-00001.parquet", 2_000)
            .downloads(50)
            .disabled()
            .build(),
    );
    corpus.insert(
        FakeDataset::builder(OPEN)
            .file("README.md", "# Kept\n")
            .noise_file("data/train-00000-of-00001.parquet", 2_000)
            .downloads(60)
            .build(),
    );
    corpus
}

/// Each listed row's dataset id and whether it carries the "disabled" badge.
async fn disabled_badges(desktop: &Desktop) -> Vec<(String, bool)> {
    let script = r#"return Array.from(document.querySelectorAll("[data-testid='catalogue-row']"))
        .map((row) => [row.getAttribute("data-id"),
                       (row.querySelector("[data-testid='row-disabled']")?.textContent ?? "") === "disabled"]);"#;
    let rows = desktop.client.execute(script, Vec::new()).await.unwrap();
    serde_json::from_value(rows).unwrap()
}

/// The lines of the opener's log, waiting up to 10 s for at least one.
async fn opened(log: &std::path::Path) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let lines: Vec<String> = std::fs::read_to_string(log)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect();
        if !lines.is_empty() || Instant::now() > deadline {
            return lines;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_disabled_dataset_cannot_be_requested_and_open_on_the_hub_calls_the_opener() {
    let hub = FakeHub::start(corpus());
    let home = AppHome::new();
    let log = std::env::temp_dir().join(format!("hugflow-e2e-opened-{}.txt", std::process::id()));
    let _ = std::fs::remove_file(&log);
    let log_path = log.to_str().unwrap();
    let env = [
        ("HF_ENDPOINT", hub.url()),
        ("HF_TOKEN", hub.token()),
        ("HUGFLOW_OPEN_LOG", log_path),
    ];
    let desktop = Desktop::launch_with(&home, BINARY, &env).await;
    desktop.crawl_catalogue().await;

    // The catalogue marks the disabled dataset, and only it.
    desktop.type_into("catalogue-search", "acme").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let rows = loop {
        let rows = disabled_badges(&desktop).await;
        let listed = |id: &str| rows.iter().any(|(row, _)| row == id);
        if (listed(DISABLED) && listed(OPEN)) || Instant::now() > deadline {
            break rows;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(rows.contains(&(DISABLED.to_string(), true)), "{rows:?}");
    assert!(rows.contains(&(OPEN.to_string(), false)), "{rows:?}");

    // Its page says disabled and offers no Request button.
    desktop
        .click_where("catalogue-row", "data-id", DISABLED)
        .await;
    desktop.wait_text("dataset-id", DISABLED).await;
    desktop
        .wait_text_containing("dataset-disabled", "disabled")
        .await;
    assert_eq!(desktop.count("request-dataset").await, 0);
    assert_eq!(desktop.count("dataset-error").await, 0);
    desktop.screenshot("dataset-disabled").await;

    // A dataset that is not disabled: a Request button, and "Open on the Hub" reaches the
    // opener with its Hub page.
    desktop.click("dataset-back").await;
    desktop.search_catalogue(OPEN).await;
    desktop.click_where("catalogue-row", "data-id", OPEN).await;
    desktop.wait_text("dataset-id", OPEN).await;
    desktop.find("request-dataset").await;
    assert!(!log.exists(), "nothing opened yet");
    desktop.click("dataset-hub-link").await;
    let expected = format!("{}/datasets/{OPEN}", hub.url().trim_end_matches('/'));
    assert_eq!(opened(&log).await, [expected]);
    desktop.quit().await;
    let _ = std::fs::remove_file(&log);
}
