//! The downloader against the fake Hub: verified trees, the token kept from the CDN, resume
//! from parts, corrupted bytes, a 429 storm, servers that ignore ranges, and full disks.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hugflow_core::progress::{Cancel, NoProgress, Progress};
use hugflow_download::{
    Check, DownloadError, Downloader, DownloaderConfig, FileSpec, Job, Summary,
};
use hugflow_testkit::hub::{FakeDataset, FakeHub, Listener};
use sha2::{Digest, Sha256};

mod common;
use common::start;

const ID: &str = "acme/speech";

fn dataset(small: usize, big: &[(&str, u64)]) -> FakeDataset {
    let mut builder = FakeDataset::builder(ID)
        .gitattributes()
        .file("README.md", "# Speech\n");
    for i in 0..small {
        builder = builder.file(&format!("meta/{i:04}.json"), format!("{{\"row\": {i}}}\n"));
    }
    for (path, size) in big {
        builder = builder.noise_file(path, *size);
    }
    builder.build()
}

fn downloader(hub: &FakeHub, tweak: impl FnOnce(&mut DownloaderConfig)) -> Downloader {
    let mut config = common::config(hub, Some(hub.token()));
    tweak(&mut config);
    Downloader::new(config).unwrap()
}

fn job(hub: &FakeHub, dest: &Path) -> Job {
    common::job(hub, ID, dest)
}

/// Every file of `main` is at its path with the Hub's bytes.
fn assert_tree(hub: &FakeHub, dest: &Path) {
    let dataset = hub.corpus().dataset(ID).unwrap();
    for file in &dataset.main().files {
        let bytes = std::fs::read(dest.join(&file.path))
            .unwrap_or_else(|e| panic!("{} missing: {e}", file.path));
        assert_eq!(
            format!("{:x}", Sha256::digest(&bytes)),
            file.facts().sha256,
            "{} differs from the Hub's",
            file.path
        );
    }
}

