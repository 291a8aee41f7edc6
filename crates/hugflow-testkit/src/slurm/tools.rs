//! What a cluster needs from the machine: root, and Debian's Slurm, munge, iproute2 and
//! util-linux tools, found on PATH or in the sbin folders.

use std::path::PathBuf;

/// What the harness runs, and the Debian package of each.
pub(super) const TOOLS: [(&str, &str); 12] = [
    ("slurmctld", "slurmctld"),
    ("slurmd", "slurmd"),
    ("slurmstepd", "slurmd"),
    ("sinfo", "slurm-client"),
    ("scontrol", "slurm-client"),
    ("sbatch", "slurm-client"),
    ("srun", "slurm-client"),
    ("munged", "munge"),
    ("munge", "munge"),
    ("ip", "iproute2"),
    ("nsenter", "util-linux"),
    ("unshare", "util-linux"),
];

/// Root, and every tool the harness runs; else what is missing and how to install it.
pub(super) fn preconditions() -> Result<(), String> {
    let mut missing = Vec::new();
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        missing.push("root (namespaces, mounts, bridges)".to_string());
    }
    let mut packages: Vec<&str> = Vec::new();
    for (tool, package) in TOOLS {
        if which(tool).is_none() {
            missing.push(format!("{tool} (Debian {package})"));
            if !packages.contains(&package) {
                packages.push(package);
            }
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let mut message = format!(
        "a real Slurm cluster needs root and {}; missing: {}",
        TOOLS.map(|(tool, _)| tool).join(" "),
        missing.join(", ")
    );
    if !packages.is_empty() {
        message += &format!(
            ". Install: apt-get install -y --no-install-recommends {} (`make deps-test` does it)",
            packages.join(" ")
        );
    }
    Err(message)
}

/// Where `tool` is: on PATH, or in the sbin folders a user's PATH may leave out.
fn which(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/bin", "/bin"].map(PathBuf::from))
        .map(|dir| dir.join(tool))
        .find(|candidate| candidate.is_file())
}

/// `tool`'s full path when found, else its bare name (for the error to name).
pub(super) fn program(tool: &str) -> PathBuf {
    which(tool).unwrap_or_else(|| PathBuf::from(tool))
}
