//! The shapes of the retrain orchestrator's records (`hugflow retrain history --json`) and of
//! a metadata repo's version history. Written by the engine wherever the orchestrator runs,
//! read by the desktop; defined once here so the two cannot drift.

use serde::{Deserialize, Serialize};

/// The version of every retrain JSON document.
pub const RETRAIN_SCHEMA: u32 = 1;

/// `hugflow retrain history --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RetrainHistory {
    pub schema: u32,
    /// Newest first.
    pub runs: Vec<RetrainRun>,
}

/// How a whole run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RunOutcome {
    /// Still going (or killed before it could record its end).
    Running,
    /// Every label was decided and every step it needed succeeded.
    Completed,
    /// A step failed or timed out for at least one label; the others went on.
    Failed,
    /// Another run held the lock; this one did nothing.
    Skipped,
}

/// One orchestrator run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RetrainRun {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub ended_at: Option<String>,
    pub outcome: RunOutcome,
    pub dry_run: bool,
    /// The GitHub Actions run that ran it, when there was one.
    pub actions_url: Option<String>,
    pub labels: Vec<LabelRun>,
    /// What stopped the run as a whole (the database unreachable, a bad configuration).
    pub error: Option<String>,
}

/// What the orchestrator decided for one label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The dataset length is below the threshold: nothing to do.
    BelowThreshold,
    /// At or above the threshold: prepare a new dataset version, then retrain.
    Retrain,
}

/// One label within a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LabelRun {
    pub label: String,
    /// The dataset repo whose `dataset_metadata.json` was polled, when its URL names one.
    pub metadata_repo: Option<String>,
    /// The label's retrain Space.
    pub retrain_space: Option<String>,
    /// Reviewed rows whose corrected label differs from the prediction.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub misclassified: Option<u64>,
    /// Correct rows sampled alongside them (misclassified × the ratio).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub sampled_correct: Option<u64>,
    /// misclassified + sampled_correct: the rows the new dataset must hold.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub dataset_len: Option<u64>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub threshold: u64,
    pub decision: Option<Decision>,
    /// `version_tag` read before the prepare Space was restarted.
    pub version_before: Option<String>,
    /// `version_tag` the poll accepted.
    pub version_after: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub num_samples_after: Option<u64>,
    pub steps: Vec<Step>,
    pub error: Option<String>,
}

/// The steps of a label's timeline, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StepName {
    Count,
    ReadVersion,
    RestartPrepare,
    PollMetadata,
    RestartRetrain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StepOutcome {
    Ok,
    Failed,
    TimedOut,
    /// `DRY_RUN`: everything but the restart was done.
    DryRun,
}

/// One step with its timing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Step {
    pub name: StepName,
    /// RFC 3339, UTC.
    pub started_at: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub duration_ms: u64,
    pub outcome: StepOutcome,
    /// What happened, in a sentence (`3 polls, version v2 with 1600 samples`).
    pub detail: String,
}

/// One commit of a metadata repo's `dataset_metadata.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DatasetVersion {
    pub commit: String,
    /// RFC 3339.
    pub date: String,
    pub version_tag: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub num_samples: Option<u64>,
}
