//! One run at a time per state dir: an exclusive lock on `retrain.lock`, released by the OS
//! when the process ends however it ends (so a killed run never blocks the next one).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;

pub const LOCK_FILE: &str = "retrain.lock";

pub struct RunLock {
    _file: File,
}

/// What the run holding the lock wrote into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder(pub String);

impl RunLock {
    /// Takes the lock, or says who holds it.
    pub fn try_acquire(state_dir: &Path) -> std::io::Result<Result<Self, Holder>> {
        std::fs::create_dir_all(state_dir)?;
        let path = state_dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => {
                file.set_len(0)?;
                writeln!(
                    file,
                    "pid {} since {}",
                    std::process::id(),
                    chrono::Utc::now().to_rfc3339()
                )?;
                Ok(Ok(Self { _file: file }))
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(&path).unwrap_or_default();
                Ok(Err(Holder(holder.trim().to_string())))
            }
            Err(std::fs::TryLockError::Error(error)) => Err(error),
        }
    }
}
