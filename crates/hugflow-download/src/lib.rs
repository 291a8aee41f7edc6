//! Downloads a repository's files from the Hugging Face Hub: in parallel over pooled
//! keep-alive connections, resumable across process restarts, verified, and placed atomically.
//!
//! - **Resume.** Bytes go to `<work>/incomplete/<content id>.part`; a part's length is its
//!   progress (the kernel keeps every write of a killed process), so a restart asks for the
//!   rest with `Range` and only what was in flight is fetched again. A part is named by its
//!   content id, so parts of another revision are never mixed in. A `200` answer to a range
//!   request restarts that file.
//! - **Large files** (above [`DownloaderConfig::range_threshold`]) come as byte ranges over
//!   several connections into one preallocated part, resumable per range from a journal beside
//!   it (`ranged.rs`, `journal.rs`). Which work a free connection takes (`workers.rs`) and how
//!   many connections the job uses (`sched.rs`: added only while they add throughput) are
//!   their own modules.
//! - **Verification.** The size, then the sha256 of LFS files or the git blob id (sha1) of
//!   small ones, hashed as bytes arrive (a resumed part's prefix is hashed from disk first).
//!   A mismatch discards the part and fetches the file again.
//! - **Placement.** A file appears at its final path only complete and verified (`rename`
//!   within one file system); a crash never leaves half a file there.
//! - **Durability.** A job returns only once what it placed is on disk (`syncfs` of the
//!   destination's file system), so the manifest the caller writes next never vouches for
//!   bytes still in the page cache. Files a job finds already in place (a resumed sync, which
//!   no manifest vouches for) are hashed before they are trusted (see `durable.rs`).
//! - **Network.** Retries with backoff on timeouts, resets, 408 and 5xx; a 429's
//!   `RateLimit`/`Retry-After` pauses every worker, not just the one that was told. The
//!   resolver budget every `/resolve/` answer announces (`RateLimit`/`RateLimit-Policy`) paces
//!   the calls when the job needs more than is left (see `gate.rs`). Redirects
//!   are followed by hand so the `Authorization` header never leaves the Hub's origin (the
//!   CDN's URLs are signed), and only to http(s), never from https down to http, at most
//!   [`hugflow_http::MAX_REDIRECTS`] hops.
//! - **Trust.** Paths and content ids come from the Hub (or a mirror): a path must stay under
//!   the destination and a content id be hex of its length before either names a file; the
//!   whole job is checked before the first write.
//! - **Space.** Free space is checked before the first byte; `ENOSPC` later is a clear error
//!   that keeps the parts for a resume.
//!
//! Progress goes to a [`ProgressSink`](hugflow_core::progress::ProgressSink) as bytes, files,
//! rate and ETA.

mod durable;
mod error;
mod fetch;
mod gate;
mod journal;
mod meter;
mod pio;
mod ranged;
mod sched;
mod space;
mod verify;
mod workers;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hugflow_core::config::Secret;
use hugflow_core::path_io::FromPathIo;
use hugflow_core::progress::{Cancel, ProgressSink};
use hugflow_core::selection::RepoPath;
use hugflow_http::RetryPolicy;
use url::Url;

pub use error::DownloadError;
pub use verify::{Check, Hasher};

use gate::RateGate;
use meter::Meter;

/// One file to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSpec {
    /// The path in the repository, which is also its path under the destination.
    pub path: String,
    pub size: u64,
    pub check: Check,
}

/// How to reach the Hub and how hard to push it.
#[derive(Debug, Clone)]
pub struct DownloaderConfig {
    /// The Hub's origin; the token is only ever sent there.
    pub endpoint: Url,
    pub token: Option<Secret>,
    /// Files fetched as one stream in flight at once (`MAX_CONCURRENT_DOWNLOADS`), and the
    /// connections a job starts with before it measures whether more help.
    pub concurrency: usize,
    /// Files larger than this are fetched as byte ranges over several connections.
    pub range_threshold: u64,
    /// Connections one ranged file uses at most (`MAX_CONNECTIONS_PER_FILE`).
    pub connections_per_file: usize,
    /// Connections of a job at most, whatever they fetch (`MAX_CONNECTIONS`); the job adds
    /// them up to this only while they add throughput (see `sched.rs`).
    pub max_connections: usize,
    /// Hash a ranged file's landed prefix while the other ranges arrive (`true`), or in one
    /// pass after the last range.
    pub hash_while_fetching: bool,
    pub retry: RetryPolicy,
    /// How long all 429 waits together may take before giving up.
    pub rate_limit_patience: Duration,
    /// No bytes for this long is a stalled connection: retried.
    pub read_timeout: Duration,
    /// Bytes to keep free besides the download itself.
    pub free_space_margin: u64,
}

