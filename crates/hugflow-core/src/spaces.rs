//! The shape of `hugflow spaces --json`: the Hugging Face Spaces a team runs (the retrain
//! orchestrator's prepare and retrain Spaces, and worker Spaces) with their runtime.

use serde::{Deserialize, Serialize};

/// The version of the `hugflow spaces --json` document.
pub const SPACES_SCHEMA: u32 = 1;

/// `hugflow spaces --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpacesReport {
    pub schema: u32,
    pub spaces: Vec<SpaceStatus>,
}

/// One Space as the Hub reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SpaceStatus {
    /// `owner/name`.
    pub id: String,
    /// Why it is listed: `prepare`, `retrain <label>` or `worker`.
    pub role: String,
    /// The Hub's runtime stage (`RUNNING`, `PAUSED`, `BUILDING`, `RUNTIME_ERROR`, ...);
    /// `null` when the Hub could not be asked.
    pub stage: Option<String>,
    /// The hardware it runs on now (`null` while paused).
    pub hardware: Option<String>,
    pub requested_hardware: Option<String>,
    /// A worker's results dataset, where its `iteration_N.json` files land.
    pub results_dataset: Option<String>,
    /// The highest iteration in the results dataset.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub iterations: Option<u64>,
    /// Why the stage or the iterations are missing.
    pub error: Option<String>,
}
