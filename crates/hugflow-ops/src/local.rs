//! A checkout on this machine, as both shells read it: the datasets and downloads of its
//! state (`hugflow status`, the desktop's Local page) and the validation of request files
//! (`hugflow validate`, the request form's file check). Each is one call of `hugflow-core`;
//! the shells reach them through here so that "status" means the same thing in both. And
//! one look at this host's GPUs and disks ([`snapshot`], `hugflow monitor`).

use std::path::{Path, PathBuf};

use hugflow_core::monitor::{HostSnapshot, local};

pub use hugflow_core::checkout::Checkout;
pub use hugflow_core::status::{StatusReport, status};
pub use hugflow_core::validate::{ValidationReport, validate_paths as validate};

/// One look at this host (`hugflow monitor`, which the desktop runs over SSH): its GPUs, load,
/// memory, and the disk the checkout's datasets are (or will be) on.
pub fn snapshot(checkout: &Checkout) -> HostSnapshot {
    local::snapshot(&[&storage_disk(&checkout.storage_root)])
}

/// The storage root may not exist yet: the disk it will be on is its nearest existing
/// ancestor's.
fn storage_disk(storage_root: &Path) -> PathBuf {
    storage_root
        .ancestors()
        .find(|p| p.exists())
        .unwrap_or(Path::new("/"))
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_storage_root_not_made_yet_is_measured_on_its_nearest_existing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("not/yet/datasets");
        assert_eq!(storage_disk(&root), dir.path());
        assert_eq!(storage_disk(dir.path()), dir.path());
    }
}