/// Runs `job` with the default downloader and no progress.
fn fetch(hub: &FakeHub, job: &Job) -> Result<Summary, DownloadError> {
    runtime().block_on(downloader(hub, |_| ()).run(job, &NoProgress, &Cancel::new()))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn a_whole_repository_lands_verified_and_the_token_never_reaches_the_cdn() {
    let hub = start(dataset(
        20,
        &[
            ("data/train-00000-of-00002.parquet", 3 << 20),
            ("audio/0001.flac", 300_000),
        ],
    ));
    let dest = tempfile::tempdir().unwrap();
    let reports = Arc::new(Mutex::new(Vec::<Progress>::new()));
    let sink = {
        let reports = reports.clone();
        move |p: &Progress| reports.lock().unwrap().push(p.clone())
    };
    let job = job(&hub, dest.path());
    let summary = runtime()
        .block_on(downloader(&hub, |_| ()).run(&job, &sink, &Cancel::new()))
        .unwrap();
    assert_tree(&hub, dest.path());
    assert_eq!(summary.files, job.files.len() as u64);
    assert_eq!(summary.bytes_fetched, summary.bytes);
    assert!(
        !dest.path().join(".hugflow/incomplete").exists(),
        "parts are cleaned up"
    );

    let requests = hub.requests();
    let cdn: Vec<_> = requests
        .iter()
        .filter(|r| r.listener == Listener::Cdn)
        .collect();
    assert_eq!(
        cdn.len(),
        2,
        "the two LFS files come from the CDN: {requests:#?}"
    );
    assert!(
        cdn.iter().all(|r| !r.authorization),
        "the token leaked to the CDN"
    );
    assert!(
        requests
            .iter()
            .filter(|r| r.listener == Listener::Hub)
            .all(|r| r.authorization)
    );

    let last = reports
        .lock()
        .unwrap()
        .last()
        .cloned()
        .expect("progress was reported");
    assert_eq!(last.done, summary.bytes);
    assert_eq!(last.files.unwrap().done, summary.files);
    assert_eq!(last.eta_seconds, Some(0));
}

#[test]
fn a_part_from_an_earlier_run_is_resumed_with_a_range() {
    let path = "data/train-00000-of-00001.parquet";
    let size = 2_000_000;
    let hub = start(dataset(0, &[(path, size)]));
    let dest = tempfile::tempdir().unwrap();
    let job = job(&hub, dest.path());
    let dataset = hub.corpus().dataset(ID).unwrap();
    let file = dataset.main().file(path).unwrap();
    let kept = 1_234_567;
    std::fs::create_dir_all(dest.path().join(".hugflow/incomplete")).unwrap();
    std::fs::write(
        dest.path()
            .join(format!(".hugflow/incomplete/{}.part", file.facts().sha256)),
        file.read(0, kept),
    )
    .unwrap();
    let summary = fetch(&hub, &job).unwrap();
    assert_tree(&hub, dest.path());
    assert_eq!(summary.bytes_resumed, kept as u64);
    let ranged: Vec<_> = hub.requests().into_iter().filter_map(|r| r.range).collect();
    assert_eq!(
        ranged,
        [format!("bytes={kept}-"), format!("bytes={kept}-")],
        "Hub and CDN"
    );
    assert_eq!(
        summary.bytes_fetched,
        summary.bytes - kept as u64,
        "only the rest was fetched"
    );
    assert!(summary.bytes > size);
}

#[test]
fn a_server_that_ignores_the_range_restarts_the_file() {
    let path = "data/train-00000-of-00001.parquet";
    let hub = start(dataset(0, &[(path, 1_000_000)]));
    let dest = tempfile::tempdir().unwrap();
    let job = job(&hub, dest.path());
    let dataset = hub.corpus().dataset(ID).unwrap();
    let file = dataset.main().file(path).unwrap();
    std::fs::create_dir_all(dest.path().join(".hugflow/incomplete")).unwrap();
    std::fs::write(
        dest.path()
            .join(format!(".hugflow/incomplete/{}.part", file.facts().sha256)),
        file.read(0, 400_000),
    )
    .unwrap();
    hub.faults().ignore_ranges(2);
    let summary = fetch(&hub, &job).unwrap();
    assert_tree(&hub, dest.path());
    assert_eq!(
        summary.bytes_fetched, summary.bytes,
        "the whole file came again, once"
    );
}

#[test]
fn corrupted_bytes_are_caught_and_fetched_again() {
    let path = "data/train-00000-of-00001.parquet";
    let hub = start(dataset(3, &[(path, 1_500_000)]));
    hub.faults().corrupt_cdn(path, 1);
    let dest = tempfile::tempdir().unwrap();
    let job = job(&hub, dest.path());
    let summary = fetch(&hub, &job).unwrap();
    assert_tree(&hub, dest.path());
    assert_eq!(summary.corrupt_refetches, 1);

    // A source that is always wrong is an error that says so, and nothing lands.
    let hub = start(dataset(0, &[(path, 100_000)]));
    hub.faults().corrupt_cdn(path, 10);
    let dest = tempfile::tempdir().unwrap();
    let job = self::job(&hub, dest.path());
    let error = fetch(&hub, &job).unwrap_err();
    assert_eq!(error.kind(), "corrupt", "{error}");
    assert!(
        error.to_string().contains("failed verification 3 times"),
        "{error}"
    );
    assert!(!dest.path().join(path).exists());
}

#[test]
fn a_429_storm_is_ridden_out() {
    let hub = start(dataset(40, &[]));
    hub.faults().rate_limit(25, 1, Some("/datasets/"));
    let dest = tempfile::tempdir().unwrap();
    let job = job(&hub, dest.path());
    let summary = fetch(&hub, &job).unwrap();
    assert_tree(&hub, dest.path());
    assert_eq!(summary.retries, 25);
    let limited = hub.requests().iter().filter(|r| r.status == 429).count();
    assert_eq!(limited, 25);
}

#[test]
fn rate_limits_past_the_patience_are_an_error_naming_the_wait() {
    let hub = start(dataset(2, &[]));
    hub.faults().rate_limit(100, 3, Some("/datasets/"));
    let dest = tempfile::tempdir().unwrap();
    let job = job(&hub, dest.path());
    let error = runtime()
        .block_on(
            downloader(&hub, |c| c.rate_limit_patience = Duration::from_secs(4)).run(
                &job,
                &NoProgress,
                &Cancel::new(),
            ),
        )
        .unwrap_err();
    assert!(
        matches!(error, DownloadError::RateLimited { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("wait 3 s"), "{error}");
}

#[test]
fn server_errors_are_retried_and_a_gated_file_is_refused() {
    let hub = start(dataset(5, &[]));
    hub.faults().fail(3, 502, Some("/datasets/"));
    let dest = tempfile::tempdir().unwrap();
    let job = job(&hub, dest.path());
    fetch(&hub, &job).unwrap();
    assert_tree(&hub, dest.path());

    let mut builder = FakeDataset::builder(ID).file("a.txt", "a\n");
    builder = builder.gated(hugflow_testkit::hub::Gated::Manual);
    let hub = start(builder.build());
    let dest = tempfile::tempdir().unwrap();
    let job = self::job(&hub, dest.path());
    let error = fetch(&hub, &job).unwrap_err();
    assert_eq!(error.kind(), "gated", "{error}");
    assert!(error.to_string().contains("request access"), "{error}");
}

#[test]
fn files_already_in_place_are_not_fetched_again() {
    let hub = start(dataset(4, &[("x.parquet", 50_000)]));
    let dest = tempfile::tempdir().unwrap();
    let job = job(&hub, dest.path());
    let downloader = downloader(&hub, |_| ());
    let runtime = runtime();
    runtime
        .block_on(downloader.run(&job, &NoProgress, &Cancel::new()))
        .unwrap();
    hub.clear_requests();
    let again = runtime
        .block_on(downloader.run(&job, &NoProgress, &Cancel::new()))
        .unwrap();
    assert_eq!(again.files_already_present, job.files.len() as u64);
    assert_eq!(again.bytes_fetched, 0);
    assert!(hub.requests().is_empty());
}

/// A power loss after the rename but before the bytes reached the disk leaves the file at its
/// final path with its size and zeros inside. A resumed job (no manifest vouches for it) reads
/// it, finds it wrong, and fetches it again; the files that are right stay.
#[test]
fn a_file_zeroed_after_its_rename_is_fetched_again_by_a_resume() {
    let hub = start(dataset(4, &[("x.parquet", 50_000), ("y.parquet", 30_000)]));
    let dest = tempfile::tempdir().unwrap();
    let job = job(&hub, dest.path());
    let downloader = downloader(&hub, |_| ());
    let runtime = runtime();
    runtime
        .block_on(downloader.run(&job, &NoProgress, &Cancel::new()))
        .unwrap();
    let lost = dest.path().join("x.parquet");
    std::fs::write(&lost, vec![0u8; 50_000]).unwrap();
    hub.clear_requests();

    let again = runtime
        .block_on(downloader.run(&job, &NoProgress, &Cancel::new()))
        .unwrap();
    assert_eq!(again.files_present_but_wrong, 1);
    assert_eq!(again.files_already_present, job.files.len() as u64 - 1);
    assert_eq!(again.bytes_fetched, 50_000);
    let fetched: Vec<String> = hub
        .requests()
        .iter()
        .filter(|r| r.path.contains("/resolve/"))
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(fetched.len(), 1, "{fetched:?}");
    assert!(fetched[0].ends_with("/x.parquet"), "{fetched:?}");
    assert_tree(&hub, dest.path());
}

/// A tmpfs of `bytes`, unmounted on drop (tests run as root here, as CI does).
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount(bytes: u64) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("run mount");
        assert!(
            status.success(),
            "mounting a small tmpfs needs root (CI runs as root); run the tests as root"
        );
        Self(dir)
    }

    fn path(&self) -> &Path {
        self.0.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.0.path())
            .status();
    }
}

