//! Large files fetched as byte ranges over several connections against the fake Hub: the
//! ranges cover the file and it verifies, a range answered with the whole file is asked again
//! alone, a corrupt range is caught by the file's hash, and a stopped download resumes from its
//! range journal (or from a single-stream part an earlier run left).

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use hugflow_core::progress::{Cancel, NoProgress, Progress};
use hugflow_download::{DownloadError, Downloader, Job, Summary};
use hugflow_testkit::hub::{FakeDataset, FakeHub, Listener};
use sha2::{Digest, Sha256};

mod common;
use common::start;

const ID: &str = "acme/shards";
const PATH: &str = "data/train-00000-of-00001.parquet";
/// Not a multiple of anything, so the last range is short.
const SIZE: u64 = (40 << 20) + 12_345;

fn hub() -> FakeHub {
    start(
        FakeDataset::builder(ID)
            .file("README.md", "# Shards\n")
            .noise_file(PATH, SIZE)
            .build(),
    )
}

/// Files above 4 MiB in ranges, 4 connections a file.
fn downloader(hub: &FakeHub) -> Downloader {
    let mut config = common::config(hub, Some(hub.token()));
    config.range_threshold = 4 << 20;
    config.connections_per_file = 4;
    config.max_connections = 8;
    Downloader::new(config).unwrap()
}

fn run(
    hub: &FakeHub,
    job: &Job,
    sink: &dyn hugflow_core::progress::ProgressSink,
    cancel: &Cancel,
) -> Result<Summary, DownloadError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(downloader(hub).run(job, sink, cancel))
}

fn fetch(hub: &FakeHub, job: &Job) -> Result<Summary, DownloadError> {
    run(hub, job, &NoProgress, &Cancel::new())
}

fn assert_file(hub: &FakeHub, dest: &Path) {
    let dataset = hub.corpus().dataset(ID).unwrap();
    let expected = &dataset.main().file(PATH).unwrap().facts().sha256;
    let mut hasher = Sha256::new();
    std::io::copy(
        &mut std::fs::File::open(dest.join(PATH)).unwrap(),
        &mut hasher,
    )
    .unwrap();
    assert_eq!(&format!("{:x}", hasher.finalize()), expected, "{PATH}");
}

/// `(start, end inclusive)` of every CDN GET with a `Range: bytes=a-b`.
fn cdn_ranges(hub: &FakeHub) -> Vec<(u64, u64)> {
    hub.requests()
        .into_iter()
        .filter(|r| r.listener == Listener::Cdn && r.method == "GET" && r.status == 206)
        .filter_map(|r| {
            let range = r.range?;
            let (start, end) = range.strip_prefix("bytes=")?.split_once('-')?;
            Some((start.parse().ok()?, end.parse().ok()?))
        })
        .collect()
}

fn part_dir(dest: &Path) -> std::path::PathBuf {
    dest.join(".hugflow/incomplete")
}

#[test]
fn a_large_file_comes_in_ranges_over_several_connections_and_verifies() {
    let hub = hub();
    let dest = tempfile::tempdir().unwrap();
    let job = common::job(&hub, ID, dest.path());
    let summary = fetch(&hub, &job).unwrap();
    assert_file(&hub, dest.path());
    assert_eq!(summary.bytes_fetched, summary.bytes, "every byte once");
    assert!(
        !part_dir(dest.path()).exists(),
        "parts and journals are cleaned up"
    );

    let mut ranges = cdn_ranges(&hub);
    ranges.sort();
    assert!(ranges.len() >= 4, "several ranges: {ranges:?}");
    assert_eq!(ranges[0].0, 0);
    assert_eq!(ranges.last().unwrap().1, SIZE - 1);
    assert!(
        ranges.windows(2).all(|w| w[0].1 + 1 == w[1].0),
        "the ranges cut the file without gaps or overlaps: {ranges:?}"
    );
}

