//! Refreshing the catalogue from the test Hub: a full crawl first, then only what changed.

use std::sync::Mutex;

use hugflow_catalogue::refresh::{full_crawl, refresh};
use hugflow_catalogue::{Catalogue, SearchQuery};
use hugflow_core::config::Secret;
use hugflow_core::progress::{Cancel, NoProgress, Progress};
use hugflow_hub::{HubClient, HubConfig, RetryPolicy};
use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub};

fn client(hub: &FakeHub) -> HubClient {
    let config = HubConfig::new(hub.url())
        .with_token(Some(Secret::new(hub.token())))
        .with_retry(RetryPolicy::quick());
    HubClient::new(config).unwrap()
}

fn listing_requests(hub: &FakeHub) -> usize {
    hub.requests()
        .iter()
        .filter(|r| r.path.starts_with("/api/datasets?"))
        .count()
}

/// The sort indexes the catalogue file holds (a full crawl drops them while it runs).
fn sort_indexes(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN
         ('datasets_downloads', 'datasets_likes', 'datasets_modified') ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

const SORT_INDEXES: [&str; 3] = ["datasets_downloads", "datasets_likes", "datasets_modified"];

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn the_second_refresh_fetches_only_new_pages() {
    let dir = tempfile::tempdir().unwrap();
    let catalogue = Catalogue::open(&dir.path().join("catalogue.sqlite")).unwrap();
    let rt = runtime();
    let mut hub = FakeHub::start(Corpus::generate(2_500, 5));

    let seen: Mutex<Vec<Progress>> = Mutex::new(Vec::new());
    let sink = |p: &Progress| seen.lock().unwrap().push(p.clone());
    let first = rt
        .block_on(refresh(
            &catalogue,
            &client(&hub),
            1000,
            &sink,
            &Cancel::new(),
        ))
        .unwrap();
    assert!(first.full_crawl, "an empty catalogue gets a full crawl");
    assert_eq!((first.pages, first.inserted), (3, 2_500));
    assert_eq!(catalogue.len().unwrap(), 2_500);
    assert_eq!(listing_requests(&hub), 3);
    let progress = seen.lock().unwrap().clone();
    assert_eq!(
        progress.iter().map(|p| p.done).collect::<Vec<_>>(),
        [1000, 2000, 2500]
    );

    // The Hub gains three datasets, changed after everything else. The corpus is built
    // before the Hub stops, so that its port is free for the shortest time.
    let mut corpus = Corpus::generate(2_500, 5);
    for name in ["fresh-a", "fresh-b", "fresh-c"] {
        corpus.insert(
            FakeDataset::builder(&format!("newcomer/{name}"))
                .description("brand new speech corpus")
                .last_modified("2030-01-01T00:00:00.000Z")
                .build(),
        );
    }
    let port = hub.port();
    hub.stop();
    let hub = FakeHub::start_on(port, corpus);
    let second = rt
        .block_on(refresh(
            &catalogue,
            &client(&hub),
            1000,
            &NoProgress,
            &Cancel::new(),
        ))
        .unwrap();
    assert!(!second.full_crawl);
    assert_eq!((second.pages, second.inserted, second.updated), (1, 3, 0));
    assert_eq!(
        listing_requests(&hub),
        1,
        "one page: it stops at the first known dataset"
    );
    assert_eq!(catalogue.len().unwrap(), 2_503);
    let found = catalogue
        .search(&SearchQuery {
            text: "newcomer fresh".into(),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.total, 3);
}

#[test]
fn a_full_crawl_can_be_cancelled_and_prunes_what_vanished() {
    let dir = tempfile::tempdir().unwrap();
    let catalogue = Catalogue::open(&dir.path().join("catalogue.sqlite")).unwrap();
    let rt = runtime();
    let hub = FakeHub::start(Corpus::generate(1_500, 9));

    let cancel = Cancel::new();
    let stop_after_first_page = |_: &Progress| cancel.cancel();
    let cancelled = rt
        .block_on(full_crawl(
            &catalogue,
            &client(&hub),
            1000,
            &stop_after_first_page,
            &cancel,
        ))
        .unwrap();
    assert!(cancelled.cancelled);
    assert_eq!(catalogue.len().unwrap(), 1_000, "what was read is kept");
    let path = dir.path().join("catalogue.sqlite");
    assert_eq!(
        sort_indexes(&path),
        SORT_INDEXES,
        "built again when cancelled"
    );

    let done = rt
        .block_on(full_crawl(
            &catalogue,
            &client(&hub),
            1000,
            &NoProgress,
            &Cancel::new(),
        ))
        .unwrap();
    assert!(!done.cancelled);
    assert_eq!(catalogue.len().unwrap(), 1_500);

    // A crawl of a smaller Hub drops what the Hub no longer lists.
    drop(hub);
    let smaller = FakeHub::start(Corpus::generate(1_200, 9));
    let pruned = rt
        .block_on(full_crawl(
            &catalogue,
            &client(&smaller),
            1000,
            &NoProgress,
            &Cancel::new(),
        ))
        .unwrap();
    assert_eq!(pruned.pruned, 300);
    assert_eq!(catalogue.len().unwrap(), 1_200);
    assert_eq!(sort_indexes(&path), SORT_INDEXES);

    // A crawl that fails (the Hub went away) leaves the indexes too.
    let mut gone = smaller;
    let hub_client = client(&gone);
    gone.stop();
    let failed = rt.block_on(full_crawl(
        &catalogue,
        &hub_client,
        1000,
        &NoProgress,
        &Cancel::new(),
    ));
    assert!(failed.is_err());
    assert_eq!(
        sort_indexes(&path),
        SORT_INDEXES,
        "built again after a failure"
    );
}

#[test]
fn a_dataset_the_hub_disabled_is_kept_and_marked_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let catalogue = Catalogue::open(&dir.path().join("catalogue.sqlite")).unwrap();
    let mut corpus = Corpus::generate(50, 3);
    corpus.insert(
        FakeDataset::builder("acme/taken-down")
            .file("README.md", "# gone\n")
            .disabled()
            .build(),
    );
    corpus.insert(
        FakeDataset::builder("acme/kept")
            .file("README.md", "# kept\n")
            .build(),
    );
    let hub = FakeHub::start(corpus);
    runtime()
        .block_on(full_crawl(
            &catalogue,
            &client(&hub),
            1000,
            &NoProgress,
            &Cancel::new(),
        ))
        .unwrap();
    let disabled = |id: &str| catalogue.get(id).unwrap().map(|entry| entry.disabled);
    assert_eq!(disabled("acme/taken-down"), Some(true));
    assert_eq!(disabled("acme/kept"), Some(false));
    let found = catalogue
        .search(&SearchQuery {
            text: "taken-down".into(),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    let first = found.items.first().expect("found by its name");
    assert_eq!(
        (first.id.as_str(), first.disabled),
        ("acme/taken-down", true)
    );
}
