//! `STATE_DIR/stage/`: one [`StageRecord`] per dataset, written by the login node (submit,
//! reconcile) and by every node's task (its own entry), possibly all at once.
//!
//! Every change is a read-modify-write under the POSIX record lock on `stage/.lock`
//! ([`hugflow_core::state::record_lock`], coherent across nodes on Lustre with `-o flock`,
//! NFS, GPFS, CephFS and BeeGFS, where `flock` may be node-local), and the new file replaces
//! the old one by rename, so a reader without the lock sees a whole record, old or new.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

use hugflow_core::cluster::{NodeStage, STAGE_DIR, StageRecord};
use hugflow_core::path_io::FromPathIo;
use hugflow_core::state::{record_lock, write_atomic};

use crate::ClusterError;
use crate::error::check_storage_name;

const LOCK_FILE: &str = ".lock";

/// The stage records of one state directory.
#[derive(Debug, Clone)]
pub struct StageBook {
    dir: PathBuf,
}

impl StageBook {
    /// The records under `state_dir` (`STATE_DIR`, shared by the login node and the nodes).
    pub fn new(state_dir: &Path) -> Self {
        Self {
            dir: state_dir.join(STAGE_DIR),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the staging jobs write their Slurm output.
    pub fn log_dir(&self) -> PathBuf {
        self.dir.join("logs")
    }

    fn path(&self, storage_name: &str) -> Result<PathBuf, ClusterError> {
        check_storage_name(storage_name)?;
        Ok(self.dir.join(format!("{storage_name}.json")))
    }

    /// The record of `storage_name`, if it was ever staged.
    pub fn read(&self, storage_name: &str) -> Result<Option<StageRecord>, ClusterError> {
        read_record(&self.path(storage_name)?)
    }

    /// Every record, by storage name. A file that does not parse is skipped with a warning.
    pub fn list(&self) -> Result<Vec<StageRecord>, ClusterError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(ClusterError::io("read", &self.dir)(e)),
        };
        let mut records = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || !name.ends_with(".json") {
                continue;
            }
            match read_record(&path) {
                Ok(Some(record)) => records.push(record),
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "skipping a stage record"),
            }
        }
        records.sort_by(|a, b| a.storage_name.cmp(&b.storage_name));
        Ok(records)
    }

    /// Runs `change` on the record of `storage_name` (`None` when there is none yet) under
    /// the lock, and writes what it leaves (deletes the record when it leaves `None`).
    pub fn update(
        &self,
        storage_name: &str,
        change: impl FnOnce(&mut Option<StageRecord>),
    ) -> Result<Option<StageRecord>, ClusterError> {
        let path = self.path(storage_name)?;
        std::fs::create_dir_all(&self.dir).map_err(ClusterError::io("create", &self.dir))?;
        let lock_path = self.dir.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(ClusterError::io("open", &lock_path))?;
        record_lock::lock_exclusive(&lock).map_err(ClusterError::io("lock", &lock_path))?;
        let mut record = read_record(&path)?;
        change(&mut record);
        match &record {
            Some(record) => {
                let bytes = serde_json::to_vec_pretty(record).expect("a stage record serializes");
                write_atomic(&path, &bytes).map_err(ClusterError::io("write", &path))?;
            }
            None => match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(ClusterError::io("delete", &path)(e));
                }
                _ => {}
            },
        }
        drop(lock);
        Ok(record)
    }

    /// Sets `node`'s entry of `storage_name`'s record (which must exist: the submit wrote it).
    pub fn set_node(
        &self,
        storage_name: &str,
        node: &str,
        stage: NodeStage,
    ) -> Result<(), ClusterError> {
        let mut missing = false;
        self.update(storage_name, |record| match record {
            Some(record) => {
                record.nodes.insert(node.to_string(), stage);
            }
            None => missing = true,
        })?;
        if missing {
            return Err(ClusterError::Unsafe {
                what: "stage of",
                value: storage_name.to_string(),
                why: "it has no record in STATE_DIR/stage/: was STATE_DIR the same for `hugflow stage`?",
            });
        }
        Ok(())
    }
}

fn read_record(path: &Path) -> Result<Option<StageRecord>, ClusterError> {
    match std::fs::read(path) {
        Ok(bytes) => {
            serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|source| ClusterError::Corrupt {
                    path: path.to_path_buf(),
                    source,
                })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ClusterError::io("read", path)(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hugflow_core::cluster::NodeStageState;
    use std::collections::BTreeMap;

    pub(crate) fn record(name: &str) -> StageRecord {
        StageRecord {
            schema: StageRecord::SCHEMA,
            storage_name: name.into(),
            hf_id: "acme/speech".into(),
            commit: "c0ffee".into(),
            target: "/local/nvme".into(),
            job_id: None,
            submitted_at: hugflow_core::cluster::now(),
            nodes: BTreeMap::new(),
        }
    }

    #[test]
    fn threads_setting_their_own_nodes_lose_no_entry() {
        let dir = tempfile::tempdir().unwrap();
        let book = StageBook::new(dir.path());
        book.update("acme_speech", |r| *r = Some(record("acme_speech")))
            .unwrap();
        std::thread::scope(|scope| {
            for t in 0..4 {
                let book = book.clone();
                scope.spawn(move || {
                    for i in 0..10 {
                        let mut stage = NodeStage::pending(None);
                        stage.state = NodeStageState::Verified;
                        book.set_node("acme_speech", &format!("n{t}-{i}"), stage)
                            .unwrap();
                    }
                });
            }
        });
        let record = book.read("acme_speech").unwrap().unwrap();
        assert_eq!(record.nodes.len(), 40);
        assert!(record.all_verified());
        assert_eq!(book.list().unwrap().len(), 1);
    }

    #[test]
    fn hostile_storage_names_name_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let book = StageBook::new(dir.path());
        for name in ["../etc", "a/b", "", "..", ".lock", "x\n"] {
            let error = book.read(name).unwrap_err().to_string();
            assert!(error.contains("storage name"), "{name:?}: {error}");
        }
        let error = book
            .set_node("never_staged", "n1", NodeStage::pending(None))
            .unwrap_err();
        assert!(error.to_string().contains("no record"), "{error}");
    }
}
