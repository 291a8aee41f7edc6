//! A dataset's folder under `STORAGE_ROOT`: the repository's files at their paths plus
//! `.hugflow/manifest.json` (what was fetched, from which commit, with which hashes), the
//! seed's optional link under `PROCESSED_ROOT`, and removal that cannot escape the root.

use std::path::{Path, PathBuf};

use hugflow_core::path_io::FromPathIo;
use hugflow_core::state::write_atomic;
use hugflow_core::timestamp::NaiveTimestamp;
use hugflow_download::Check;
use serde::{Deserialize, Serialize};

use crate::SyncError;
use crate::plan::{Columns, Plan};

/// Hugflow's own folder inside a dataset folder (parts, manifest).
pub const HUGFLOW_DIR: &str = ".hugflow";
pub const MANIFEST_FILE: &str = "manifest.json";

/// `.hugflow/manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetManifest {
    pub schema: u32,
    pub hf_id: String,
    pub revision: String,
    /// The commit the files came from.
    pub commit: String,
    /// `revision`, or `refs/convert/parquet` when a subset came from the viewer's conversion.
    pub source_revision: String,
    pub subset: Option<String>,
    pub split: String,
    pub storage_name: String,
    pub audio_column: String,
    pub text_column: String,
    #[serde(default)]
    pub column_warnings: Vec<String>,
    pub started_at: NaiveTimestamp,
    pub finished_at: NaiveTimestamp,
    pub file_count: u64,
    pub size_bytes: u64,
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub path: String,
    pub size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git_oid: Option<String>,
}

impl DatasetManifest {
    pub const SCHEMA: u32 = 1;

    pub fn new(plan: &Plan, started_at: NaiveTimestamp, finished_at: NaiveTimestamp) -> Self {
        let request = &plan.request;
        let Columns {
            audio_column,
            text_column,
            warnings,
            ..
        } = plan.columns.clone();
        Self {
            schema: Self::SCHEMA,
            hf_id: request.hf_id.clone(),
            revision: request.revision.clone(),
            commit: plan.commit.clone(),
            source_revision: plan.source_revision.clone(),
            subset: request.subset.clone(),
            split: request.split.clone(),
            storage_name: request.storage_name(),
            audio_column,
            text_column,
            column_warnings: warnings,
            started_at,
            finished_at,
            file_count: plan.files.len() as u64,
            size_bytes: plan.bytes,
            files: plan
                .files
                .iter()
                .map(|f| ManifestFile {
                    path: f.path.clone(),
                    size: f.size,
                    sha256: matches!(f.check, Check::Sha256(_))
                        .then(|| f.check.content_id().to_string()),
                    git_oid: matches!(f.check, Check::GitSha1(_))
                        .then(|| f.check.content_id().to_string()),
                })
                .collect(),
        }
    }

    pub fn path(dataset_dir: &Path) -> PathBuf {
        dataset_dir.join(HUGFLOW_DIR).join(MANIFEST_FILE)
    }

    pub fn write(&self, dataset_dir: &Path) -> Result<(), SyncError> {
        let path = Self::path(dataset_dir);
        let bytes = serde_json::to_vec_pretty(self).expect("a manifest serializes");
        write_atomic(&path, &bytes).map_err(SyncError::io("write", &path))
    }

    /// The manifest of a finished download, or `None`.
    pub fn read(dataset_dir: &Path) -> Option<Self> {
        let bytes = std::fs::read(Self::path(dataset_dir)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// Points `PROCESSED_ROOT/<storage_name>` at the dataset folder, replacing an older link.
pub fn link_processed(
    processed_root: &Path,
    storage_name: &str,
    dir: &Path,
) -> Result<(), SyncError> {
    std::fs::create_dir_all(processed_root).map_err(SyncError::io("create", processed_root))?;
    let link = processed_root.join(storage_name);
    if link
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        std::fs::remove_file(&link).map_err(SyncError::io("replace", &link))?;
    }
    symlink(dir, &link).map_err(SyncError::io("link", &link))
}

/// Removes `PROCESSED_ROOT/<storage_name>` if it is a link (never a real folder).
pub fn unlink_processed(processed_root: &Path, storage_name: &str) -> Result<(), SyncError> {
    let link = processed_root.join(storage_name);
    if link
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        std::fs::remove_file(&link).map_err(SyncError::io("delete", &link))?;
    }
    Ok(())
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::windows::fs::symlink_dir(target, link)
}

/// Deletes `dir` after checking it really is inside `storage_root`: first moved aside in one
/// rename (so a failure half-way leaves no half-deleted dataset under its name), then removed.
/// A missing folder is fine (the Python tool left some entries without data).
pub fn remove_dataset_dir(storage_root: &Path, dir: &Path) -> Result<(), SyncError> {
    let unsafe_path = || SyncError::UnsafePath {
        storage_name: dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned(),
        root: storage_root.to_path_buf(),
    };
    let Ok(meta) = dir.symlink_metadata() else {
        return Ok(());
    };
    let root = storage_root
        .canonicalize()
        .map_err(SyncError::io("resolve", storage_root))?;
    let parent = dir
        .parent()
        .ok_or_else(unsafe_path)?
        .canonicalize()
        .map_err(SyncError::io("resolve", dir))?;
    // The folder itself must sit directly in the root and not be a link out of it.
    if parent != root || meta.file_type().is_symlink() {
        return Err(unsafe_path());
    }
    let trash = root.join(format!(
        ".hugflow-trash-{}-{}",
        dir.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    std::fs::rename(dir, &trash).map_err(SyncError::io("move aside", dir))?;
    std::fs::remove_dir_all(&trash).map_err(SyncError::io("delete", &trash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removal_refuses_links_and_paths_outside_the_root() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("keep"), "x").unwrap();
        symlink(outside.path(), &root.path().join("sneaky")).unwrap();
        let error = remove_dataset_dir(root.path(), &root.path().join("sneaky")).unwrap_err();
        assert_eq!(error.kind(), "unsafe_path");
        let error = remove_dataset_dir(root.path(), outside.path()).unwrap_err();
        assert_eq!(error.kind(), "unsafe_path");
        assert!(outside.path().join("keep").exists());

        let dataset = root.path().join("acme__x__rev_main");
        std::fs::create_dir_all(dataset.join("data")).unwrap();
        std::fs::write(dataset.join("data/a.parquet"), "x").unwrap();
        remove_dataset_dir(root.path(), &dataset).unwrap();
        assert!(!dataset.exists());
        assert_eq!(
            std::fs::read_dir(root.path()).unwrap().count(),
            1,
            "only the link is left"
        );
        remove_dataset_dir(root.path(), &dataset).unwrap();
    }
}
