//! Applying one request on this host, as the seed's `local-sync` does: validate, skip what is
//! already present, plan, check the quota, download with progress in
//! `.hugflow-state/progress/`, write the dataset's manifest, record it in `active.json` and
//! `archived.json`, link it under `PROCESSED_ROOT`, clear the progress. Removals archive the
//! entry and delete the data.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use hugflow_core::checkout::Checkout;
use hugflow_core::path_io::FromPathIo;
use hugflow_core::progress::{Cancel, Progress, ProgressSink};
use hugflow_core::request::{AddRequest, RemoveRequest};
use hugflow_core::state::{DatasetEntry, ProgressRecord};
use hugflow_core::timestamp::NaiveTimestamp;
use hugflow_core::units::human_duration;
use hugflow_download::{Downloader, DownloaderConfig, Job, Summary};
use hugflow_hub::{HubClient, HubConfig};
use serde_json::{Map, json};

use crate::SyncError;
use crate::error::quota_bytes;
use crate::plan::{Plan, plan_noting};
use crate::storage::{
    DatasetManifest, HUGFLOW_DIR, link_processed, remove_dataset_dir, unlink_processed,
};

/// How often the progress file is rewritten during a download.
const PROGRESS_FILE_EVERY: Duration = Duration::from_secs(5);

/// Hears about an add as it goes.
pub trait AddObserver: Send + Sync {
    /// The files are known; the download starts.
    fn planned(&self, _plan: &Plan) {}
    fn progress(&self, _progress: &Progress) {}
    /// A line the user should read during the plan or the download: how long a huge tree's
    /// pages take at the Hub's `api` budget, how long the file count takes at its resolver
    /// budget (before the first byte), or that calls are being paced to stay inside them.
    fn notice(&self, _line: &str) {}
}

/// An observer that ignores everything.
pub struct Quiet;
impl AddObserver for Quiet {}

#[derive(Debug, Clone)]
pub enum AddOutcome {
    /// `active.json` already lists the storage name.
    AlreadyPresent { path: PathBuf, entry: DatasetEntry },
    Downloaded {
        path: PathBuf,
        entry: DatasetEntry,
        summary: Summary,
        took: Duration,
        warnings: Vec<String>,
    },
}

#[derive(Debug, Clone)]
pub struct Removed {
    pub storage_name: String,
    pub path: PathBuf,
}

/// The engine of one checkout (its settings, storage and state).
#[derive(Debug, Clone)]
pub struct Engine {
    pub checkout: Checkout,
    hub: HubClient,
    downloader: Downloader,
}

impl Engine {
    pub fn new(checkout: Checkout) -> Result<Self, SyncError> {
        let config = &checkout.config;
        let hub = HubClient::new(
            HubConfig::new(config.hf_endpoint.clone())
                .with_viewer_endpoint(Some(config.hf_viewer_endpoint.clone()))
                .with_token(config.hf_token.clone()),
        )?;
        let mut downloads = DownloaderConfig::new(hub.endpoint().clone(), config.hf_token.clone());
        downloads.concurrency = config.max_concurrent_downloads;
        downloads.connections_per_file = config.max_connections_per_file;
        downloads.max_connections = config.max_connections;
        downloads.range_threshold = config.range_threshold_mb.saturating_mul(1 << 20);
        let downloader = Downloader::new(downloads)?;
        Ok(Self {
            checkout,
            hub,
            downloader,
        })
    }

    pub fn hub(&self) -> &HubClient {
        &self.hub
    }

    fn dataset_dir(&self, storage_name: &str) -> Result<PathBuf, SyncError> {
        self.checkout
            .dataset_dir(storage_name)
            .ok_or_else(|| SyncError::UnsafePath {
                storage_name: storage_name.to_string(),
                root: self.checkout.storage_root.clone(),
            })
    }

