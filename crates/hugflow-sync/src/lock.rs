//! One sync at a time on a host: two syncs writing the same dataset folder would corrupt it,
//! and two big downloads fight for the same disk and link. A second sync waits and says who
//! it waits for.

use std::fs::{File, OpenOptions};

use hugflow_core::path_io::FromPathIo;
use hugflow_core::state::record_lock;
use std::io::{Read, Seek, Write};
use std::path::Path;

use crate::SyncError;

pub const SYNC_LOCK_FILE: &str = ".sync.lock";

/// Held for the whole sync; released when dropped (or when the process dies).
#[derive(Debug)]
pub struct HostLock {
    _file: File,
}

impl HostLock {
    /// Takes the lock in `state_dir`, calling `waiting` with what the holder wrote (its pid and
    /// start time) when another sync has it, then blocking until it is released.
    pub fn acquire(state_dir: &Path, waiting: impl FnOnce(&str)) -> Result<Self, SyncError> {
        std::fs::create_dir_all(state_dir).map_err(SyncError::io("create", state_dir))?;
        let path = state_dir.join(SYNC_LOCK_FILE);
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(SyncError::io("open", &path))?;
        // A record lock, not flock: STATE_DIR may be shared by several login nodes.
        let free = record_lock::try_lock_exclusive(&file).map_err(SyncError::io("lock", &path))?;
        if !free {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            waiting(holder.trim());
            record_lock::lock_exclusive(&file).map_err(SyncError::io("lock", &path))?;
        }
        let stamp = format!(
            "pid {} since {}\n",
            std::process::id(),
            chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC")
        );
        let written = file
            .set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| file.write_all(stamp.as_bytes()));
        written.map_err(SyncError::io("write", &path))?;
        Ok(Self { _file: file })
    }
}
