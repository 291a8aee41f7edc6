//! What `hugflow status` reports: the datasets a checkout holds and the downloads under way.
//! The desktop's Local datasets page shows the same report through the same call.

use serde::{Deserialize, Serialize};

use crate::checkout::Checkout;
use crate::state::{DatasetEntry, ProgressEntry, StateError};

/// Version of the JSON shape; the desktop refuses a newer one (DESIGN §3.7).
pub const STATUS_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatusReport {
    pub schema: u32,
    pub root: String,
    pub state_dir: String,
    pub storage_root: String,
    pub last_updated: Option<String>,
    pub datasets: Vec<DatasetStatus>,
    pub in_progress: Vec<DownloadProgress>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DatasetStatus {
    pub hf_id: String,
    pub description: String,
    pub revision: String,
    pub subset: Option<String>,
    pub split: String,
    pub download_mode: String,
    pub storage_name: String,
    pub size_bytes: Option<u64>,
    pub file_count: Option<u64>,
    pub added_at: String,
    /// `None` when the manifest's storage name is unsafe (it would leave the storage root).
    pub path: Option<String>,
    /// Whether the directory exists on disk.
    pub present: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DownloadProgress {
    pub storage_name: String,
    pub hf_id: String,
    pub status: String,
    pub downloaded_files: u64,
    pub total_files: u64,
    pub percent_complete: f64,
    pub started_at: Option<String>,
    pub last_update: Option<String>,
    pub current_file: Option<String>,
    pub eta: Option<String>,
}

/// Reads the manifests and progress files of `checkout`.
pub fn status(checkout: &Checkout) -> Result<StatusReport, StateError> {
    let active = checkout.state.read_active()?;
    let progress = checkout.state.read_progress()?;
    Ok(StatusReport {
        schema: STATUS_SCHEMA,
        root: checkout.root.display().to_string(),
        state_dir: checkout.state.path().display().to_string(),
        storage_root: checkout.storage_root.display().to_string(),
        last_updated: active.last_updated.map(|t| t.to_string()),
        datasets: active
            .datasets
            .iter()
            .map(|d| dataset_status(checkout, d))
            .collect(),
        in_progress: progress.into_iter().map(download_progress).collect(),
    })
}

fn dataset_status(checkout: &Checkout, entry: &DatasetEntry) -> DatasetStatus {
    let dir = checkout.dataset_dir(&entry.storage_name);
    DatasetStatus {
        hf_id: entry.hf_id.clone(),
        description: entry.description.clone(),
        revision: entry.revision.clone(),
        subset: entry.subset.clone(),
        split: entry.split.clone(),
        download_mode: entry.download_mode.clone(),
        storage_name: entry.storage_name.clone(),
        size_bytes: entry.size_bytes,
        file_count: entry.file_count,
        added_at: entry.added_at.to_string(),
        present: dir.as_ref().is_some_and(|d| d.is_dir()),
        path: dir.map(|d| d.display().to_string()),
    }
}

fn download_progress(entry: ProgressEntry) -> DownloadProgress {
    let record = entry.record;
    DownloadProgress {
        storage_name: entry.storage_name,
        hf_id: record.dataset_name,
        status: record.status,
        downloaded_files: record.downloaded_files,
        total_files: record.total_files,
        percent_complete: record.percent_complete,
        started_at: record.start_time.map(|t| t.to_string()),
        last_update: record.last_update.map(|t| t.to_string()),
        current_file: record.current_file,
        eta: record.eta,
    }
}