    /// Creates the state and storage folders when missing, as the seed's sync does.
    fn prepare(&self) -> Result<(), SyncError> {
        self.checkout.state.init()?;
        let root = &self.checkout.storage_root;
        std::fs::create_dir_all(root).map_err(SyncError::io("create", root))
    }

    /// Downloads `request` unless it is already present.
    pub async fn add(
        &self,
        request: &AddRequest,
        observer: &dyn AddObserver,
        cancel: &Cancel,
    ) -> Result<AddOutcome, SyncError> {
        self.prepare()?;
        let storage_name = request.storage_name();
        let dir = self.dataset_dir(&storage_name)?;
        let state = &self.checkout.state;
        if let Some(entry) = state.read_active()?.find(&storage_name) {
            return Ok(AddOutcome::AlreadyPresent {
                path: dir,
                entry: entry.clone(),
            });
        }
        let plan = plan_noting(&self.hub, request, &|line| observer.notice(line)).await?;
        self.check_quota(plan.bytes)?;
        observer.planned(&plan);

        let started_at = NaiveTimestamp::now();
        let clock = Instant::now();
        let progress_file = ProgressFile::new(self, &plan, started_at);
        progress_file.write(None, "downloading");
        let sink = Forward {
            observer,
            progress_file: &progress_file,
        };
        let job = Job {
            repo_path: format!("datasets/{}", request.hf_id),
            commit: plan.commit.clone(),
            files: plan.files.clone(),
            dest: dir.clone(),
            work_dir: dir.join(HUGFLOW_DIR),
            task: format!("Downloading {}", request.hf_id),
        };
        let notes = |line: &str| observer.notice(line);
        let summary = match self
            .downloader
            .run_noting(&job, &sink, &notes, cancel)
            .await
        {
            Ok(summary) => summary,
            Err(error) => {
                progress_file.write(None, "failed");
                return Err(error.into());
            }
        };
        let took = clock.elapsed();
        let finished_at = NaiveTimestamp::now();
        DatasetManifest::new(&plan, started_at, finished_at).write(&dir)?;
        let entry = entry(&plan, started_at, took);
        state.record_add(entry.clone())?;
        if let Some(processed) = &self.checkout.config.processed_root {
            link_processed(&self.checkout.root.join(processed), &storage_name, &dir)?;
        }
        state.clear_progress(&storage_name)?;
        Ok(AddOutcome::Downloaded {
            path: dir,
            entry,
            summary,
            took,
            warnings: plan.columns.warnings.clone(),
        })
    }

    fn check_quota(&self, needed: u64) -> Result<(), SyncError> {
        let Some(quota_gb) = self.checkout.config.storage_quota_gb else {
            return Ok(());
        };
        let used: u64 = self
            .checkout
            .state
            .read_active()?
            .datasets
            .iter()
            .filter_map(|d| d.size_bytes)
            .sum();
        if used.saturating_add(needed) > quota_bytes(quota_gb) {
            return Err(SyncError::Quota {
                needed,
                used,
                quota_gb,
            });
        }
        Ok(())
    }

    /// Removes every dataset of `request.hf_id` on this host (every revision and subset):
    /// archives the entry, deletes the data, drops the processed link. An id that is not here
    /// is not an error: nothing is returned.
    pub fn remove(&self, request: &RemoveRequest) -> Result<Vec<Removed>, SyncError> {
        self.prepare()?;
        let state = &self.checkout.state;
        let entries: Vec<DatasetEntry> = state
            .read_active()?
            .datasets
            .into_iter()
            .filter(|d| d.hf_id.trim() == request.hf_id.trim())
            .collect();
        let mut removed = Vec::new();
        for entry in entries {
            let dir = self.dataset_dir(&entry.storage_name)?;
            remove_dataset_dir(&self.checkout.storage_root, &dir)?;
            if let Some(processed) = &self.checkout.config.processed_root {
                unlink_processed(&self.checkout.root.join(processed), &entry.storage_name)?;
            }
            state.record_remove(&entry.hf_id, &entry.storage_name, &request.reason)?;
            state.clear_progress(&entry.storage_name)?;
            removed.push(Removed {
                storage_name: entry.storage_name,
                path: dir,
            });
        }
        Ok(removed)
    }
}

