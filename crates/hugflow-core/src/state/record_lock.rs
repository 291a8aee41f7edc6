//! Exclusive locks that hold across the nodes of a cluster: POSIX record locks (`fcntl`).
//!
//! The state directory may sit on a shared filesystem that many nodes write at once (a
//! staging job's tasks each record their node). `flock(2)` is not safe there: on Lustre it is
//! node-local with `-o localflock` and refused without a `flock` mount option; on GPFS it
//! locks only the node's own processes; NFS emulates it with a whole-file `fcntl` lock since
//! Linux 2.6.12, except with `local_lock=flock`, where it is node-local again. POSIX record
//! locks are the lock all of them keep coherent (NFS through lockd/NLM or NFSv4 state, Lustre
//! with `-o flock`, GPFS natively, CephFS and BeeGFS through their metadata servers).
//!
//! We take open-file-description locks (`F_OFD_SETLKW`, Linux 3.15): like `flock` they belong
//! to the open file, so two threads of one process exclude each other and closing another
//! descriptor of the same file does not drop them; on NFS the kernel sends them as POSIX
//! locks. A kernel without them (`EINVAL`) gets classic process-owned `F_SETLKW` locks.
//! Either way the lock goes with the file when it is closed or the process dies.
//!
//! Elsewhere than Unix (the desktop on Windows, which never shares a state directory with a
//! cluster) these are std's file locks.

#[cfg(unix)]
use std::fs::File;
#[cfg(unix)]
use std::io;
#[cfg(unix)]
use std::os::fd::AsRawFd;

#[cfg(not(unix))]
mod portable {
    use std::fs::{File, TryLockError};
    use std::io;

    pub fn lock_exclusive(file: &File) -> io::Result<()> {
        file.lock()
    }

    pub fn try_lock_exclusive(file: &File) -> io::Result<bool> {
        match file.try_lock() {
            Ok(()) => Ok(true),
            Err(TryLockError::WouldBlock) => Ok(false),
            Err(TryLockError::Error(error)) => Err(error),
        }
    }

    pub fn is_locked(file: &File) -> io::Result<bool> {
        match file.try_lock_shared() {
            Ok(()) => file.unlock().map(|()| false),
            Err(TryLockError::WouldBlock) => Ok(true),
            Err(TryLockError::Error(error)) => Err(error),
        }
    }
}

#[cfg(not(unix))]
pub use portable::{is_locked, lock_exclusive, try_lock_exclusive};

/// Blocks until `file` holds an exclusive lock over its whole length.
#[cfg(unix)]
pub fn lock_exclusive(file: &File) -> io::Result<()> {
    set_lock(file, true).map(drop)
}

/// Takes an exclusive lock over `file` if no one holds one; `Ok(false)` when someone does.
#[cfg(unix)]
pub fn try_lock_exclusive(file: &File) -> io::Result<bool> {
    set_lock(file, false)
}

/// Whether anyone (another open file, another process, another node) holds a lock on `file`.
#[cfg(unix)]
pub fn is_locked(file: &File) -> io::Result<bool> {
    #[cfg(target_os = "linux")]
    match probe(file, libc::F_OFD_GETLK) {
        Err(error) if error.raw_os_error() == Some(libc::EINVAL) => {}
        answer => return answer,
    }
    probe(file, libc::F_GETLK)
}

#[cfg(unix)]
fn probe(file: &File, command: libc::c_int) -> io::Result<bool> {
    let mut request = whole_file_write_lock();
    // SAFETY: fcntl on a descriptor we own, with a pointer to a live `flock`.
    if unsafe { libc::fcntl(file.as_raw_fd(), command, &mut request) } == -1 {
        return Err(io::Error::last_os_error());
    }
    Ok(i32::from(request.l_type) != libc::F_UNLCK)
}

#[cfg(unix)]
fn whole_file_write_lock() -> libc::flock {
    // SAFETY: an all-zero `flock` is valid; the fields that matter are set below.
    let mut request: libc::flock = unsafe { std::mem::zeroed() };
    request.l_type = libc::F_WRLCK as _;
    request.l_whence = libc::SEEK_SET as _;
    // l_start 0 and l_len 0: the whole file, however long it grows; l_pid 0 (OFD needs it).
    request
}

/// Open-file-description locks where the kernel has them, else classic POSIX locks.
#[cfg(unix)]
fn set_lock(file: &File, wait: bool) -> io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        let command = if wait {
            libc::F_OFD_SETLKW
        } else {
            libc::F_OFD_SETLK
        };
        match fcntl_lock(file, command, wait) {
            Err(error) if error.raw_os_error() == Some(libc::EINVAL) => {}
            answer => return answer,
        }
    }
    let command = if wait { libc::F_SETLKW } else { libc::F_SETLK };
    fcntl_lock(file, command, wait)
}

#[cfg(unix)]
fn fcntl_lock(file: &File, command: libc::c_int, wait: bool) -> io::Result<bool> {
    let mut request = whole_file_write_lock();
    loop {
        // SAFETY: fcntl on a descriptor we own, with a pointer to a live `flock`.
        if unsafe { libc::fcntl(file.as_raw_fd(), command, &mut request) } != -1 {
            return Ok(true);
        }
        let error = io::Error::last_os_error();
        match error.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EAGAIN | libc::EACCES) if !wait => return Ok(false),
            _ => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::OpenOptions;

    fn open(path: &std::path::Path) -> File {
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(path)
            .unwrap()
    }

    #[test]
    fn a_second_open_file_waits_for_the_first_and_gets_it_once_closed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".lock");
        let first = open(&path);
        lock_exclusive(&first).unwrap();
        // Another open file description, in this same process: OFD locks still exclude it.
        let second = open(&path);
        assert!(!try_lock_exclusive(&second).unwrap());
        assert!(is_locked(&File::open(&path).unwrap()).unwrap());
        drop(first);
        assert!(!is_locked(&File::open(&path).unwrap()).unwrap());
        assert!(try_lock_exclusive(&second).unwrap());
    }

    #[test]
    fn threads_updating_one_counter_under_the_lock_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join(".lock");
        let counter = dir.path().join("counter");
        std::fs::write(&counter, "0").unwrap();
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..25 {
                        let file = open(&lock);
                        lock_exclusive(&file).unwrap();
                        let n: u64 = std::fs::read_to_string(&counter).unwrap().parse().unwrap();
                        crate::state::write_atomic(&counter, (n + 1).to_string().as_bytes())
                            .unwrap();
                    }
                });
            }
        });
        assert_eq!(std::fs::read_to_string(&counter).unwrap(), "100");
    }
}
