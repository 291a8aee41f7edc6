//! The shapes of `hugflow jobs … --json` (detached syncs on a host): written by the engine on
//! the host, read by the desktop over SSH. Defined once here so the two cannot drift.

use serde::{Deserialize, Serialize};

use crate::request::RequestKind;
use crate::status::DownloadProgress;

/// The version of every JSON document and line about jobs.
pub const JOB_SCHEMA: u32 = 1;

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
