//! An I/O failure on one path, worded the same way by every crate:
//! `cannot {action} {path}: {source}`.
//!
//! A crate's error wraps it (`#[error(transparent)] Io(#[from] PathIoError)`) and builds it with
//! [`FromPathIo::io`], so the wording, the fields and the constructor live here once.

use std::io;
use std::path::PathBuf;

/// `action` is what was being done, as a verb phrase (`read`, `create`, `move into place`).
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {}: {source}", path.display())]
pub struct PathIoError {
    pub action: &'static str,
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

impl PathIoError {
    pub fn new(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        Self {
            action,
            path: path.into(),
            source,
        }
    }

    /// Whether the disk (or the user's quota on it) is full: ENOSPC, or `StorageFull` where
    /// the standard library names it.
    pub fn is_disk_full(&self) -> bool {
        const ENOSPC: i32 = 28;
        self.source.raw_os_error() == Some(ENOSPC)
            || self.source.kind() == io::ErrorKind::StorageFull
    }
}

/// `fs::read(&path).map_err(MyError::io("read", &path))` for every error that wraps a
/// [`PathIoError`].
pub trait FromPathIo: From<PathIoError> {
    fn io(action: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Self {
        let path = path.into();
        move |source| PathIoError::new(action, path, source).into()
    }
}

impl<E: From<PathIoError>> FromPathIo for E {}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    enum Wrapping {
        #[error(transparent)]
        Io(#[from] PathIoError),
    }

    #[test]
    fn the_message_names_the_action_and_the_path_and_keeps_the_cause() {
        let error = Wrapping::io("read", "/srv/state/active.json")(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "permission denied",
        ));
        assert_eq!(
            error.to_string(),
            "cannot read /srv/state/active.json: permission denied"
        );
        let source = std::error::Error::source(&error).expect("the I/O error is the source");
        assert_eq!(source.to_string(), "permission denied");
    }

    #[test]
    fn a_full_disk_is_told_apart_from_other_failures() {
        let full = PathIoError::new("write", "/d", io::Error::from_raw_os_error(28));
        assert!(full.is_disk_full());
        let denied = PathIoError::new("write", "/d", io::Error::from_raw_os_error(13));
        assert!(!denied.is_disk_full());
    }
}
