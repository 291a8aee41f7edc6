//! The machine-wide side of a cluster: its slot `k` (a lock held for the cluster's life), the
//! names derived from it, the bridge, netns and veths, and the sweep of what dead owners left.

use std::collections::BTreeSet;
use std::ffi::CString;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::fd::AsRawFd;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::procs;

/// What every name this harness gives to something of the machine starts with.
const PREFIX: &str = "hfsl";
const LOCKS: &str = "/run/hugflow-slurm";
const NETNS: &str = "/run/netns";
const TEMP_PREFIX: &str = "hugflow-slurm-";

/// A cluster's slot: `k` is unique among the live clusters of this machine for as long as the
/// lock file `/run/hugflow-slurm/<k>.lock` is held (flock: released when its holder dies, however
/// it dies). Dropping it removes the file, then unlocks.
pub(super) struct Slot {
    pub k: u8,
    path: PathBuf,
    _file: File,
}

impl Slot {
    /// Sweeps what dead owners left, then takes a free slot whose subnet is unused. The search
    /// starts at a place given by the pid and a process-wide counter, so a slot just freed is
    /// not the next one taken (a test checking that a stopped cluster left nothing would see
    /// the next cluster's bridge of the same name).
    pub fn acquire() -> Slot {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        sweep_stale();
        let start = std::process::id() as usize * 37 + STARTED.fetch_add(1, Ordering::Relaxed);
        for i in 0..256 {
            let k = ((start + i) % 256) as u8;
            let Some(slot) = Slot::try_lock(k) else {
                continue;
            };
            sweep(k);
            if !subnet_in_use(k) {
                return slot;
            }
        }
        panic!("no free Slurm test cluster slot (all of 10.77.0-255.0/24 in use or locked)");
    }

