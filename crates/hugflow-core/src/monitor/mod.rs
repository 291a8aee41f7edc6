//! What a host's GPUs, disks, load and memory look like now, read from the tools every HGX
//! has (`nvidia-smi`, `df`, `/proc`), with no agent needed.
//!
//! - [`query`]: `nvidia-smi --query-*` CSV (with or without header and units, `[N/A]`,
//!   `[Not Supported]`, renamed fields).
//! - [`gpu`]: GPUs with their compute processes joined on `gpu_uuid` (MIG instances too).
//! - [`host`]: `df -B1`, `/proc/loadavg`, `/proc/meminfo`.
//! - [`local`]: all of it for this machine, as `hugflow monitor` shows it.

pub mod gpu;
pub mod host;
pub mod local;
pub mod query;

use serde::{Deserialize, Serialize};

pub use gpu::{Gpu, Process};
pub use host::{Disk, Load, Memory};

/// One look at a host; `hugflow monitor --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HostSnapshot {
    pub schema: u32,
    /// RFC 3339, when it was taken.
    pub taken_at: String,
    pub gpus: Vec<Gpu>,
    pub gpu_status: GpuStatus,
    pub disks: Vec<Disk>,
    pub load: Option<Load>,
    pub memory: Option<Memory>,
}

impl HostSnapshot {
    pub const SCHEMA: u32 = 1;
}

/// Whether the GPUs could be read, and if not, why (the rest of the snapshot still counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum GpuStatus {
    Ok,
    /// `nvidia-smi` is not installed (or not on PATH).
    NoNvidiaSmi,
    /// `nvidia-smi` runs but sees no GPU (no driver loaded, or a CPU-only host).
    NoGpus {
        message: String,
    },
}

#[cfg(test)]
mod tests;
