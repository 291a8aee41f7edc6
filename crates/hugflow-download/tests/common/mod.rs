//! What the downloader's tests share: the fake Hub serving one dataset, the job a plan would
//! build for every file of its `main`, and a downloader config for quick tests.

use std::path::Path;

use hugflow_core::config::Secret;
use hugflow_download::{Check, DownloaderConfig, FileSpec, Job};
use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub};
use url::Url;

pub fn start(dataset: FakeDataset) -> FakeHub {
    let mut corpus = Corpus::new();
    corpus.insert(dataset);
    FakeHub::start(corpus)
}

/// The job for every file of `id`'s `main`, as a plan builds it from the tree, into `dest`.
pub fn job(hub: &FakeHub, id: &str, dest: &Path) -> Job {
    let main = hub.corpus().dataset(id).unwrap().main().clone();
    let files = main
        .files
        .iter()
        .map(|file| {
            let facts = file.facts();
            FileSpec {
                path: file.path.clone(),
                size: facts.size,
                check: match &facts.lfs {
                    Some(lfs) => Check::Sha256(lfs.sha256.clone()),
                    None => Check::GitSha1(facts.oid.clone()),
                },
            }
        })
        .collect();
    Job {
        repo_path: format!("datasets/{id}"),
        commit: main.sha.clone(),
        files,
        dest: dest.to_path_buf(),
        work_dir: dest.join(".hugflow"),
        task: format!("Downloading {id}"),
    }
}

/// A downloader config for `hub` with `token`: quick retries, no free-space margin.
pub fn config(hub: &FakeHub, token: Option<&str>) -> DownloaderConfig {
    let mut config = DownloaderConfig::new(Url::parse(hub.url()).unwrap(), token.map(Secret::new));
    config.retry = hugflow_http::RetryPolicy::quick();
    config.free_space_margin = 0;
    config
}
