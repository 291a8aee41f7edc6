//! `.hugflow-state/`: the manifests and progress files, read and written safely.
//!
//! Every write goes to a temporary file in the same directory, is fsynced, then renamed over
//! the old file (and the directory fsynced), so a reader sees the old or the new file, never
//! half of one. Read-modify-write cycles hold an exclusive lock on `.hugflow-state/.lock`, so
//! two syncs cannot lose each other's entries. The lock is a POSIX record lock
//! ([`record_lock`]), which holds across a cluster's nodes on a shared filesystem.

mod atomic;
pub mod manifest;
pub mod progress;
pub mod record_lock;

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use atomic::write_atomic;
pub use manifest::{ActiveManifest, ArchivedManifest, DatasetEntry, Operation};
pub use progress::ProgressRecord;

use crate::path_io::{FromPathIo, PathIoError};
use crate::timestamp::NaiveTimestamp;

pub const ACTIVE_FILE: &str = "active.json";
pub const ARCHIVED_FILE: &str = "archived.json";
pub const LOCK_FILE: &str = ".lock";

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error(
        "no Hugflow state at {path}: run `hugflow init` in your GitOps checkout, or point --root / STATE_DIR at it"
    )]
    Missing { path: PathBuf },
    #[error(transparent)]
    Io(#[from] PathIoError),
    #[error(
        "{path} is not a valid Hugflow manifest ({source}); restore it from a backup or fix the JSON by hand"
    )]
    Corrupt {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// A progress file and where it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressEntry {
    pub storage_name: String,
    pub path: PathBuf,
    pub record: ProgressRecord,
}

/// The state directory of one checkout or host.
#[derive(Debug, Clone)]
pub struct StateDir {
    root: PathBuf,
}

/// Held while a read-modify-write cycle runs; released on drop.
#[derive(Debug)]
pub struct StateLock {
    _file: File,
}

