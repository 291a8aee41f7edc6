//! Files the manifest may trust: on disk before anyone records them, and read again when no
//! manifest vouches for them.
//!
//! A `rename` is atomic but not durable: after a power loss a file placed a moment earlier can
//! be short or full of zeros at its final path, with the right size in the directory. So a
//! finished job flushes what it placed before it returns (the caller writes the manifest
//! after), and a job finding files already at their final paths, which only happens when no
//! manifest recorded the dataset (a resumed sync), hashes them before it trusts them.

use std::path::{Path, PathBuf};

use hugflow_core::path_io::FromPathIo;

use crate::FileSpec;
use crate::error::DownloadError;
use crate::verify::Hasher;

/// Flushes the file system holding `dest` (Linux: one `syncfs`, which also covers the
/// renames and folders), or else each of `placed` with its folder.
pub(crate) fn flush(dest: &Path, placed: &[PathBuf]) -> Result<(), DownloadError> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let _ = placed;
        let dir = std::fs::File::open(dest).map_err(DownloadError::io("open", dest))?;
        // SAFETY: the descriptor is open for the whole call; syncfs only reads it.
        if unsafe { libc::syncfs(dir.as_raw_fd()) } != 0 {
            return Err(DownloadError::io("flush to disk", dest)(
                std::io::Error::last_os_error(),
            ));
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dest;
        for path in placed {
            let file = std::fs::File::open(path).map_err(DownloadError::io("open", path))?;
            file.sync_all()
                .map_err(DownloadError::io("flush to disk", path))?;
            // A folder cannot be opened as a file on Windows; its entries are durable there
            // once the file is.
            #[cfg(unix)]
            if let Some(parent) = path.parent()
                && let Ok(dir) = std::fs::File::open(parent)
            {
                let _ = dir.sync_all();
            }
        }
        Ok(())
    }
}

/// Of `present` (files whose final path has the listed size), those whose bytes do not hash
/// to their content id: deleted, to be fetched again. Hashed on a few threads, since a
/// resumed job may find gigabytes already in place.
pub(crate) fn unverified(
    present: Vec<(FileSpec, PathBuf)>,
) -> Result<Vec<FileSpec>, DownloadError> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    let chunk = present.len().div_ceil(threads).max(1);
    let results: Vec<Result<Vec<FileSpec>, DownloadError>> = std::thread::scope(|scope| {
        present
            .chunks(chunk)
            .map(|files| scope.spawn(move || files.iter().filter_map(check_one).collect()))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|handle| handle.join().expect("a hashing thread panicked"))
            .collect()
    });
    let mut bad = Vec::new();
    for result in results {
        bad.extend(result?);
    }
    Ok(bad)
}

/// `Some(file)` when its bytes at `path` are wrong (and now deleted), `Some(Err)` when it
/// cannot be read or deleted, `None` when it is right.
fn check_one((file, path): &(FileSpec, PathBuf)) -> Option<Result<FileSpec, DownloadError>> {
    let mut hasher = Hasher::new(&file.check, file.size);
    if let Err(error) = hasher.update_from_file(path, file.size) {
        return Some(Err(DownloadError::io("read", path)(error)));
    }
    if hasher.verify(&file.check).is_ok() {
        return None;
    }
    tracing::warn!(path = %path.display(), "a file in place does not match its content id: fetching it again");
    Some(
        std::fs::remove_file(path)
            .map(|()| file.clone())
            .map_err(DownloadError::io("delete", path)),
    )
}
