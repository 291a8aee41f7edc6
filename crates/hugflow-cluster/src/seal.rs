//! `.hugflow/staged.json` in a node's copy: the seal a stage writes once every file is
//! verified. It lists how each file looked then (size, modification time, inode), so
//! [`Seal::changed`] tells with one `stat` per file, without reading them, whether anything
//! was written, replaced or deleted since: `hugflow ready` on a training node must be fast.
//! A later stage reuses a file whose look still matches without hashing it again.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use hugflow_core::path_io::FromPathIo;
use hugflow_core::state::write_atomic;
use hugflow_sync::storage::HUGFLOW_DIR;
use serde::{Deserialize, Serialize};

use crate::ClusterError;

pub const SEAL_FILE: &str = "staged.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seal {
    pub schema: u32,
    pub storage_name: String,
    /// The commit of the manifest the files were verified against.
    pub commit: String,
    pub verified_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    pub files: Vec<SealedFile>,
}

/// One file as it was when verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedFile {
    pub path: String,
    /// The manifest's sha256 or git blob id it matched.
    pub content_id: String,
    #[serde(flatten)]
    pub look: Look,
}

/// What `stat` says of a file: enough to notice any write, replacement or truncation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Look {
    pub size: u64,
    pub mtime_ns: i64,
    pub ino: u64,
}

impl Look {
    /// The look of a regular file at `path` (a symlink or a folder is none of ours).
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        meta.file_type().is_file().then(|| Self {
            size: meta.len(),
            mtime_ns: meta.mtime() * 1_000_000_000 + meta.mtime_nsec(),
            ino: meta.ino(),
        })
    }
}

impl Seal {
    pub const SCHEMA: u32 = 1;

    pub fn path(copy_dir: &Path) -> PathBuf {
        copy_dir.join(HUGFLOW_DIR).join(SEAL_FILE)
    }

    /// The copy's seal, or `None` when it has none (never verified, or being changed).
    pub fn read(copy_dir: &Path) -> Option<Self> {
        let bytes = std::fs::read(Self::path(copy_dir)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    pub fn write(&self, copy_dir: &Path) -> Result<(), ClusterError> {
        let path = Self::path(copy_dir);
        let bytes = serde_json::to_vec_pretty(self).expect("a seal serializes");
        write_atomic(&path, &bytes).map_err(ClusterError::io("write", &path))
    }

    /// Breaks the seal before the copy is touched, so no reader takes a half-changed copy for
    /// a verified one.
    pub fn remove(copy_dir: &Path) -> Result<(), ClusterError> {
        let path = Self::path(copy_dir);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(ClusterError::io("delete", &path)(e))
            }
            _ => Ok(()),
        }
    }

    /// Whether `path` (relative) is sealed with `content_id` and still looks as it did.
    pub fn vouches_for(&self, path: &str, content_id: &str, look: Option<Look>) -> bool {
        self.files.iter().any(|file| {
            file.path == path && file.content_id == content_id && Some(file.look) == look
        })
    }

    /// The first sign that the copy in `copy_dir` changed since it was sealed, in words:
    /// `None` when every file still looks as it did.
    pub fn changed(&self, copy_dir: &Path) -> Option<String> {
        self.files
            .iter()
            .find_map(|file| match Look::of(&copy_dir.join(&file.path)) {
                None => Some(format!("{} is missing", file.path)),
                Some(look) if look == file.look => None,
                Some(look) if look.size != file.look.size => Some(format!(
                    "{} changed size ({} bytes, verified with {})",
                    file.path, look.size, file.look.size
                )),
                Some(_) => Some(format!("{} was modified or replaced", file.path)),
            })
    }
}
