//! Detached syncs ("jobs"): a `local-sync` started on the host that outlives the SSH session
//! (or the laptop) that asked for it, and that a later session can list, follow and cancel.
//!
//! A job lives in `STATE_DIR/jobs/<id>/`:
//!
//! - `request.yaml`: the request it applies (checked before the job is created);
//! - `job.json`: [`JobMeta`] (id, kind, hf_id, storage name, start time, pid);
//! - `pid`: the runner's process id (also in `job.json`);
//! - `log.jsonl`: the runner's stdout and stderr, i.e. the `--json` event lines of `local-sync`;
//! - `exit.json`: [`ExitRecord`], written when the runner ends.
//!
//! The runner is started in a session of its own ([`Job::launch`]): closing the SSH session
//! sends it no SIGHUP, and its output goes to the log, not to the session. The Hub token
//! reaches it through its environment only, never through its arguments or a file.
//!
//! [`list`] also shows the downloads nobody here started (a CI sync on this host): every
//! progress file no job owns, as `origin: "ci"`.

mod list;
mod process;

use std::cmp::Reverse;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use hugflow_core::events::{EventLine, SyncEvent, parse_line};
use hugflow_core::path_io::{FromPathIo, PathIoError};
use hugflow_core::request::{FieldError, Request, RequestKind, parse_request};
use hugflow_core::state::{StateDir, write_atomic};
use serde::{Deserialize, Serialize};

use crate::SyncError;

use hugflow_core::jobs::{BadJobId, check_job_id, new_job_id};
pub use hugflow_core::jobs::{JOB_SCHEMA, JobIdKind, JobList, JobState, JobSummary, Origin};
pub use list::list;
pub use process::{acquire_host_lock, cancel_on_signals, spawn_detached, terminate_group};

/// The folder of the state directory that holds the jobs.
pub const JOBS_DIR: &str = "jobs";
/// The id prefix of a download that no job owns (a CI sync): `ci-<storage_name>`.
pub const CI_PREFIX: &str = hugflow_core::jobs::CI_JOB_PREFIX;

const REQUEST_FILE: &str = "request.yaml";
const META_FILE: &str = "job.json";
const PID_FILE: &str = "pid";
const LOG_FILE: &str = "log.jsonl";
const EXIT_FILE: &str = "exit.json";
/// How long a job without a recorded pid counts as starting rather than lost.
const START_GRACE: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// The message is [`BadJobId`]'s: the id quoted, and the shapes ids have.
    #[error("{0}")]
    BadId(BadJobId),
    #[error("no job {id} under {}; `hugflow jobs list` shows them", dir.display())]
    NotFound { id: String, dir: PathBuf },
    #[error(
        "{id} is a download this host's CI (or another tool) started, not a job: its log is in the workflow run, and cancelling the run stops it"
    )]
    NotAJob { id: String },
    #[error("{}", invalid_message(errors))]
    InvalidRequest { errors: Vec<FieldError> },
    #[error(transparent)]
    Io(#[from] PathIoError),
    #[error("{} is not a valid job record ({source}); delete the job's folder", path.display())]
    Corrupt {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("cannot start the job's process: {0}")]
    Spawn(io::Error),
    #[error("cannot signal the job's process {pid}: {source}")]
    Signal { pid: u32, source: io::Error },
    #[error("detached jobs need a Unix host")]
    Unsupported,
}

/// The wording of `local-sync` on an invalid file, naming the field the YAML came in.
fn invalid_message(errors: &[FieldError]) -> String {
    SyncError::Invalid {
        file: "request_yaml".into(),
        errors: errors.to_vec(),
    }
    .to_string()
}

impl JobError {
    /// A stable name for the failure, as JSON output carries it.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::BadId { .. } => "bad_id",
            Self::NotFound { .. } => "not_found",
            Self::NotAJob { .. } => "not_a_job",
            Self::InvalidRequest { .. } => "invalid_request",
            Self::Io(_) => "io",
            Self::Corrupt { .. } => "corrupt",
            Self::Spawn(_) => "spawn",
            Self::Signal { .. } => "signal",
            Self::Unsupported => "unsupported",
        }
    }
}

/// A job's id: `20260511T101530Z-1a2b3c4d` (the UTC start, then a random suffix), as
/// `hugflow_core::jobs` makes and checks it: safe in a path and in an argument.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct JobId(String);

