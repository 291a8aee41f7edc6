//! Processes found by the namespace they live in: how a stop reaches what the daemons forked
//! (slurmstepd, job steps, slurmscriptd), which are not the harness's children.

use std::fs::File;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, Instant};

/// A namespace, as the kernel names it: the nsfs device and inode.
pub(super) type NsId = (u64, u64);

/// The namespace `path` (`/run/netns/X`, `/proc/PID/ns/uts`) refers to.
pub(super) fn ns_id(path: &Path) -> Option<NsId> {
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Opens the namespace at `path`, which keeps it alive while the file is open: a namespace's
/// inode number is reused at once when it dies, so a kill loop over a namespace that nothing
/// pins could hit the next cluster's daemons.
pub(super) fn pin(path: &Path) -> Option<(File, NsId)> {
    let file = File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    Some((file, (meta.dev(), meta.ino())))
}

/// Every live process in one of `ids` (of namespace type `kind`: `net`, `uts`). An exited
/// process has left its namespaces already, so zombies are not listed.
pub(super) fn pids_in(kind: &str, ids: &[NsId]) -> Vec<i32> {
    if ids.is_empty() {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let pid: i32 = entry.file_name().to_str()?.parse().ok()?;
            let id = ns_id(&entry.path().join("ns").join(kind))?;
            ids.contains(&id).then_some(pid)
        })
        .collect()
}

/// SIGKILLs every process in `ids` until none is left (a dying job may fork once more), for at
/// most `timeout`. Returns what was still alive then.
pub(super) fn kill_all_in(kind: &str, ids: &[NsId], timeout: Duration) -> Vec<i32> {
    let deadline = Instant::now() + timeout;
    loop {
        let pids = pids_in(kind, ids);
        if pids.is_empty() || Instant::now() >= deadline {
            return pids;
        }
        for pid in pids {
            kill(pid, libc::SIGKILL);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

pub(super) fn kill(pid: i32, signal: i32) {
    // SAFETY: kill(2) on a pid found in one of the harness's own namespaces, or its own child.
    unsafe { libc::kill(pid, signal) };
}

/// Whether `pid` is a live process (a zombie counts as gone).
pub fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rfind(')')
            .and_then(|end| stat[end + 1..].split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}
