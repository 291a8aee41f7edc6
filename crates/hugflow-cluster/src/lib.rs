//! Datasets on a Slurm cluster of HGX nodes.
//!
//! A cluster keeps one copy of each dataset on the shared filesystem (`STORAGE_ROOT`, Lustre,
//! WEKA or NFS), where the ordinary sync puts it, and training reads it from each node's fast
//! local NVMe. Slurm is the engine that reaches the nodes: Hugflow submits work to it and
//! never schedules anything itself.
//!
//! - [`stage`]: on the login node, one `sbatch` job with one task per node (`srun`) that runs
//!   [`copy::run_task`]: copy `<STORAGE_ROOT>/<storage_name>/` to `<target>/<storage_name>/`,
//!   verify every file against `.hugflow/manifest.json` (reusing files already there and
//!   verified), then seal the copy ([`seal`]).
//! - [`records`]: each task writes where its node stands into
//!   `STATE_DIR/stage/<storage_name>.json` on the shared filesystem, under a POSIX record lock
//!   and with atomic renames, so many nodes can write at once on Lustre, NFS or GPFS.
//! - [`ready`]: the gate a training job runs first: 0 only when this node's copy is verified
//!   and unchanged since.
//! - [`slurm`]: Slurm's own commands (`sbatch`, `scontrol show job -o`, `sinfo --json`,
//!   `squeue --json`), whose output is parsed as untrusted text; [`status`] assembles
//!   `hugflow cluster --json` from them.
//! - [`unstage`]: the reverse, one job deleting the node copies (a removal request).

pub mod copy;
mod error;
pub mod ready;
pub mod records;
pub mod seal;
pub mod slurm;
pub mod stage;
pub mod status;
pub mod unstage;

pub use error::ClusterError;

/// This node's name as Slurm knows it: `SLURMD_NODENAME` inside a job, else the hostname
/// (Slurm names nodes by their short hostname unless `NodeHostname` says otherwise).
pub fn this_node() -> String {
    if let Ok(name) = std::env::var("SLURMD_NODENAME")
        && hugflow_core::cluster::check_node_name(&name).is_ok()
    {
        return name;
    }
    hostname()
}

fn hostname() -> String {
    // SAFETY: uname fills the struct it is given.
    let mut name: libc::utsname = unsafe { std::mem::zeroed() };
    if unsafe { libc::uname(&mut name) } != 0 {
        return "localhost".to_string();
    }
    // SAFETY: uname NUL-terminates nodename.
    let full = unsafe { std::ffi::CStr::from_ptr(name.nodename.as_ptr()) }.to_string_lossy();
    full.split('.').next().unwrap_or("localhost").to_string()
}
