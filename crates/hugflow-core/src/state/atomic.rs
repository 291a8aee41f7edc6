//! Crash-safe file replacement.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// Replaces `path` with `bytes` so that readers see either the old or the new content:
/// temp file in the same directory, fsync, rename, fsync of the directory.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".tmp-")
        .suffix(".json")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    keep_permissions(path, temp.as_file())?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|error| error.error)?;
    // The rename is only durable once the directory entry is on disk.
    File::open(dir)?.sync_all()
}

/// Temp files are created 0600; the state must stay readable by the team's other accounts, as
/// the Python tool's files are, so copy the old file's mode or use 0644.
#[cfg(unix)]
fn keep_permissions(path: &Path, file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode())
        .unwrap_or(0o644);
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn keep_permissions(_path: &Path, _file: &File) -> io::Result<()> {
    Ok(())
}
