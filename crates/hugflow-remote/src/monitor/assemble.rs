//! Turns the two streams a monitored host sends into snapshots.
//!
//! - The GPU stream: `nvidia-smi --query-gpu=count,… --loop-ms=N`, one row per GPU per tick.
//!   Every row starts with `count`, so a tick is complete when that many rows have come, with
//!   no waiting for the next tick to begin.
//! - The host stream: a shell loop printing sections (`@@apps`, `@@df`, `@@loadavg`,
//!   `@@meminfo`) and `@@end` every tick.
//!
//! Each completed GPU tick yields a snapshot with the latest host section; a host without GPUs
//! yields one per host tick instead. Nothing is shown before both have reported once, so the
//! first snapshot already has processes and disks.

use std::collections::HashMap;

use hugflow_core::monitor::gpu::{GPU_FIELDS, PROCESS_FIELDS, join};
use hugflow_core::monitor::host::{parse_df, parse_loadavg, parse_meminfo};
use hugflow_core::monitor::query::{Row, parse};
use hugflow_core::monitor::{Disk, GpuStatus, HostSnapshot, Load, Memory};

/// The fields the GPU stream asks for: `count` first, then what the monitor shows.
pub fn stream_fields() -> Vec<&'static str> {
    std::iter::once("count").chain(GPU_FIELDS).collect()
}

#[derive(Debug, Default, Clone)]
struct HostPart {
    processes: Vec<Row>,
    disks: Vec<Disk>,
    load: Option<Load>,
    memory: Option<Memory>,
}

#[derive(Debug)]
pub struct Assembler {
    gpu_status: GpuStatus,
    mig: HashMap<String, String>,
    gpus: Vec<Row>,
    tick: Vec<Row>,
    host: HostPart,
    /// Whether the host stream has completed a tick yet.
    host_seen: bool,
    section: Option<String>,
    sections: HashMap<String, String>,
}

impl Assembler {
    /// `gpu_status` is what the probe found (`Ok` when a GPU stream will come); `mig` maps MIG
    /// instances to their GPUs (`nvidia-smi -L`).
    pub fn new(gpu_status: GpuStatus, mig: HashMap<String, String>) -> Self {
        Self {
            gpu_status,
            mig,
            gpus: Vec::new(),
            tick: Vec::new(),
            host: HostPart::default(),
            host_seen: false,
            section: None,
            sections: HashMap::new(),
        }
    }

    /// One line of the GPU stream; a snapshot when it completes a tick.
    pub fn gpu_line(&mut self, line: &str) -> Option<HostSnapshot> {
        if line.trim().is_empty() {
            return None;
        }
        let fields = stream_fields();
        let row = match parse(line, Some(&fields)) {
            Ok(mut rows) if rows.len() == 1 => rows.remove(0),
            _ => {
                // nvidia-smi prints its complaint ("No devices were found", a driver
                // mismatch) in place of rows.
                self.gpu_status = GpuStatus::NoGpus {
                    message: line.trim().to_string(),
                };
                self.gpus.clear();
                return Some(self.snapshot());
            }
        };
        let count = row.number("count").unwrap_or(1.0).max(1.0) as usize;
        self.tick.push(row);
        if self.tick.len() < count {
            return None;
        }
        self.gpus = std::mem::take(&mut self.tick);
        self.gpu_status = GpuStatus::Ok;
        self.host_seen.then(|| self.snapshot())
    }

    /// The GPU stream ended with `message` (its stderr) before giving any rows.
    pub fn gpu_stream_failed(&mut self, message: &str) -> HostSnapshot {
        self.gpu_status = GpuStatus::NoGpus {
            message: message.trim().to_string(),
        };
        self.gpus.clear();
        self.snapshot()
    }

    /// One line of the host stream; a snapshot at `@@end` when no GPU stream drives them.
    pub fn host_line(&mut self, line: &str) -> Option<HostSnapshot> {
        if let Some(name) = line.strip_prefix("@@") {
            let name = name.trim();
            if name == "end" {
                let first = !self.host_seen;
                self.finish_host_tick();
                self.section = None;
                // GPU ticks drive snapshots, except the first host tick after GPUs already came.
                let show = self.gpu_status != GpuStatus::Ok || (first && !self.gpus.is_empty());
                return show.then(|| self.snapshot());
            }
            self.section = Some(name.to_string());
            self.sections.insert(name.to_string(), String::new());
            return None;
        }
        if let Some(section) = &self.section
            && let Some(text) = self.sections.get_mut(section)
        {
            text.push_str(line);
            text.push('\n');
        }
        None
    }

    fn finish_host_tick(&mut self) {
        let section = |name: &str| self.sections.get(name).map(String::as_str).unwrap_or("");
        self.host = HostPart {
            processes: parse(section("apps"), Some(&PROCESS_FIELDS)).unwrap_or_default(),
            disks: parse_df(section("df")),
            load: parse_loadavg(section("loadavg")),
            memory: parse_meminfo(section("meminfo")),
        };
        self.sections.clear();
        self.host_seen = true;
    }

    fn snapshot(&self) -> HostSnapshot {
        HostSnapshot {
            schema: HostSnapshot::SCHEMA,
            taken_at: chrono::Utc::now().to_rfc3339(),
            gpus: join(&self.gpus, &self.host.processes, &self.mig),
            gpu_status: self.gpu_status.clone(),
            disks: self.host.disks.clone(),
            load: self.host.load.clone(),
            memory: self.host.memory.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROW: &str = "2, 0, GPU-a, NVIDIA H100, 97, 40, 1000, 81559, 60, 650.5, 700.00, 0, P0";

    #[test]
    fn a_tick_completes_when_count_rows_came() {
        let mut a = Assembler::new(GpuStatus::Ok, HashMap::new());
        for line in [
            "@@apps",
            "GPU-a, 4242, python, 1000",
            "@@df",
            "Filesystem 1B-blocks Used Available Use% Mounted on",
            "/dev/nvme0n1 1000 400 600 40% /data",
            "@@loadavg",
            "1.5 1.0 0.5 1/100 1",
            "@@end",
        ] {
            assert!(a.host_line(line).is_none(), "GPUs drive snapshots: {line}");
        }
        assert!(a.gpu_line(ROW).is_none());
        let snapshot = a.gpu_line(&ROW.replace("0, GPU-a", "1, GPU-b")).unwrap();
        assert_eq!(snapshot.gpus.len(), 2);
        assert_eq!(snapshot.gpus[0].utilization_gpu, Some(97.0));
        assert_eq!(snapshot.gpus[0].processes[0].pid, 4242);
        assert_eq!(snapshot.disks[0].used_bytes, 400);
        assert_eq!(snapshot.load.as_ref().unwrap().one, 1.5);
    }

    #[test]
    fn a_complaint_instead_of_rows_says_why_and_the_host_still_shows() {
        let mut a = Assembler::new(GpuStatus::Ok, HashMap::new());
        let s = a.gpu_line("No devices were found").unwrap();
        assert_eq!(
            s.gpu_status,
            GpuStatus::NoGpus {
                message: "No devices were found".into()
            }
        );
        a.host_line("@@loadavg");
        a.host_line("0.1 0.2 0.3 1/1 1");
        let s = a
            .host_line("@@end")
            .expect("no GPU stream: the host drives");
        assert!(s.load.is_some());
    }
}