#[test]
fn too_little_space_is_refused_before_the_first_byte() {
    let hub = start(dataset(0, &[("big.parquet", 6 << 20)]));
    let disk = SmallDisk::mount(4 << 20);
    let job = job(&hub, &disk.path().join("ds"));
    let error = fetch(&hub, &job).unwrap_err();
    assert!(matches!(error, DownloadError::NoRoom { .. }), "{error}");
    assert!(error.to_string().contains("STORAGE_ROOT"), "{error}");
    assert!(hub.requests().is_empty(), "nothing was fetched");
}

#[test]
fn a_disk_that_fills_up_mid_download_leaves_no_partial_file_in_place_and_resumes() {
    let big = [
        ("a.parquet", 1_500_000),
        ("b.parquet", 1_500_000),
        ("c.parquet", 1_500_000),
    ];
    let hub = start(dataset(10, &big));
    let disk = SmallDisk::mount(6 << 20);
    let dest = disk.path().join("ds");
    let job = job(&hub, &dest);
    // About 3 s per file: the first progress report comes long before the files are done,
    // however late a busy machine delivers it.
    hub.faults().set_bandwidth(Some(500_000));
    let filler = disk.path().join("filler");
    let filled = Arc::new(Mutex::new(false));
    // Once bytes flow, something else on the host eats the free space.
    let sink = {
        let (filler, filled) = (filler.clone(), filled.clone());
        move |p: &Progress| {
            let mut filled = filled.lock().unwrap();
            if !*filled && p.done > 0 {
                *filled = true;
                let free = fs4::available_space(filler.parent().unwrap()).unwrap();
                std::fs::write(&filler, vec![7u8; (free - 200_000) as usize]).unwrap();
            }
        }
    };
    let downloader = downloader(&hub, |_| ());
    let runtime = runtime();
    let error = runtime
        .block_on(downloader.run(&job, &sink, &Cancel::new()))
        .unwrap_err();
    assert!(matches!(error, DownloadError::DiskFull { .. }), "{error}");
    assert!(error.to_string().contains("free some space"), "{error}");
    for spec in &job.files {
        let path = dest.join(&spec.path);
        if let Ok(meta) = std::fs::metadata(&path) {
            assert_eq!(
                meta.len(),
                spec.size,
                "{} is at its final path half-written",
                spec.path
            );
        }
    }

    std::fs::remove_file(&filler).unwrap();
    hub.faults().set_bandwidth(None);
    let summary = runtime
        .block_on(downloader.run(&job, &NoProgress, &Cancel::new()))
        .unwrap();
    assert_tree(&hub, &dest);
    assert!(
        summary.files_already_present + u64::from(summary.bytes_resumed > 0) > 0,
        "what the first run wrote is kept: {summary:?}"
    );
    assert!(summary.bytes_fetched < summary.bytes, "{summary:?}");
}

