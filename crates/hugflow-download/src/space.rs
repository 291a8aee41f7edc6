//! The free-space check before a download starts.

use std::path::Path;

use hugflow_core::path_io::FromPathIo;

use crate::DownloadError;

/// Fails when the file system of `dest` (or of its nearest existing ancestor) has less than
/// `needed + margin` bytes available.
pub(crate) fn ensure_room(dest: &Path, needed: u64, margin: u64) -> Result<(), DownloadError> {
    if needed == 0 {
        return Ok(());
    }
    let existing = dest
        .ancestors()
        .find(|p| p.exists())
        .unwrap_or_else(|| Path::new("."));
    let available = fs4::available_space(existing)
        .map_err(DownloadError::io("measure the free space of", existing))?;
    if available < needed.saturating_add(margin) {
        return Err(DownloadError::NoRoom {
            path: existing.to_path_buf(),
            needed,
            available,
            margin,
        });
    }
    Ok(())
}