impl DownloaderConfig {
    pub fn new(endpoint: Url, token: Option<Secret>) -> Self {
        Self {
            endpoint,
            token,
            concurrency: 8,
            range_threshold: DEFAULT_RANGE_THRESHOLD,
            connections_per_file: DEFAULT_CONNECTIONS_PER_FILE,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            hash_while_fetching: true,
            retry: RetryPolicy {
                max_attempts: 8,
                ..RetryPolicy::default()
            },
            rate_limit_patience: Duration::from_secs(3600),
            read_timeout: Duration::from_secs(60),
            free_space_margin: 64 << 20,
        }
    }
}

/// Files above 256 MiB are fetched in ranges: below it one connection finishes a file in
/// seconds and ranges would only add requests.
pub const DEFAULT_RANGE_THRESHOLD: u64 = 256 << 20;
/// The Hub's own Xet client runs 16 range requests at once; the controller stops adding
/// connections sooner when they stop adding throughput.
pub const DEFAULT_CONNECTIONS_PER_FILE: usize = 16;
/// Two such files at once.
pub const DEFAULT_MAX_CONNECTIONS: usize = 32;

/// Jobs of at least this many files to fetch learn the resolver budget with one extra call
/// before the first download, so the estimate comes with the plan; smaller jobs hear it from
/// their first answers, where the extra call would buy nothing.
pub const UP_FRONT_FILES: usize = 50;

/// Hears the lines a download has for the user (see [`Downloader::run_noting`]).
pub type Notes<'a> = dyn Fn(&str) + Sync + 'a;

/// What to fetch and where: `resolve/<commit>/<path>` of one repository into `dest`.
#[derive(Debug, Clone)]
pub struct Job {
    /// `datasets/<id>` (or `<id>` for models), as it appears in resolve URLs.
    pub repo_path: String,
    /// The commit sha (or revision) the files are resolved at.
    pub commit: String,
    pub files: Vec<FileSpec>,
    /// Where files land, at their repository paths.
    pub dest: PathBuf,
    /// Where parts are kept; must be on the same file system as `dest`.
    pub work_dir: PathBuf,
    /// Names the work in progress reports ("Downloading acme/speech").
    pub task: String,
}

/// What a finished job did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: u64,
    pub bytes: u64,
    /// Files found complete and verified at their final paths, and left alone.
    pub files_already_present: u64,
    /// Files found at their final paths with the listed size but other bytes (placed before
    /// a crash, never flushed): fetched again.
    pub files_present_but_wrong: u64,
    /// Bytes fetched over the network in this run (less than `bytes` when resuming).
    pub bytes_fetched: u64,
    /// Bytes of parts kept from an earlier run.
    pub bytes_resumed: u64,
    /// Downloads whose bytes failed verification and were fetched again.
    pub corrupt_refetches: u64,
    /// Requests answered 429, 408, 5xx or lost to the network, then retried.
    pub retries: u64,
}

/// The downloader; cheap to clone, clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Downloader {
    client: reqwest::Client,
    config: Arc<DownloaderConfig>,
}

impl Downloader {
    pub fn new(config: DownloaderConfig) -> Result<Self, DownloadError> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("hugflow/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .read_timeout(config.read_timeout)
            .pool_max_idle_per_host(config.concurrency.max(config.max_connections).max(1) * 2)
            .tcp_nodelay(true)
            .build()
            .map_err(|error| DownloadError::Setup {
                message: error.to_string(),
            })?;
        Ok(Self {
            client,
            config: Arc::new(config),
        })
    }

