//! Seeds a profile of Hugflow Desktop for `make bench` (`bench/startup.py`): a catalogue of N
//! generated datasets, filled by the app's own full crawl from the test Hub (as the setup's
//! first crawl fills it), and the first-run setup recorded as done, so the app opens on the
//! catalogue.
//!
//! `cargo run --release -p hugflow-api --example seed_profile -- <app data dir> [datasets]`
//! (the app data dir is `$XDG_DATA_HOME/dev.hugflow.desktop`; datasets default to 500,000).

use std::path::PathBuf;
use std::time::Instant;

use hugflow_api::{AppPaths, record_setup_done};
use hugflow_catalogue::Catalogue;
use hugflow_catalogue::refresh::{PAGE_SIZE, full_crawl};
use hugflow_core::config::Secret;
use hugflow_core::progress::{Cancel, NoProgress};
use hugflow_hub::{HubClient, HubConfig};
use hugflow_testkit::hub::{Corpus, DEFAULT_TOKEN, FakeHub};

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: seed_profile <app data dir> [datasets]";
    let data_dir = PathBuf::from(args.next().expect(usage));
    let datasets: usize = args.next().map_or(500_000, |n| n.parse().expect(usage));
    let paths = AppPaths {
        log_dir: data_dir.join("logs"),
        data_dir,
    };
    std::fs::create_dir_all(&paths.data_dir).expect("create the app data dir");

    let started = Instant::now();
    let hub = FakeHub::start(Corpus::generate(datasets, 42));
    let client = HubClient::new(
        HubConfig::new(hub.url().to_string()).with_token(Some(Secret::new(DEFAULT_TOKEN))),
    )
    .expect("a Hub client");
    let catalogue = Catalogue::open(&paths.catalogue()).expect("open the catalogue");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let report = runtime
        .block_on(full_crawl(
            &catalogue,
            &client,
            PAGE_SIZE,
            &NoProgress,
            &Cancel::default(),
        ))
        .expect("the full crawl");
    assert_eq!(report.inserted, datasets, "every generated dataset crawled");
    record_setup_done(&paths).expect("record the setup as done");
    println!(
        "seeded {} with {} datasets in {:.1} s",
        paths.data_dir.display(),
        catalogue.len().expect("count"),
        started.elapsed().as_secs_f64()
    );
}
