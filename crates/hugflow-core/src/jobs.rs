//! The shapes of `hugflow jobs … --json` (detached syncs on a host): written by the engine on
//! the host, read by the desktop over SSH. Defined once here so the two cannot drift.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::request::RequestKind;
use crate::status::DownloadProgress;
use crate::storage_name::parse_storage_name;

/// The version of every JSON document and line about jobs.
pub const JOB_SCHEMA: u32 = 1;

/// The id prefix of a download that no job owns (a CI sync): `ci-<storage name>`.
pub const CI_JOB_PREFIX: &str = "ci-";
/// A job id's time part: its UTC start to the second.
const ID_TIME_FORMAT: &str = "%Y%m%dT%H%M%SZ";
/// `20260511T101530Z`.
const ID_TIME_LEN: usize = 16;
/// The random suffix: 8 lowercase hex digits.
const ID_SUFFIX_LEN: usize = 8;

/// What a valid job id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobIdKind {
    /// A job `hugflow jobs start` made: `20260511T101530Z-1a2b3c4d`.
    Job,
    /// A download no job owns, listed as `ci-<storage name>`.
    Ci,
}

/// An id that is neither shape `hugflow jobs list` shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{id:?} is not a job id: a sync's id is its UTC start and 8 hex digits (`20260511T101530Z-1a2b3c4d`), a CI download's `ci-<storage name>`, as `hugflow jobs list` shows them"
)]
pub struct BadJobId {
    pub id: String,
}

/// The id of a job started at `at` with the random `suffix`.
pub fn new_job_id(at: DateTime<Utc>, suffix: u32) -> String {
    format!("{}-{suffix:08x}", at.format(ID_TIME_FORMAT))
}

/// The id under which `hugflow jobs list` shows a download of `storage_name` no job owns.
pub fn ci_job_id(storage_name: &str) -> String {
    format!("{CI_JOB_PREFIX}{storage_name}")
}

/// Checks an id a caller sent (the desktop's window, an SSH caller) against the two shapes
/// the engine makes: [`new_job_id`]'s, and `ci-` with a storage name exactly as
/// [`crate::storage_name::storage_name`] writes it. Both are safe in a path and an argument
/// (letters, digits, `-`, `_`, `.`, `%`; never `..`, `/` or a leading `-`), so nothing else a
/// caller sends reaches a job's folder or a host's command line.
pub fn check_job_id(id: &str) -> Result<JobIdKind, BadJobId> {
    let bad = || BadJobId { id: id.to_string() };
    if let Some(name) = id.strip_prefix(CI_JOB_PREFIX) {
        let canonical = parse_storage_name(name).is_some_and(|t| t.storage_name() == name);
        return canonical.then_some(JobIdKind::Ci).ok_or_else(bad);
    }
    let (time, suffix) = id.split_once('-').ok_or_else(bad)?;
    // The length and digits first: chrono alone would take a sign or a longer year.
    let time_ok = time.len() == ID_TIME_LEN
        && time
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'T' || b == b'Z')
        && NaiveDateTime::parse_from_str(time, ID_TIME_FORMAT).is_ok();
    let suffix_ok = suffix.len() == ID_SUFFIX_LEN
        && suffix
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    (time_ok && suffix_ok)
        .then_some(JobIdKind::Job)
        .ok_or_else(bad)
}

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    Running,
    Complete,
    Failed,
    Cancelled,
    /// No `exit.json` and no process: killed (SIGKILL, a reboot) before it could say.
    Lost,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Complete => "complete",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Lost => "lost",
        }
    }

    pub fn is_running(self) -> bool {
        self == Self::Running
    }
}

/// Who started a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// `hugflow jobs start` (the desktop, or anyone over SSH).
    Desktop,
    /// A download no job owns: the CI sync, or a `local-sync` by hand.
    Ci,
}

/// One line of `hugflow jobs list --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JobSummary {
    /// The job's id, or `ci-<storage_name>`.
    pub id: String,
    pub origin: Origin,
    /// `add` or `remove`; `null` for a CI download.
    pub kind: Option<RequestKind>,
    pub hf_id: String,
    pub storage_name: Option<String>,
    pub state: JobState,
    pub pid: Option<u32>,
    /// RFC 3339, UTC.
    pub started_at: Option<String>,
    /// RFC 3339, UTC; once ended.
    pub ended_at: Option<String>,
    /// The download's progress file, while there is one.
    pub progress: Option<DownloadProgress>,
    /// The message of the last `failed` event of the job's log.
    pub error: Option<String>,
}

/// `hugflow jobs list --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JobList {
    pub schema: u32,
    pub jobs: Vec<JobSummary>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ids_the_engine_makes_are_valid() {
        let at = DateTime::parse_from_rfc3339("2026-05-11T10:15:30Z")
            .unwrap()
            .with_timezone(&Utc);
        let id = new_job_id(at, 0x1a2b3c4d);
        assert_eq!(id, "20260511T101530Z-1a2b3c4d");
        assert_eq!(check_job_id(&id), Ok(JobIdKind::Job));
        assert_eq!(check_job_id(&new_job_id(at, 0)), Ok(JobIdKind::Job));
        for name in [
            crate::storage_name::storage_name("acme/speech", None, "train", "main"),
            crate::storage_name::storage_name("acme/speech", Some("en"), "test", "refs/pr/1"),
            crate::storage_name::storage_name("acme/speech", None, "", "refs/convert/parquet"),
        ] {
            assert_eq!(check_job_id(&ci_job_id(&name)), Ok(JobIdKind::Ci), "{name}");
        }
    }

    #[test]
    fn anything_else_is_refused_and_quoted() {
        for bad in [
            "",
            "job-1",
            "../x",
            "..",
            "-rf",
            "$(id)",
            "`id`",
            "x; touch X",
            "20260511T101530Z-1a2b3c4d; touch X",
            "20260511T101530Z-1a2b3c4d\n",
            "20260511T101530Z-1a2b3c4d\nrm -rf ~",
            "20260511T101530Z-1A2B3C4D",
            "20260511T101530Z-1a2b3c4",
            "20260511T101530Z-1a2b3c4d0",
            "20261311T101530Z-1a2b3c4d",
            "+2026511T101530Z-1a2b3c4d",
            "20260511T101530Z/../x-1a2b3c4d",
            "ci-",
            "ci-acme__speech",
            "ci-../x",
            "ci-acme__speech__rev_main/../../x",
            "ci-a%2F..__rev_main",
            "ci-acme__speech__rev_main; touch X",
            "ci-$(id)__rev_main",
        ] {
            let error = check_job_id(bad).expect_err(bad);
            let message = error.to_string();
            assert!(message.contains("is not a job id"), "{message}");
            assert!(
                !message.contains('\n'),
                "the id is quoted, not printed raw: {message}"
            );
        }
    }
}