impl StateDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    pub fn exists(&self) -> bool {
        self.root.is_dir()
    }

    /// Where we write progress files.
    pub fn progress_dir(&self) -> PathBuf {
        self.root.join("progress")
    }

    /// Where progress files are read from: ours, then the Python tool's nested one.
    pub fn progress_dirs(&self) -> [PathBuf; 2] {
        [
            self.progress_dir(),
            self.root.join(".hugflow-state").join("progress"),
        ]
    }

    /// Creates the directory and empty manifests; existing files are left alone. Returns
    /// what it created.
    pub fn init(&self) -> Result<Vec<PathBuf>, StateError> {
        let mut created = Vec::new();
        for dir in [self.root.clone(), self.progress_dir()] {
            if !dir.is_dir() {
                fs::create_dir_all(&dir).map_err(StateError::io("create", &dir))?;
                created.push(dir);
            }
        }
        let _lock = self.lock()?;
        let now = Some(NaiveTimestamp::now());
        let active = self.root.join(ACTIVE_FILE);
        if !active.exists() {
            write_json(
                &active,
                &ActiveManifest {
                    last_updated: now,
                    ..Default::default()
                },
            )?;
            created.push(active);
        }
        let archived = self.root.join(ARCHIVED_FILE);
        if !archived.exists() {
            write_json(
                &archived,
                &ArchivedManifest {
                    last_updated: now,
                    ..Default::default()
                },
            )?;
            created.push(archived);
        }
        Ok(created)
    }

    /// Blocks until this process holds the state lock.
    pub fn lock(&self) -> Result<StateLock, StateError> {
        let path = self.root.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(StateError::io("open the lock file", &path))?;
        record_lock::lock_exclusive(&file).map_err(StateError::io("lock", &path))?;
        Ok(StateLock { _file: file })
    }

    fn require(&self) -> Result<(), StateError> {
        if self.exists() {
            Ok(())
        } else {
            Err(StateError::Missing {
                path: self.root.clone(),
            })
        }
    }

    pub fn read_active(&self) -> Result<ActiveManifest, StateError> {
        self.require()?;
        read_json_or_default(&self.root.join(ACTIVE_FILE))
    }

    pub fn read_archived(&self) -> Result<ArchivedManifest, StateError> {
        self.require()?;
        read_json_or_default(&self.root.join(ARCHIVED_FILE))
    }

    /// Records a finished download: replaces any entry with the same storage name in
    /// `active.json` and appends an "add" operation to `archived.json`.
    pub fn record_add(&self, entry: DatasetEntry) -> Result<(), StateError> {
        self.modify(|active, archived, now| {
            active
                .datasets
                .retain(|d| d.storage_name != entry.storage_name);
            active.datasets.push(entry.clone());
            archived.operations.push(Operation::Add {
                dataset: Box::new(entry),
                timestamp: now,
                extra: Default::default(),
            });
        })
    }

    /// Records a removal: drops the entry from `active.json` and appends a "remove"
    /// operation. The data directory is the caller's to delete.
    pub fn record_remove(
        &self,
        hf_id: &str,
        storage_name: &str,
        reason: &str,
    ) -> Result<(), StateError> {
        self.modify(|active, archived, now| {
            active.datasets.retain(|d| d.storage_name != storage_name);
            archived.operations.push(Operation::Remove {
                hf_id: hf_id.to_string(),
                storage_name: storage_name.to_string(),
                reason: reason.to_string(),
                timestamp: now,
                extra: Default::default(),
            });
        })
    }

    fn modify(
        &self,
        change: impl FnOnce(&mut ActiveManifest, &mut ArchivedManifest, NaiveTimestamp),
    ) -> Result<(), StateError> {
        self.require()?;
        let _lock = self.lock()?;
        let mut active = self.read_active()?;
        let mut archived = self.read_archived()?;
        let now = NaiveTimestamp::now();
        change(&mut active, &mut archived, now);
        active.last_updated = Some(now);
        archived.last_updated = Some(now);
        // archived first: if we die between the two writes, history has the operation and
        // active.json still matches the disk.
        write_json(&self.root.join(ARCHIVED_FILE), &archived)?;
        write_json(&self.root.join(ACTIVE_FILE), &active)
    }

    /// Every readable progress file; unreadable ones are logged and skipped so one bad file
    /// does not hide the others.
    pub fn read_progress(&self) -> Result<Vec<ProgressEntry>, StateError> {
        self.require()?;
        let mut entries: Vec<ProgressEntry> = Vec::new();
        for dir in self.progress_dirs() {
            let Ok(listing) = fs::read_dir(&dir) else {
                continue;
            };
            let mut paths: Vec<PathBuf> = listing
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
                .collect();
            paths.sort();
            for path in paths {
                let storage_name = path
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                if entries.iter().any(|e| e.storage_name == storage_name) {
                    continue;
                }
                match read_json::<ProgressRecord>(&path) {
                    Ok(record) => entries.push(ProgressEntry {
                        storage_name,
                        path,
                        record,
                    }),
                    Err(error) => tracing::warn!(%error, "skipping progress file"),
                }
            }
        }
        Ok(entries)
    }

    /// Writes (or replaces) the progress file of `storage_name`.
    pub fn write_progress(
        &self,
        storage_name: &str,
        record: &ProgressRecord,
    ) -> Result<(), StateError> {
        let dir = self.progress_dir();
        fs::create_dir_all(&dir).map_err(StateError::io("create", &dir))?;
        write_json(&dir.join(format!("{storage_name}.json")), record)
    }

    /// Deletes the progress file of `storage_name` from both locations.
    pub fn clear_progress(&self, storage_name: &str) -> Result<(), StateError> {
        for dir in self.progress_dirs() {
            let path = dir.join(format!("{storage_name}.json"));
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                Err(error) => return Err(StateError::io("delete", &path)(error)),
            }
        }
        Ok(())
    }
}

fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, StateError> {
    let bytes = fs::read(path).map_err(StateError::io("read", path))?;
    serde_json::from_slice(&bytes).map_err(|source| StateError::Corrupt {
        path: path.to_path_buf(),
        source,
    })
}

fn read_json_or_default<T: DeserializeOwned + Default>(path: &Path) -> Result<T, StateError> {
    if path.exists() {
        read_json(path)
    } else {
        Ok(T::default())
    }
}

/// Pretty JSON with two-space indents, as Python's `json.dump(..., indent=2)`.
fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), StateError> {
    let bytes = serde_json::to_vec_pretty(value).expect("manifests always serialize");
    write_atomic(path, &bytes).map_err(StateError::io("write", path))
}

#[cfg(test)]
mod tests;
