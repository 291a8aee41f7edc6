//! The folder of the control sockets that multiplexed connections ride on, and of the scratch
//! files a host-key fetch writes: private to the user, and checked before each use.
//!
//! Multiplexing is OpenSSH's `ControlMaster` over Unix sockets. The Windows build of OpenSSH
//! (Win32-OpenSSH, the client Windows ships) has no `ControlMaster`, so there every call is a
//! connection of its own ([`MULTIPLEXED`] is false, the default of
//! [`crate::SshSettings::multiplex`]) and this folder only holds scratch files, inside the
//! user's own app-data folder, which Windows already keeps private.

use std::path::{Path, PathBuf};

use crate::error::SshError;

/// Whether calls to a host ride on one `ControlMaster` connection, or each opens its own.
pub const MULTIPLEXED: bool = cfg!(unix);

/// Control socket paths must fit in a `sockaddr_un` (108 bytes on Linux, 104 on macOS); a
/// deep app-data dir falls back to a private folder under the temp dir.
pub(crate) fn control_dir(preferred: &Path) -> PathBuf {
    const SOCKET_NAME: usize = 30;
    if !MULTIPLEXED || preferred.as_os_str().len() + SOCKET_NAME < 100 {
        return preferred.to_path_buf();
    }
    std::env::temp_dir().join(format!("hugflow-ssh-{}", user_id()))
}

#[cfg(unix)]
fn user_id() -> u32 {
    // SAFETY: geteuid cannot fail and touches no memory.
    unsafe { libc::geteuid() }
}

#[cfg(not(unix))]
fn user_id() -> u32 {
    0
}

fn local(what: &str, dir: &Path, source: std::io::Error) -> SshError {
    SshError::Local {
        what: format!("{what} {}", dir.display()),
        source,
    }
}

fn unsafe_dir(dir: &Path, problem: String) -> SshError {
    SshError::UnsafeControlDir {
        dir: dir.to_path_buf(),
        problem,
    }
}

/// What `dir` itself is (never what a link points to): refused unless a real directory.
fn real_directory(dir: &Path) -> Result<std::fs::Metadata, SshError> {
    let meta = std::fs::symlink_metadata(dir).map_err(|e| local("inspect", dir, e))?;
    if meta.file_type().is_symlink() {
        return Err(unsafe_dir(dir, "it is a symbolic link".into()));
    }
    if !meta.is_dir() {
        return Err(unsafe_dir(dir, "it is not a directory".into()));
    }
    Ok(meta)
}

/// Creates the folder when it is missing and refuses anything but a real directory. Windows
/// has no mode bits to check; the folder sits in the user's profile, private by its ACL.
#[cfg(not(unix))]
pub(crate) fn prepare_control_dir(dir: &Path) -> Result<(), SshError> {
    std::fs::create_dir_all(dir).map_err(|e| local("create", dir, e))?;
    real_directory(dir).map(drop)
}

/// Creates the control-socket directory 0700 when it is missing, then checks that it is safe
/// to use: a control socket is as good as the connection, so only we may reach it. The /tmp
/// fallback is shared with every user of the machine; a directory someone else made there
/// (or a symlink to one) would let them hijack or watch our connections.
///
/// A directory we did not create is never changed, only refused: its loose mode or foreign
/// owner means something other than this code made it, and what it holds cannot be trusted.
#[cfg(unix)]
pub(crate) fn prepare_control_dir(dir: &Path) -> Result<(), SshError> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if let Some(parent) = dir.parent() {
        std::fs::create_dir_all(parent).map_err(|e| local("create the parent of", dir, e))?;
    }
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        // The umask can only take bits away; set the exact mode so it is 0700, not less.
        Ok(()) => std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| local("chmod 700", dir, e))?,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(local("create", dir, e)),
    }
    check_control_dir(dir)
}

/// Refuses `dir` unless it is a real directory (not a symlink), owned by our effective user,
/// with no group or other permission bits.
#[cfg(unix)]
fn check_control_dir(dir: &Path) -> Result<(), SshError> {
    use std::os::unix::fs::MetadataExt;
    let meta = real_directory(dir)?;
    let euid = user_id();
    if meta.uid() != euid {
        return Err(unsafe_dir(
            dir,
            format!("it is owned by uid {}, not by you (uid {euid})", meta.uid()),
        ));
    }
    let mode = meta.mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(unsafe_dir(
            dir,
            format!("its mode is {mode:o}: other users may reach the sockets in it"),
        ));
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    use super::*;

    /// A directory `name` under `root`, made with `mode` (as another program would make it).
    fn made_dir(root: &Path, name: &str, mode: u32) -> PathBuf {
        let dir = root.join(name);
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode)).unwrap();
        dir
    }

    fn mode(dir: &Path) -> u32 {
        std::fs::metadata(dir).unwrap().mode() & 0o777
    }

    /// The refusal names the directory and says how to fix it.
    fn refused(dir: &Path, problem: &str) {
        let error = prepare_control_dir(dir).unwrap_err();
        let message = error.to_string();
        assert!(
            matches!(error, SshError::UnsafeControlDir { .. }),
            "{error:?}"
        );
        for part in [
            dir.display().to_string(),
            problem.to_string(),
            format!("chmod 700 {}", dir.display()),
        ] {
            assert!(message.contains(&part), "{message:?} lacks {part:?}");
        }
    }

    #[test]
    fn a_missing_control_dir_is_created_0700_and_accepted() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("deep/ssh");
        prepare_control_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        // A second run finds it as it left it.
        prepare_control_dir(&dir).unwrap();
    }

    #[test]
    fn a_control_dir_open_to_others_is_refused_not_tightened() {
        let root = tempfile::tempdir().unwrap();
        let dir = made_dir(root.path(), "ssh", 0o755);
        refused(&dir, "its mode is 755");
        assert_eq!(
            mode(&dir),
            0o755,
            "a directory we did not make is left alone"
        );
    }

    #[test]
    fn a_symlinked_control_dir_is_refused() {
        let root = tempfile::tempdir().unwrap();
        // The target itself would pass: only the link makes it unsafe.
        let target = made_dir(root.path(), "elsewhere", 0o700);
        let dir = root.path().join("ssh");
        std::os::unix::fs::symlink(&target, &dir).unwrap();
        refused(&dir, "symbolic link");
    }

    #[test]
    fn a_control_dir_owned_by_another_user_is_refused() {
        if user_id() != 0 {
            eprintln!("skipped: only root can give a directory to another user");
            return;
        }
        let root = tempfile::tempdir().unwrap();
        let dir = made_dir(root.path(), "ssh", 0o700);
        std::os::unix::fs::chown(&dir, Some(65534), Some(65534)).unwrap();
        refused(&dir, "owned by uid 65534");
    }

    #[test]
    fn a_file_in_place_of_the_control_dir_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("ssh");
        std::fs::write(&dir, "").unwrap();
        refused(&dir, "not a directory");
    }
}
