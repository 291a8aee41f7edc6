//! Download progress files, one per storage name.
//!
//! The Python tool writes them to `.hugflow-state/.hugflow-state/progress/` (its PROGRESS_DIR
//! already contains the state dir); the documented place is `.hugflow-state/progress/`. Both
//! are read; we write the documented one.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::timestamp::NaiveTimestamp;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressRecord {
    /// The dataset's `hf_id` (the Python field name).
    pub dataset_name: String,
    pub status: String,
    #[serde(default)]
    pub downloaded_files: u64,
    #[serde(default)]
    pub total_files: u64,
    #[serde(default)]
    pub percent_complete: f64,
    pub start_time: Option<NaiveTimestamp>,
    pub last_update: Option<NaiveTimestamp>,
    #[serde(default)]
    pub current_file: Option<String>,
    #[serde(default)]
    pub eta: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