    /// Fetches every file of `job` not already at its final path, then removes the work dir's
    /// parts. Stops early (keeping parts) on the first file that cannot be fetched, on
    /// `ENOSPC`, or when `cancel` is set.
    pub async fn run(
        &self,
        job: &Job,
        sink: &dyn ProgressSink,
        cancel: &Cancel,
    ) -> Result<Summary, DownloadError> {
        self.run_noting(job, sink, &|_| {}, cancel).await
    }

    /// [`run`](Self::run), telling `notes` what the user should know about the Hub's resolver
    /// budget: how long the file count takes at it (once, when it is first known and too small
    /// for the job: before the first download for jobs of [`UP_FRONT_FILES`] or more), and
    /// when calls are being paced to stay inside it.
    pub async fn run_noting(
        &self,
        job: &Job,
        sink: &dyn ProgressSink,
        notes: &Notes<'_>,
        cancel: &Cancel,
    ) -> Result<Summary, DownloadError> {
        let incomplete = job.work_dir.join("incomplete");
        // Every file is checked before the first write, so a bad one leaves nothing behind.
        for file in &job.files {
            check_path(file)?;
            part_path(&incomplete, file)?;
        }
        create_dir(&incomplete)?;
        let mut summary = Summary::default();
        let mut pending = Vec::new();
        let mut present = Vec::new();
        for file in &job.files {
            summary.files += 1;
            summary.bytes = summary.bytes.saturating_add(file.size);
            let target = job.dest.join(&file.path);
            if std::fs::metadata(&target).is_ok_and(|m| m.is_file() && m.len() == file.size) {
                present.push((file.clone(), target));
            } else {
                pending.push(file.clone());
            }
        }
        if !present.is_empty() {
            let found = present.len() as u64;
            let wrong = tokio::task::spawn_blocking(move || durable::unverified(present))
                .await
                .map_err(|panic| DownloadError::Setup {
                    message: format!("checking the files in place failed: {panic}"),
                })??;
            summary.files_present_but_wrong = wrong.len() as u64;
            summary.files_already_present = found - summary.files_present_but_wrong;
            pending.extend(wrong);
        }
        // Sizes are the Hub's claims: sums saturate, so an absurd one fails the space check
        // below instead of wrapping to a small number (or panicking).
        let pending_bytes = total(pending.iter().map(|f| f.size));
        let resumed = total(pending.iter().map(|f| held(&incomplete, f)));
        let present_bytes = summary.bytes.saturating_sub(pending_bytes);
        space::ensure_room(
            &job.dest,
            pending_bytes.saturating_sub(resumed),
            self.config.free_space_margin,
        )?;
        summary.bytes_resumed = resumed;

        let meter = Arc::new(Meter::new(
            &job.task,
            summary.bytes,
            summary.files,
            present_bytes + resumed,
            summary.files_already_present,
        ));
        // Biggest first, so a long file does not start last and stretch the tail.
        pending.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.path.cmp(&b.path)));
        let outcome = self
            .fetch_all(job, &incomplete, pending, &meter, (sink, notes), cancel)
            .await;
        meter.report(sink);
        let stats = meter.stats();
        summary.bytes_fetched = stats.fetched;
        summary.corrupt_refetches = stats.corrupt;
        summary.retries = stats.retries;
        outcome?;
        // Linux flushes the whole file system at once and needs no list.
        let placed: Vec<PathBuf> = if cfg!(target_os = "linux") {
            Vec::new()
        } else {
            job.files.iter().map(|f| job.dest.join(&f.path)).collect()
        };
        let dest = job.dest.clone();
        tokio::task::spawn_blocking(move || durable::flush(&dest, &placed))
            .await
            .map_err(|panic| DownloadError::Setup {
                message: format!("flushing the files to disk failed: {panic}"),
            })??;
        // Parts of files the job no longer lists (another revision) are dead weight now.
        let _ = std::fs::remove_dir_all(&incomplete);
        Ok(summary)
    }

    async fn fetch_all(
        &self,
        job: &Job,
        incomplete: &Path,
        pending: Vec<FileSpec>,
        meter: &Arc<Meter>,
        (sink, notes): (&dyn ProgressSink, &Notes<'_>),
        cancel: &Cancel,
    ) -> Result<(), DownloadError> {
        let config = &self.config;
        let gate = Arc::new(RateGate::new(
            config.rate_limit_patience,
            pending.len() as u64,
            config.concurrency,
        ));
        if pending.len() >= UP_FRONT_FILES
            && let Some(first) = pending.first()
        {
            self.learn_budget(&gate, self.resolve_url(job, &first.path))
                .await;
            // Before the first byte, with the plan: how long the file count takes.
            gate.take_notes().iter().for_each(|note| notes(note));
        }
        let fetches = workers::Fetches {
            downloader: self.clone(),
            job: JobAt {
                repo_path: job.repo_path.clone(),
                commit: job.commit.clone(),
                dest: job.dest.clone(),
            },
            incomplete: incomplete.to_path_buf(),
            meter: meter.clone(),
            gate: gate.clone(),
        };
        let (mut ranged, mut small) = (Vec::new(), Vec::new());
        for file in pending {
            if file.size > config.range_threshold && config.connections_per_file > 1 {
                ranged.push(Arc::new(ranged::Ranged::new(
                    fetches.make(file)?,
                    config.connections_per_file,
                    config.hash_while_fetching,
                )));
            } else {
                small.push(file);
            }
        }
        let most = config.max_connections.max(config.concurrency).max(1);
        let work = Arc::new(workers::Work::new(
            fetches,
            ranged,
            small,
            sched::Limiter::new(config.concurrency.min(most)),
        ));
        let mut controller = sched::Controller::new(most, 0);
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..most {
            tasks.spawn(work.clone().worker(cancel.clone()));
        }
        let mut last_report = Instant::now();
        loop {
            let next = tokio::time::timeout(meter::REPORT_EVERY, tasks.join_next()).await;
            gate.take_notes().iter().for_each(|note| notes(note));
            let stats = meter.stats();
            controller.tick(&work.limiter, stats.fetched, stats.retries);
            meter.set_connections(work.limiter.active());
            if last_report.elapsed() >= meter::REPORT_EVERY {
                meter.report(sink);
                last_report = Instant::now();
            }
            match next {
                Err(_elapsed) => continue,
                Ok(None) => break,
                Ok(Some(Ok(()))) => {}
                Ok(Some(Err(panic))) => {
                    work.abandon();
                    return Err(DownloadError::Setup {
                        message: format!("a download task failed: {panic}"),
                    });
                }
            }
        }
        if let Some(error) = work.take_error() {
            work.abandon();
            return Err(error);
        }
        if cancel.is_cancelled() {
            work.abandon();
            return Err(DownloadError::Cancelled);
        }
        Ok(())
    }

    /// One `HEAD` of a planned file's `/resolve/` URL (redirects not followed, the token to
    /// the Hub's origin only), to hear the resolver budget before any download starts:
    /// huggingface.co sends a bucket's `RateLimit` only on that bucket's answers (an `/api/`
    /// answer says `"api";r=489;t=189`, huggingface_hub issue #3553), so nothing the plan
    /// fetched told it. A failure here is no error: the downloads meet it themselves.
    async fn learn_budget(&self, gate: &RateGate, url: Url) {
        let mut request = self.client.head(url.clone());
        if let Some(token) = &self.config.token
            && url.origin() == self.config.endpoint.origin()
        {
            request = request.bearer_auth(token.expose());
        }
        match request.send().await {
            Ok(response) => gate.observe(response.headers()),
            Err(error) => tracing::debug!(%error, "no resolver budget heard up front"),
        }
    }

    /// `{endpoint}/{repo_path}/resolve/{commit}/{path}`, as `huggingface_hub` builds it.
    fn resolve_url(&self, job: &Job, path: &str) -> Url {
        hugflow_http::resolve_url(&self.config.endpoint, &job.repo_path, &job.commit, path)
    }
}