/// The downloader's own checks, for a caller that did not read the files from the Hub client
/// (which refuses such entries first): one traversing path or content id among good files, and
/// size claims no disk holds, fail before the first write.
#[test]
fn unsafe_files_and_impossible_sizes_fail_before_anything_is_written() {
    let hub = start(dataset(2, &[("data/train.parquet", 30_000)]));
    type Tamper = fn(&mut FileSpec);
    let tampered: [(&str, Tamper); 4] = [
        ("a `..` segment", |f| f.path = "../../x".into()),
        ("absolute", |f| f.path = "/tmp/x".into()),
        ("40 lowercase hex", |f| {
            f.check = Check::GitSha1("../../../../etc/cron.d/x".into())
        }),
        ("64 lowercase hex", |f| {
            f.check = Check::Sha256("../../x".into())
        }),
    ];
    for (problem, tamper) in tampered {
        let scratch = tempfile::tempdir().unwrap();
        let dest = scratch.path().join("dataset");
        let mut job = job(&hub, &dest);
        tamper(&mut job.files[1]);
        let error = fetch(&hub, &job).unwrap_err();
        assert_eq!(error.kind(), "untrusted_answer", "{error}");
        let message = error.to_string();
        assert!(message.contains(problem), "`{problem}` in: {message}");
        assert!(message.contains("HF_ENDPOINT"), "{message}");
        assert_eq!(
            std::fs::read_dir(scratch.path()).unwrap().count(),
            0,
            "nothing written for {problem}"
        );
    }
    // Two claims whose sum overflows a u64: the space check fails, nothing panics or wraps.
    let scratch = tempfile::tempdir().unwrap();
    let mut job = job(&hub, &scratch.path().join("dataset"));
    job.files[0].size = 1 << 63;
    job.files[1].size = 1 << 63;
    let error = fetch(&hub, &job).unwrap_err();
    assert_eq!(error.kind(), "disk_full", "{error}");
    assert!(
        error.to_string().contains("claimed a false size"),
        "{error}"
    );
    assert!(hub.requests().iter().all(|r| !r.path.contains("/resolve/")));
}