impl JobId {
    /// Checks an id a caller sent; nothing else may reach a path. A CI download's id
    /// (`ci-<storage name>`) is valid but names no job.
    pub fn parse(id: &str) -> Result<Self, JobError> {
        match check_id(id)? {
            JobIdKind::Job => Ok(Self(id.to_string())),
            JobIdKind::Ci => Err(JobError::NotAJob { id: id.to_string() }),
        }
    }

    fn generate(at: DateTime<Utc>) -> Self {
        Self(new_job_id(at, random_u32()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for JobId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks an id a caller sent against the shapes the engine makes (see
/// [`hugflow_core::jobs::check_job_id`]), before anything else is done with it.
pub fn check_id(id: &str) -> Result<JobIdKind, JobError> {
    check_job_id(id).map_err(JobError::BadId)
}

/// Enough randomness to keep two ids of the same second apart: the standard library's
/// randomly keyed hasher over the pid and the clock.
fn random_u32() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    hasher.finish() as u32
}

/// `job.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobMeta {
    pub schema: u32,
    pub id: String,
    pub kind: RequestKind,
    pub hf_id: String,
    /// The download's storage name (add requests only).
    pub storage_name: Option<String>,
    /// RFC 3339, UTC.
    pub started_at: String,
    /// The runner's pid, once started.
    pub pid: Option<u32>,
}

/// `exit.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitRecord {
    pub schema: u32,
    /// The runner's exit code: 0 complete, 1 failed, 2 could not run, 130 cancelled.
    pub code: i32,
    /// RFC 3339, UTC.
    pub ended_at: String,
    pub state: JobState,
}

/// The jobs of one state directory.
#[derive(Debug, Clone)]
pub struct JobStore {
    dir: PathBuf,
}

impl JobStore {
    pub fn new(state: &StateDir) -> Self {
        Self {
            dir: state.path().join(JOBS_DIR),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Checks `request_yaml` (as `local-sync` checks a file; the kind comes from the keys:
    /// `reason` means a removal) and creates the job's folder with `request.yaml` and
    /// `job.json`. The folder appears complete or not at all.
    pub fn create(&self, request_yaml: &str) -> Result<Job, JobError> {
        let (kind, parsed) = parse_request(request_yaml, None);
        let request = parsed.map_err(|errors| JobError::InvalidRequest { errors })?;
        fs::create_dir_all(&self.dir).map_err(JobError::io("create", &self.dir))?;
        let now = Utc::now();
        for _ in 0..8 {
            let id = JobId::generate(now);
            let dir = self.dir.join(id.as_str());
            if dir.exists() {
                continue;
            }
            let temp = self.dir.join(format!(".new-{id}"));
            fs::create_dir(&temp).map_err(JobError::io("create", &temp))?;
            let written = self.fill(&temp, &id, kind, &request, request_yaml, now);
            let renamed = written
                .and_then(|()| fs::rename(&temp, &dir).map_err(JobError::io("create", &dir)));
            if let Err(error) = renamed {
                let _ = fs::remove_dir_all(&temp);
                return Err(error);
            }
            return Ok(Job { id, dir });
        }
        Err(JobError::io("create", &self.dir)(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free job id",
        )))
    }

    fn fill(
        &self,
        dir: &Path,
        id: &JobId,
        kind: RequestKind,
        request: &Request,
        request_yaml: &str,
        now: DateTime<Utc>,
    ) -> Result<(), JobError> {
        let path = dir.join(REQUEST_FILE);
        write_atomic(&path, request_yaml.as_bytes()).map_err(JobError::io("write", &path))?;
        let storage_name = match request {
            Request::Add(add) => Some(add.storage_name()),
            Request::Remove(_) => None,
        };
        let meta = JobMeta {
            schema: JOB_SCHEMA,
            id: id.to_string(),
            kind,
            hf_id: request.hf_id().to_string(),
            storage_name,
            started_at: rfc3339(now),
            pid: None,
        };
        write_json(&dir.join(META_FILE), &meta)
    }

    /// The job `id` (checked first: a remote caller sends it).
    pub fn open(&self, id: &str) -> Result<Job, JobError> {
        let id = JobId::parse(id)?;
        let dir = self.dir.join(id.as_str());
        if !dir.join(META_FILE).is_file() {
            return Err(JobError::NotFound {
                id: id.to_string(),
                dir: self.dir.clone(),
            });
        }
        Ok(Job { id, dir })
    }

    /// Every job, newest first. Folders that are not jobs are skipped.
    pub fn jobs(&self) -> Result<Vec<Job>, JobError> {
        let listing = match fs::read_dir(&self.dir) {
            Ok(listing) => listing,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(JobError::io("read", &self.dir)(error)),
        };
        let mut jobs: Vec<Job> = listing
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let name = entry.file_name();
                let id = JobId::parse(name.to_str()?).ok()?;
                let dir = entry.path();
                dir.join(META_FILE).is_file().then_some(Job { id, dir })
            })
            .collect();
        // The id only has whole seconds and a random suffix, so two jobs of one second are
        // ordered by the start recorded in `job.json`.
        jobs.sort_by_cached_key(|job| {
            let started = job.meta().ok().and_then(|meta| meta.started_at());
            Reverse((started, job.id.clone()))
        });
        Ok(jobs)
    }
}

/// One job's folder.
#[derive(Debug, Clone)]
pub struct Job {
    id: JobId,
    dir: PathBuf,
}

impl Job {
    pub fn id(&self) -> &JobId {
        &self.id
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn request_path(&self) -> PathBuf {
        self.dir.join(REQUEST_FILE)
    }

    pub fn log_path(&self) -> PathBuf {
        self.dir.join(LOG_FILE)
    }

    pub fn meta(&self) -> Result<JobMeta, JobError> {
        read_json(&self.dir.join(META_FILE))
    }

    /// `exit.json`, once the job has ended.
    pub fn exit(&self) -> Result<Option<ExitRecord>, JobError> {
        let path = self.dir.join(EXIT_FILE);
        if !path.exists() {
            return Ok(None);
        }
        read_json(&path).map(Some)
    }

    /// The runner's pid: the `pid` file, else `job.json`.
    pub fn pid(&self) -> Option<u32> {
        fs::read_to_string(self.dir.join(PID_FILE))
            .ok()
            .and_then(|text| text.trim().parse().ok())
            .or_else(|| self.meta().ok().and_then(|meta| meta.pid))
    }

    /// Records the runner's pid in `pid` and `job.json`.
    pub fn record_pid(&self, pid: u32) -> Result<(), JobError> {
        let path = self.dir.join(PID_FILE);
        write_atomic(&path, format!("{pid}\n").as_bytes()).map_err(JobError::io("write", &path))?;
        let mut meta = self.meta()?;
        if meta.pid != Some(pid) {
            meta.pid = Some(pid);
            write_json(&self.dir.join(META_FILE), &meta)?;
        }
        Ok(())
    }

    /// Where the job stands, with its exit record once it has one.
    pub fn state(&self) -> Result<(JobState, Option<ExitRecord>), JobError> {
        if let Some(exit) = self.exit()? {
            return Ok((exit.state, Some(exit)));
        }
        let alive = match self.pid() {
            Some(pid) => process::is_job_process(pid, &self.id),
            // Created, the process not recorded yet: starting, unless that was long ago.
            None => self
                .meta()?
                .started_at()
                .is_some_and(|at| (Utc::now() - at).to_std().unwrap_or_default() < START_GRACE),
        };
        if alive {
            return Ok((JobState::Running, None));
        }
        // It may have written exit.json just before it ended.
        match self.exit()? {
            Some(exit) => Ok((exit.state, Some(exit))),
            None => Ok((JobState::Lost, None)),
        }
    }

    /// Writes `exit.json`; the runner's last act.
    pub fn finish(&self, code: i32, state: JobState) -> Result<ExitRecord, JobError> {
        let record = ExitRecord {
            schema: JOB_SCHEMA,
            code,
            ended_at: rfc3339(Utc::now()),
            state,
        };
        write_json(&self.dir.join(EXIT_FILE), &record)?;
        Ok(record)
    }

    /// Appends one JSON line to the log (for what the runner itself cannot say).
    pub fn log_event(&self, event: &SyncEvent) -> Result<(), JobError> {
        let path = self.log_path();
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(JobError::io("open", &path))?;
        let line = EventLine::new(event).to_json();
        writeln!(file, "{line}").map_err(JobError::io("write", &path))
    }

    /// The message of the last `failed` event in the log, if any (only the log's tail is
    /// read: the failure is the last thing a runner prints).
    pub fn last_error(&self) -> Option<String> {
        let tail = read_tail(&self.log_path(), 64 * 1024)?;
        tail.lines()
            .rev()
            .find_map(|line| match parse_line::<SyncEvent>(line) {
                Ok(SyncEvent::Failed { message, .. }) => Some(message),
                _ => None,
            })
    }

    /// Starts `command` (the CLI's `jobs run <id>`) detached: a session of its own, stdin
    /// from /dev/null, stdout and stderr appended to the log, `HF_TOKEN` set in its
    /// environment only when given. Records and returns its pid. A process that cannot start
    /// leaves a failed job (with the reason in its log) behind.
    pub fn launch(
        &self,
        command: std::process::Command,
        hf_token: Option<&str>,
    ) -> Result<u32, JobError> {
        let launched = process::spawn_detached(command, &self.log_path(), hf_token);
        match launched {
            Ok(pid) => {
                self.record_pid(pid)?;
                Ok(pid)
            }
            Err(error) => {
                let _ = self.log_event(&SyncEvent::Failed {
                    kind: error.kind().to_string(),
                    message: error.to_string(),
                    suggestion: None,
                    errors: None,
                });
                let _ = self.finish(2, JobState::Failed);
                Err(error)
            }
        }
    }

    /// Asks a running job to stop (SIGTERM to its process group) and waits up to `wait` for
    /// it to end. A job that already ended is left alone.
    pub fn cancel(&self, wait: Duration) -> Result<CancelOutcome, JobError> {
        let (state, _) = self.state()?;
        if !state.is_running() {
            return Ok(CancelOutcome::NotRunning(state));
        }
        let Some(pid) = self.pid() else {
            // Starting: its pid is not recorded yet; give it a moment.
            std::thread::sleep(Duration::from_millis(500));
            return match self.pid() {
                Some(_) => self.cancel(wait),
                None => Ok(CancelOutcome::NotRunning(self.state()?.0)),
            };
        };
        process::terminate_group(pid)?;
        let deadline = std::time::Instant::now() + wait;
        loop {
            if let Some(exit) = self.exit()? {
                return Ok(CancelOutcome::Stopped(exit.state));
            }
            if !process::is_job_process(pid, &self.id) {
                // Ended without a word (the signal came before it could listen): it was
                // cancelled all the same.
                if let Some(exit) = self.exit()? {
                    return Ok(CancelOutcome::Stopped(exit.state));
                }
                let _ = self.log_event(&SyncEvent::Cancelled {
                    message: "stopped by `hugflow jobs cancel` before it could report".into(),
                });
                return Ok(CancelOutcome::Stopped(
                    self.finish(143, JobState::Cancelled)?.state,
                ));
            }
            if std::time::Instant::now() >= deadline {
                return Ok(CancelOutcome::StillRunning);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// What [`Job::cancel`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelOutcome {
    /// It had already ended (or was lost); nothing was sent.
    NotRunning(JobState),
    /// It was signalled and ended in this state (`complete` if it finished first).
    Stopped(JobState),
    /// It was signalled and has not ended within the wait.
    StillRunning,
}

impl JobMeta {
    pub fn started_at(&self) -> Option<DateTime<Utc>> {
        parse_time(&self.started_at)
    }
}

/// RFC 3339 with the fraction the clock gave (none when it is whole), so that jobs started in
/// one second still sort by their start.
fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), JobError> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("job records always serialize");
    bytes.push(b'\n');
    write_atomic(path, &bytes).map_err(JobError::io("write", path))
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, JobError> {
    let bytes = fs::read(path).map_err(JobError::io("read", path))?;
    serde_json::from_slice(&bytes).map_err(|source| JobError::Corrupt {
        path: path.to_path_buf(),
        source,
    })
}

/// The last `max` bytes of a file, from the first whole line in them.
fn read_tail(path: &Path, max: u64) -> Option<String> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let start = len.saturating_sub(max);
    file.seek(SeekFrom::Start(start)).ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Some(if start > 0 {
        text.split_once('\n')
            .map_or(String::new(), |(_, rest)| rest.to_string())
    } else {
        text
    })
}

#[cfg(test)]
mod tests;