#[test]
fn a_range_answered_with_the_whole_file_is_asked_again_alone() {
    let hub = hub();
    hub.faults().ignore_ranges(1);
    let dest = tempfile::tempdir().unwrap();
    let job = common::job(&hub, ID, dest.path());
    let summary = fetch(&hub, &job).unwrap();
    assert_file(&hub, dest.path());
    assert_eq!(
        summary.bytes_fetched, summary.bytes,
        "the whole-file answer was dropped unread and no other range started over"
    );
    let whole = hub
        .requests()
        .into_iter()
        .filter(|r| r.listener == Listener::Cdn && r.range.is_some() && r.status == 200)
        .count();
    assert_eq!(whole, 1);

    // A server that never serves ranges: the file comes as one stream instead.
    let hub = self::hub();
    hub.faults().ignore_ranges(1_000);
    let dest = tempfile::tempdir().unwrap();
    let job = common::job(&hub, ID, dest.path());
    fetch(&hub, &job).unwrap();
    assert_file(&hub, dest.path());
}

#[test]
fn a_corrupt_range_is_caught_by_the_files_hash_and_the_file_fetched_again() {
    let hub = hub();
    hub.faults().corrupt_cdn(PATH, 1);
    let dest = tempfile::tempdir().unwrap();
    let job = common::job(&hub, ID, dest.path());
    let summary = fetch(&hub, &job).unwrap();
    assert_file(&hub, dest.path());
    assert_eq!(summary.corrupt_refetches, 1);
    assert_eq!(
        summary.bytes_fetched,
        summary.bytes + SIZE,
        "the large file twice, the README once"
    );

    // Always wrong: an error that says so, and nothing at the final path.
    let hub = self::hub();
    hub.faults().corrupt_cdn(PATH, 1_000);
    let dest = tempfile::tempdir().unwrap();
    let job = common::job(&hub, ID, dest.path());
    let error = fetch(&hub, &job).unwrap_err();
    assert_eq!(error.kind(), "corrupt", "{error}");
    assert!(!dest.path().join(PATH).exists());
}

#[test]
fn a_stopped_ranged_download_resumes_from_its_journal() {
    let hub = hub();
    // Slow enough to stop in the middle: 4 connections at 8 MB/s.
    hub.faults().set_bandwidth(Some(8 << 20));
    let dest = tempfile::tempdir().unwrap();
    let job = common::job(&hub, ID, dest.path());
    let cancel = Cancel::new();
    let stopped = AtomicBool::new(false);
    let sink = |p: &Progress| {
        if p.done >= SIZE / 3 && !stopped.swap(true, Ordering::Relaxed) {
            cancel.cancel();
        }
    };
    let error = run(&hub, &job, &sink, &cancel).unwrap_err();
    assert!(matches!(error, DownloadError::Cancelled), "{error}");
    let journals: Vec<_> = std::fs::read_dir(part_dir(dest.path()))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "ranges"))
        .collect();
    assert_eq!(journals.len(), 1, "the journal stays for the resume");

    hub.faults().set_bandwidth(None);
    let summary = fetch(&hub, &job).unwrap();
    assert_file(&hub, dest.path());
    assert!(summary.bytes_resumed >= SIZE / 4, "{summary:?}");
    assert_eq!(
        summary.bytes_fetched + summary.bytes_resumed,
        SIZE,
        "only what the journal did not hold was fetched: {summary:?}"
    );
}

#[test]
fn a_single_stream_part_becomes_the_first_ranges_progress() {
    let hub = hub();
    let dest = tempfile::tempdir().unwrap();
    let job = common::job(&hub, ID, dest.path());
    let dataset = hub.corpus().dataset(ID).unwrap();
    let file = dataset.main().file(PATH).unwrap();
    let kept = 9_876_543;
    std::fs::create_dir_all(part_dir(dest.path())).unwrap();
    std::fs::write(
        part_dir(dest.path()).join(format!("{}.part", file.facts().sha256)),
        file.read(0, kept),
    )
    .unwrap();
    let summary = fetch(&hub, &job).unwrap();
    assert_file(&hub, dest.path());
    assert_eq!(summary.bytes_resumed, kept as u64);
    assert_eq!(summary.bytes_fetched, summary.bytes - kept as u64);
}
