//! The real desktop app against the test Hub: crawl the catalogue, search as you type, open a
//! dataset (files, card, first rows), then lose the Hub and keep searching offline.

use hugflow_e2e::{AppHome, Desktop};
use hugflow_testkit::hub::{Corpus, FakeHub};

const BINARY: &str = env!("CARGO_BIN_EXE_hugflow-desktop");

#[tokio::test(flavor = "multi_thread")]
async fn search_open_a_dataset_and_keep_working_offline() {
    let mut hub = FakeHub::start(Corpus::generate(300, 21));
    let home = AppHome::new();
    let env = [
        ("HF_ENDPOINT", hub.url()),
        // The viewer lives on its own origin, as datasets-server.huggingface.co does.
        ("HF_VIEWER_ENDPOINT", hub.viewer_url()),
        ("HF_TOKEN", hub.token()),
    ];
    let desktop = Desktop::launch_with(&home, BINARY, &env).await;

    // An empty catalogue offers a full crawl.
    desktop.crawl_catalogue().await;

    // Search as you type: the exact id comes first.
    let target = hub.corpus().id_at(7).to_string();
    desktop.search_catalogue(&target).await;
    desktop.screenshot("catalogue").await;

    // The dataset page: files with sizes, splits and a first-rows preview.
    desktop.click("catalogue-row").await;
    assert_eq!(desktop.text("dataset-id").await.trim(), target);
    let files = desktop.wait_at_least("file-entry", 1).await;
    let dataset = hub.corpus().dataset(&target).unwrap();
    assert!(files <= dataset.main().files.len());
    assert!(!desktop.text("dataset-total-size").await.trim().is_empty());
    desktop.wait_at_least("first-rows-row", 1).await;
    // The card, rendered from the README's Markdown.
    let card = desktop.text("dataset-card-markdown").await;
    assert!(
        card.contains(dataset.description.trim()),
        "the card shows the README body: {card}"
    );
    desktop.screenshot("dataset").await;

    // The Hub goes away: refreshing says so, and the local catalogue still answers.
    hub.stop();
    desktop.click("dataset-back").await;
    desktop.click("catalogue-refresh").await;
    desktop.find("offline-banner").await;
    let other = hub.corpus().id_at(3).to_string();
    desktop.search_catalogue(&other).await;
    desktop.screenshot("catalogue-offline").await;
    desktop.quit().await;
}
