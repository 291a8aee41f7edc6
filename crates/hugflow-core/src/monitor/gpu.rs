//! GPUs and the processes on them, from `--query-gpu` and `--query-compute-apps` rows.
//!
//! Compute-app rows name their GPU by `gpu_uuid`, never by index, so they are joined on it;
//! under MIG a process may name a `MIG-…` instance, which `nvidia-smi -L` maps to its GPU.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::query::Row;

/// The fields [`Gpu::from_row`] reads, in the order the monitor asks for them.
pub const GPU_FIELDS: [&str; 12] = [
    "index",
    "uuid",
    "name",
    "utilization.gpu",
    "utilization.memory",
    "memory.used",
    "memory.total",
    "temperature.gpu",
    "power.draw",
    "power.limit",
    "ecc.errors.uncorrected.volatile.total",
    "pstate",
];

/// The fields [`Process::from_row`] reads.
pub const PROCESS_FIELDS: [&str; 4] = ["gpu_uuid", "pid", "process_name", "used_gpu_memory"];

/// One GPU at one instant. `None` is what nvidia-smi reports as `[N/A]` or `[Not Supported]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Gpu {
    pub index: u32,
    pub uuid: String,
    pub name: String,
    pub utilization_gpu: Option<f64>,
    pub utilization_memory: Option<f64>,
    pub memory_used_mib: Option<f64>,
    pub memory_total_mib: Option<f64>,
    pub temperature_c: Option<f64>,
    pub power_draw_w: Option<f64>,
    pub power_limit_w: Option<f64>,
    pub ecc_uncorrected: Option<f64>,
    pub pstate: Option<String>,
    pub processes: Vec<Process>,
}

/// A compute process on a GPU.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Process {
    pub pid: u32,
    pub name: String,
    pub used_memory_mib: Option<f64>,
    /// The MIG instance it runs on, when the GPU is partitioned.
    pub mig_uuid: Option<String>,
}

impl Gpu {
    /// A GPU from a `--query-gpu` row; `None` without an index or uuid.
    pub fn from_row(row: &Row) -> Option<Self> {
        Some(Self {
            index: row.number("index")? as u32,
            uuid: row.text("uuid")?.to_string(),
            name: row.text("name").unwrap_or("GPU").to_string(),
            utilization_gpu: row.number("utilization.gpu"),
            utilization_memory: row.number("utilization.memory"),
            memory_used_mib: row.number("memory.used"),
            memory_total_mib: row.number("memory.total"),
            temperature_c: row.number("temperature.gpu"),
            power_draw_w: row.number("power.draw"),
            power_limit_w: row.number("power.limit"),
            ecc_uncorrected: row.number("ecc.errors.uncorrected.volatile.total"),
            pstate: row.text("pstate").map(str::to_string),
            processes: Vec::new(),
        })
    }
}

impl Process {
    /// A process and the uuid it names (a GPU's or a MIG instance's).
    pub fn from_row(row: &Row) -> Option<(String, Self)> {
        let uuid = row.text("gpu_uuid")?.to_string();
        let process = Self {
            pid: row.number("pid")? as u32,
            name: row.text("process_name").unwrap_or("?").to_string(),
            used_memory_mib: row.number("used_gpu_memory"),
            mig_uuid: uuid.starts_with("MIG-").then(|| uuid.clone()),
        };
        Some((uuid, process))
    }
}

/// MIG instance uuid → its GPU's uuid, from `nvidia-smi -L`:
/// `GPU 0: NVIDIA A100 (UUID: GPU-…)` followed by indented `MIG 1g.10gb Device 0: (UUID: MIG-…)`.
pub fn mig_parents(list: &str) -> HashMap<String, String> {
    let uuid_of = |line: &str| {
        let start = line.find("(UUID: ")? + "(UUID: ".len();
        let end = line[start..].find(')')? + start;
        Some(line[start..end].trim().to_string())
    };
    let mut parents = HashMap::new();
    let mut gpu: Option<String> = None;
    for line in list.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("GPU ") {
            gpu = uuid_of(trimmed);
        } else if trimmed.starts_with("MIG ")
            && let (Some(mig), Some(parent)) = (uuid_of(trimmed), gpu.clone())
        {
            parents.insert(mig, parent);
        }
    }
    parents
}

/// GPUs with their processes attached; processes on GPUs not listed are dropped.
pub fn join(gpu_rows: &[Row], process_rows: &[Row], mig: &HashMap<String, String>) -> Vec<Gpu> {
    let mut gpus: Vec<Gpu> = gpu_rows.iter().filter_map(Gpu::from_row).collect();
    for (uuid, process) in process_rows.iter().filter_map(Process::from_row) {
        let gpu_uuid = mig.get(&uuid).unwrap_or(&uuid);
        if let Some(gpu) = gpus.iter_mut().find(|g| &g.uuid == gpu_uuid) {
            gpu.processes.push(process);
        }
    }
    gpus.sort_by_key(|g| g.index);
    gpus
}