/// The `active.json` entry, with the Python tool's fields and ours in `extra`.
fn entry(plan: &Plan, added_at: NaiveTimestamp, took: Duration) -> DatasetEntry {
    let request = &plan.request;
    let mut extra = Map::new();
    extra.insert("commit".into(), json!(plan.commit));
    if plan.source_revision != request.revision {
        extra.insert("source_revision".into(), json!(plan.source_revision));
    }
    extra.insert("audio_column".into(), json!(request.audio_column));
    extra.insert("text_column".into(), json!(request.text_column));
    DatasetEntry {
        hf_id: request.hf_id.clone(),
        description: request.description.clone(),
        revision: request.revision.clone(),
        subset: request.subset.clone(),
        split: request.split.clone(),
        download_mode: request.download_mode().to_string(),
        storage_name: request.storage_name(),
        added_at,
        file_count: Some(plan.files.len() as u64),
        size_bytes: Some(plan.bytes),
        download_time_seconds: Some((took.as_secs_f64() * 10.0).round() / 10.0),
        extra,
    }
}

/// The seed's `progress/<storage_name>.json`, rewritten every few seconds.
struct ProgressFile<'a> {
    engine: &'a Engine,
    hf_id: String,
    storage_name: String,
    total_files: u64,
    started_at: NaiveTimestamp,
    last: Mutex<Option<Instant>>,
}

impl<'a> ProgressFile<'a> {
    fn new(engine: &'a Engine, plan: &Plan, started_at: NaiveTimestamp) -> Self {
        Self {
            engine,
            hf_id: plan.request.hf_id.clone(),
            storage_name: plan.request.storage_name(),
            total_files: plan.files.len() as u64,
            started_at,
            last: Mutex::new(None),
        }
    }

    fn write(&self, progress: Option<&Progress>, status: &str) {
        let (files_done, percent) = progress.map_or((0, 0.0), |p| {
            let percent = match p.total {
                Some(total) if total > 0 => {
                    (p.done as f64 * 10_000.0 / total as f64).round() / 100.0
                }
                _ => 0.0,
            };
            (p.files.map_or(0, |f| f.done), percent)
        });
        let mut extra = Map::new();
        if let Some(p) = progress {
            extra.insert("bytes_done".into(), json!(p.done));
            extra.insert("bytes_total".into(), json!(p.total));
        }
        let record = ProgressRecord {
            dataset_name: self.hf_id.clone(),
            status: status.to_string(),
            downloaded_files: files_done,
            total_files: self.total_files,
            percent_complete: percent,
            start_time: Some(self.started_at),
            last_update: Some(NaiveTimestamp::now()),
            current_file: progress.and_then(|p| p.message.clone()),
            eta: progress.and_then(|p| p.eta_seconds).map(human_duration),
            extra,
        };
        if let Err(error) = self
            .engine
            .checkout
            .state
            .write_progress(&self.storage_name, &record)
        {
            tracing::warn!(%error, "cannot write the progress file");
        }
    }

    /// Writes at most every [`PROGRESS_FILE_EVERY`].
    fn maybe_write(&self, progress: &Progress) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if last.is_none_or(|at| at.elapsed() >= PROGRESS_FILE_EVERY) {
            *last = Some(Instant::now());
            drop(last);
            self.write(Some(progress), "downloading");
        }
    }
}

struct Forward<'a> {
    observer: &'a dyn AddObserver,
    progress_file: &'a ProgressFile<'a>,
}

impl ProgressSink for Forward<'_> {
    fn report(&self, progress: &Progress) {
        self.progress_file.maybe_write(progress);
        self.observer.progress(progress);
    }
}
