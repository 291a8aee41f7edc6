//! When to hash a file fetched in ranges (issue 19): following the landed prefix while the
//! other ranges arrive (`hash_while_fetching`, the default), or in one pass over the part
//! after the last range. One 2 GiB file from the fake Hub on the unpaced loopback, where the
//! hash is most likely to be the limit, alternating the two, median of `HUGFLOW_BENCH_RUNS`
//! (default 3) runs each; prints both and the ratio.
//!
//! `cargo bench -p hugflow-download --bench range_hash` (`make bench`).

use std::time::{Duration, Instant};

use hugflow_core::progress::{Cancel, NoProgress};
use hugflow_download::{Check, Downloader, DownloaderConfig, FileSpec, Job};
use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub};
use url::Url;

const ID: &str = "bench/one-shard";
const PATH: &str = "data/train-00000-of-00001.tar";
const SIZE: u64 = 2 << 30;

fn fetch(hub: &FakeHub, during: bool) -> Duration {
    let dest = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let main = hub.corpus().dataset(ID).unwrap().main().clone();
    let file = main.file(PATH).unwrap().facts();
    let job = Job {
        repo_path: format!("datasets/{ID}"),
        commit: main.sha.clone(),
        files: vec![FileSpec {
            path: PATH.into(),
            size: file.size,
            check: Check::Sha256(file.sha256.clone()),
        }],
        dest: dest.path().to_path_buf(),
        work_dir: dest.path().join(".hugflow"),
        task: "bench".into(),
    };
    let mut config = DownloaderConfig::new(Url::parse(hub.url()).unwrap(), None);
    config.hash_while_fetching = during;
    config.free_space_margin = 0;
    let downloader = Downloader::new(config).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let started = Instant::now();
    runtime
        .block_on(downloader.run(&job, &NoProgress, &Cancel::new()))
        .unwrap();
    started.elapsed()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let runs: usize = hugflow_testkit::bench::env_number("HUGFLOW_BENCH_RUNS", 3).max(1);
    let mut corpus = Corpus::new();
    corpus.insert(FakeDataset::builder(ID).noise_file(PATH, SIZE).build());
    let hub = FakeHub::start(corpus);
    let (mut during, mut after) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        during.push(fetch(&hub, true));
        after.push(fetch(&hub, false));
    }
    let (during, after) = (median(during), median(after));
    println!("range_hash: one 2 GiB file in ranges, unpaced loopback, median of {runs} runs\n");
    println!(
        "hash in one pass after the last range: {:.2} s\nhash following the landed prefix:      {:.2} s ({:.2}x)",
        after.as_secs_f64(),
        during.as_secs_f64(),
        after.as_secs_f64() / during.as_secs_f64()
    );
}