/// Where a job's files come from and go: what its workers need of the [`Job`] once its file
/// list is handed out.
pub(crate) struct JobAt {
    pub repo_path: String,
    pub commit: String,
    pub dest: PathBuf,
}

/// The part file of `file` in `incomplete`: named by its content id, so another revision's
/// bytes never mix in. The id is checked here, where it becomes a file name, whoever built the
/// [`FileSpec`]: only hex of its algorithm's length can name a part.
fn part_path(incomplete: &Path, file: &FileSpec) -> Result<PathBuf, DownloadError> {
    file.check
        .validate()
        .map_err(|problem| DownloadError::UnsafeEntry {
            path: file.path.clone(),
            problem,
        })?;
    Ok(incomplete.join(format!("{}.part", file.check.content_id())))
}

/// The bytes of `file` an earlier run left in its part (see [`ranged::held`]).
fn held(incomplete: &Path, file: &FileSpec) -> u64 {
    part_path(incomplete, file).map_or(0, |part| {
        ranged::held(&part, file.check.content_id(), file.size)
    })
}

/// A sum of the Hub's size claims that stops at `u64::MAX`.
fn total(sizes: impl Iterator<Item = u64>) -> u64 {
    sizes.fold(0, u64::saturating_add)
}

fn create_dir(dir: &Path) -> Result<(), DownloadError> {
    std::fs::create_dir_all(dir).map_err(DownloadError::io("create", dir))
}