    fn try_lock(k: u8) -> Option<Slot> {
        std::fs::create_dir_all(LOCKS).ok()?;
        let path = PathBuf::from(format!("{LOCKS}/{k}.lock"));
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .ok()?;
        // SAFETY: flock(2) on a descriptor this function owns.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            return None;
        }
        // The previous holder may have removed the file between our open and our lock: then
        // the lock is on a file nobody else will look at.
        let same = match (file.metadata(), std::fs::metadata(&path)) {
            (Ok(held), Ok(named)) => held.ino() == named.ino() && held.dev() == named.dev(),
            _ => false,
        };
        if !same {
            return None;
        }
        let mut file = file;
        let _ = file.set_len(0);
        let _ = writeln!(file, "{}", std::process::id());
        Some(Slot {
            k,
            path,
            _file: file,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// `hfsl<k>`: the tag every name of slot `k` starts with.
pub(super) fn tag(k: u8) -> String {
    format!("{PREFIX}{k}")
}

/// The bridge in the root network namespace (at most 15 characters: `hfsl255br`).
pub(super) fn bridge(k: u8) -> String {
    format!("{}br", tag(k))
}

/// The root side of a node's veth (`hfsl255vn200`).
pub(super) fn veth(k: u8, node: &str) -> String {
    format!("{}v{node}", tag(k))
}

/// The node's network namespace, `/run/netns/hfsl<k>-<owner pid>-<node>`.
pub(super) fn netns(k: u8, node: &str) -> String {
    format!("{}-{}-{node}", tag(k), std::process::id())
}

/// The prefix of the runtime directories of slot `k` in the temp dir.
pub(super) fn temp_prefix(k: u8) -> String {
    format!("{TEMP_PREFIX}{}-", tag(k))
}

/// The `k` in a name this harness gave: `hfsl<k>` followed by a non-digit.
fn slot_of(name: &str) -> Option<u8> {
    let rest = name.strip_prefix(PREFIX)?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = rest[digits..].chars().next()?;
    (digits > 0 && matches!(after, '-' | 'b' | 'v'))
        .then(|| rest[..digits].parse().ok())
        .flatten()
}

fn names_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Sweeps every slot that has leftovers and no live holder.
fn sweep_stale() {
    let mut slots = BTreeSet::new();
    for name in names_in(Path::new(NETNS))
        .into_iter()
        .chain(names_in(Path::new("/sys/class/net")))
    {
        slots.extend(slot_of(&name));
    }
    for name in names_in(&std::env::temp_dir()) {
        if let Some(rest) = name.strip_prefix(TEMP_PREFIX) {
            slots.extend(slot_of(rest));
        }
    }
    for k in slots {
        if let Some(slot) = Slot::try_lock(k) {
            sweep(k);
            drop(slot);
        }
    }
}

/// Removes what slot `k` holds in the machine. Only the holder of `k`'s lock calls it.
fn sweep(k: u8) {
    let spaces: Vec<String> = names_in(Path::new(NETNS))
        .into_iter()
        .filter(|name| slot_of(name) == Some(k))
        .collect();
    let ids: Vec<_> = spaces
        .iter()
        .filter_map(|name| procs::ns_id(&Path::new(NETNS).join(name)))
        .collect();
    procs::kill_all_in("net", &ids, Duration::from_secs(5));
    let links: Vec<String> = names_in(Path::new("/sys/class/net"))
        .into_iter()
        .filter(|name| slot_of(name) == Some(k))
        .collect();
    remove(&spaces, &links);
    let temp = std::env::temp_dir();
    for name in names_in(&temp) {
        if name.starts_with(&temp_prefix(k)) {
            let dir = temp.join(name);
            for point in mounts_under(&dir) {
                unmount(&point);
            }
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Whether some address of this namespace is in `10.77.k.0/24` (another tool's network).
fn subnet_in_use(k: u8) -> bool {
    let output = Command::new(super::tools::program("ip"))
        .args(["-o", "-4", "addr", "show"])
        .output();
    let text = output
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    text.contains(&format!(" 10.77.{k}."))
}

/// One node's network: its netns, its veth and its address.
pub(super) struct NodeNet<'a> {
    pub netns: &'a str,
    pub veth: &'a str,
    pub address: String,
}

/// The bridge at `10.77.k.1`, and per node a netns whose `eth0` (`10.77.k.<11+i>`) is a veth
/// to it. Two `ip -batch` runs for the root namespace, one per node for the inside.
pub(super) fn create(k: u8, nodes: &[NodeNet]) -> Result<(), String> {
    let bridge = bridge(k);
    let mut script = format!(
        "link add {bridge} type bridge\naddr add 10.77.{k}.1/24 dev {bridge}\nlink set {bridge} up\n"
    );
    for node in nodes {
        script += &format!(
            "netns add {ns}\nlink add {veth} type veth peer name eth0 netns {ns}\n\
             link set {veth} master {bridge} up\n",
            ns = node.netns,
            veth = node.veth,
        );
    }
    ip_batch(&[], &script, false)?;
    for node in nodes {
        let script = format!(
            "addr add {}/24 dev eth0\nlink set eth0 up\nlink set lo up\n",
            node.address
        );
        ip_batch(&["-n", node.netns], &script, false)?;
    }
    Ok(())
}

/// Deletes the links named, then the netns. Errors are ignored: a part may be gone already.
pub(super) fn remove(spaces: &[String], links: &[String]) {
    if spaces.is_empty() && links.is_empty() {
        return;
    }
    let mut script = String::new();
    for name in links {
        script += &format!("link del {name}\n");
    }
    for name in spaces {
        script += &format!("netns del {name}\n");
    }
    let _ = ip_batch(&[], &script, true);
}

/// Sets a link up or down.
pub(super) fn set_link(name: &str, up: bool) -> Result<(), String> {
    ip_batch(
        &[],
        &format!("link set {name} {}\n", if up { "up" } else { "down" }),
        false,
    )
}

fn ip_batch(options: &[&str], script: &str, force: bool) -> Result<(), String> {
    let mut command = Command::new(super::tools::program("ip"));
    command.args(options);
    if force {
        command.arg("-force");
    }
    let mut child = command
        .args(["-batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("run ip (iproute2): {e}"))?;
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(script.as_bytes())
        .map_err(|e| format!("write to ip -batch: {e}"))?;
    let output = child
        .wait_with_output()
        .map_err(|e| format!("wait for ip: {e}"))?;
    if output.status.success() || force {
        Ok(())
    } else {
        Err(format!(
            "ip {} -batch failed: {}\nscript:\n{script}",
            options.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// Mount points at or below `dir` in this mount namespace, deepest first.
pub(super) fn mounts_under(dir: &Path) -> Vec<PathBuf> {
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    let mut points: Vec<PathBuf> = mounts
        .lines()
        .filter_map(|line| line.split(' ').nth(1))
        .map(|field| PathBuf::from(unescape_mount(field)))
        .filter(|point| point.starts_with(dir))
        .collect();
    points.sort_by_key(|p| std::cmp::Reverse(p.as_os_str().len()));
    points.dedup();
    points
}

/// /proc/self/mounts writes space, tab, newline and backslash as `\ooo`.
fn unescape_mount(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes.get(i + 1..i + 4).and_then(|d| {
            std::str::from_utf8(d)
                .ok()
                .and_then(|d| u8::from_str_radix(d, 8).ok())
        });
        match (bytes[i], octal) {
            (b'\\', Some(byte)) => {
                out.push(byte);
                i += 4;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Mounts a tmpfs of `size` bytes on `dir` (a node's "local NVMe" with a capacity).
pub(super) fn mount_tmpfs(dir: &Path, size: u64) -> Result<(), String> {
    let target = c_path(dir);
    let data = CString::new(format!("size={size},mode=0755")).expect("no NUL");
    // SAFETY: mount(2) with NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::mount(
            c"tmpfs".as_ptr(),
            target.as_ptr(),
            c"tmpfs".as_ptr(),
            0,
            data.as_ptr().cast(),
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(format!(
            "mount a {size}-byte tmpfs on {}: {}",
            dir.display(),
            std::io::Error::last_os_error()
        ))
    }
}

/// Detaches the mount at `point` (lazily: a process still inside it keeps it until it leaves).
pub(super) fn unmount(point: &Path) {
    let target = c_path(point);
    // SAFETY: umount2(2) with a NUL-terminated path that outlives the call.
    unsafe { libc::umount2(target.as_ptr(), libc::MNT_DETACH) };
}

fn c_path(path: &Path) -> CString {
    use std::os::unix::ffi::OsStrExt;
    CString::new(path.as_os_str().as_bytes()).expect("a path without NUL")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_read_back_from_the_names_they_give() {
        assert_eq!(slot_of(&bridge(7)), Some(7));
        assert_eq!(slot_of(&veth(12, "n3")), Some(12));
        assert_eq!(slot_of(&netns(255, "n10")), Some(255));
        assert_eq!(slot_of("hfsl1"), None);
        assert_eq!(slot_of("hfslx-1"), None);
        assert_eq!(slot_of("hfsl999br"), None);
        assert_eq!(slot_of("eth0"), None);
        assert!(bridge(255).len() <= 15 && veth(255, "n200").len() <= 15);
        assert_eq!(unescape_mount(r"/tmp/a\040b"), "/tmp/a b");
    }
}
