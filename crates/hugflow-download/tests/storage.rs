//! The downloader against files as huggingface.co stores them: small files through the Hub's
//! relative `307` to its resolve cache (the token goes along: same origin), Xet files through a
//! `302` to the Xet bridge (no token: S3 refuses a presigned URL with one), verified against the
//! tree's sha256 whatever served them.

use std::path::Path;

use hugflow_core::progress::{Cancel, NoProgress};
use hugflow_download::{DownloadError, Downloader, Job, Summary};
use hugflow_testkit::hub::{FakeDataset, FakeHub, Listener, LoggedRequest};
use sha2::{Digest, Sha256};

mod common;
use common::start;

const ID: &str = "acme/storage";
const XET: &str = "data/train-00000-of-00001.bin";

fn job(hub: &FakeHub, dest: &Path) -> Job {
    common::job(hub, ID, dest)
}

fn fetch(hub: &FakeHub, token: Option<&str>, job: &Job) -> Result<Summary, DownloadError> {
    let downloader = Downloader::new(common::config(hub, token)).unwrap();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(downloader.run(job, &NoProgress, &Cancel::new()))
}

/// Every file of `main` is at its path with the Hub's bytes.
fn assert_tree(hub: &FakeHub, dest: &Path) {
    for file in &hub.corpus().dataset(ID).unwrap().main().files {
        let bytes = std::fs::read(dest.join(&file.path))
            .unwrap_or_else(|e| panic!("{} missing: {e}", file.path));
        assert_eq!(
            format!("{:x}", Sha256::digest(&bytes)),
            file.facts().sha256,
            "{}",
            file.path
        );
    }
}

fn path_of(request: &LoggedRequest) -> &str {
    request.path.split('?').next().unwrap()
}

#[test]
fn small_files_follow_the_relative_307_with_the_token_on_the_hubs_origin_only() {
    let hub = start(
        FakeDataset::builder(ID)
            .file("README.md", "# Storage\n")
            .file("meta/a.json", "{\"a\": 1}\n")
            .noise_file("data/test.parquet", 5_000)
            .build(),
    );
    let dest = tempfile::tempdir().unwrap();
    let job = job(&hub, dest.path());
    fetch(&hub, Some(hub.token()), &job).unwrap();
    assert_tree(&hub, dest.path());
    let requests = hub.requests();
    let on = |prefix: &str| -> Vec<&LoggedRequest> {
        requests
            .iter()
            .filter(|r| r.path.starts_with(prefix))
            .collect()
    };
    let resolved = on(&format!("/datasets/{ID}/resolve/"));
    let cached = on(&format!("/api/resolve-cache/datasets/{ID}/"));
    assert_eq!(resolved.len(), 3, "{requests:#?}");
    assert_eq!(
        cached.iter().map(|r| r.status).collect::<Vec<_>>(),
        [200, 200],
        "both small files through the resolve cache: {requests:#?}"
    );
    assert!(
        resolved
            .iter()
            .filter(|r| !r.path.contains("parquet"))
            .all(|r| r.status == 307)
    );
    assert!(
        resolved.iter().chain(&cached).all(|r| r.authorization),
        "the Hub's origin gets the token on every hop: {requests:#?}"
    );
    let cdn: Vec<_> = requests
        .iter()
        .filter(|r| r.listener == Listener::Cdn)
        .collect();
    assert_eq!(cdn.len(), 1, "the LFS file");
    assert!(!cdn[0].authorization, "never the CDN");
}

fn xet_dataset() -> FakeDataset {
    FakeDataset::builder(ID)
        .file("README.md", "# Storage\n")
        .xet_file(XET, 400_000)
        .build()
}

#[test]
fn a_xet_file_comes_through_the_bridge_without_the_token_and_is_verified() {
    let hub = start(xet_dataset());
    let dest = tempfile::tempdir().unwrap();
    let job = job(&hub, dest.path());
    let summary = fetch(&hub, Some(hub.token()), &job).unwrap();
    assert_tree(&hub, dest.path());
    assert_eq!(summary.corrupt_refetches, 0);
    let bridge: Vec<_> = hub
        .requests()
        .into_iter()
        .filter(|r| r.listener == Listener::Cdn)
        .collect();
    assert_eq!(bridge.len(), 1, "{bridge:#?}");
    assert!(
        path_of(&bridge[0]).starts_with("/xet-bridge-us/"),
        "{bridge:#?}"
    );
    // The bridge answers 400 to a presigned URL that also carries a token, so a leak fails.
    assert_eq!((bridge[0].status, bridge[0].authorization), (200, false));
}

#[test]
fn a_bridge_serving_wrong_bytes_is_caught() {
    let hub = start(xet_dataset());
    let dest = tempfile::tempdir().unwrap();
    let job = job(&hub, dest.path());
    hub.faults().corrupt_cdn(XET, 1);
    let summary = fetch(&hub, Some(hub.token()), &job).unwrap();
    assert_eq!(
        summary.corrupt_refetches, 1,
        "fetched again after a bad copy"
    );
    assert_tree(&hub, dest.path());

    let again = tempfile::tempdir().unwrap();
    let job = self::job(&hub, again.path());
    hub.faults().corrupt_cdn(XET, 10);
    let error = fetch(&hub, None, &job).unwrap_err();
    assert_eq!(error.kind(), "corrupt", "{error}");
    assert!(error.to_string().starts_with(XET), "{error}");
    assert!(!again.path().join(XET).exists(), "never placed");
}