/// Repository paths are relative, `/`-separated and never climb out of the destination (the
/// rule of [`RepoPath`], which the Hub client applies when it reads a tree).
fn check_path(file: &FileSpec) -> Result<(), DownloadError> {
    RepoPath::parse(&file.path)
        .map(drop)
        .map_err(|problem| DownloadError::UnsafeEntry {
            path: file.path.clone(),
            problem,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOB: &str = "ce013625030ba8dba906f756967f9e9ca394464a";

    fn spec(path: &str, check: Check) -> FileSpec {
        FileSpec {
            path: path.into(),
            size: 1,
            check,
        }
    }

    #[test]
    fn paths_that_escape_are_refused() {
        for path in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "a/./b",
            "",
            "a\\b",
        ] {
            let error = check_path(&spec(path, Check::GitSha1(BLOB.into()))).unwrap_err();
            assert_eq!(error.kind(), "untrusted_answer", "{path}");
            assert!(
                error.to_string().contains("Check that HF_ENDPOINT"),
                "{error}"
            );
        }
        assert!(check_path(&spec("data/train-0.parquet", Check::GitSha1(BLOB.into()))).is_ok());
    }

    #[test]
    fn a_part_is_named_only_by_hex_of_the_right_length() {
        let incomplete = Path::new("/work/d/.hugflow/incomplete");
        let ok = part_path(incomplete, &spec("a", Check::GitSha1(BLOB.into()))).unwrap();
        assert_eq!(ok, incomplete.join(format!("{BLOB}.part")));
        for check in [
            Check::GitSha1("../../../../etc/cron.d/x".into()),
            Check::GitSha1(BLOB.to_uppercase()),
            Check::Sha256(BLOB.into()),
            Check::Sha256(format!("../{}", "0".repeat(61))),
        ] {
            let error = part_path(incomplete, &spec("README.md", check.clone())).unwrap_err();
            let message = error.to_string();
            assert!(message.contains("lowercase hex"), "{check:?}: {message}");
            assert!(message.contains("(entry \"README.md\")"), "{message}");
        }
    }

    #[test]
    fn size_sums_saturate() {
        assert_eq!(total([1 << 63, 1 << 63, 5].into_iter()), u64::MAX);
        assert_eq!(total([2, 3].into_iter()), 5);
    }

    #[test]
    fn resolve_urls_encode_each_segment() {
        let downloader = Downloader::new(DownloaderConfig::new(
            Url::parse("http://127.0.0.1:9/hub").unwrap(),
            None,
        ))
        .unwrap();
        let job = Job {
            repo_path: "datasets/acme/speech".into(),
            commit: "refs/convert/parquet".into(),
            files: Vec::new(),
            dest: PathBuf::new(),
            work_dir: PathBuf::new(),
            task: String::new(),
        };
        assert_eq!(
            downloader.resolve_url(&job, "a b/c#d.txt").as_str(),
            "http://127.0.0.1:9/hub/datasets/acme/speech/resolve/refs%2Fconvert%2Fparquet/a%20b/c%23d.txt"
        );
    }
}
