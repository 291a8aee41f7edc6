//! A snapshot of this machine: runs `nvidia-smi` (asking for exactly the fields it reads),
//! `df -B1` on the given paths, and reads `/proc`.

use std::path::Path;
use std::process::Command;

use super::gpu::{GPU_FIELDS, PROCESS_FIELDS, join, mig_parents};
use super::host::{parse_df, parse_loadavg, parse_meminfo};
use super::query::parse;
use super::{GpuStatus, HostSnapshot};

/// The `nvidia-smi` arguments of the GPU query.
pub fn gpu_query_args() -> Vec<String> {
    vec![
        format!("--query-gpu={}", GPU_FIELDS.join(",")),
        "--format=csv,noheader,nounits".into(),
    ]
}

/// The `nvidia-smi` arguments of the compute-process query.
pub fn process_query_args() -> Vec<String> {
    vec![
        format!("--query-compute-apps={}", PROCESS_FIELDS.join(",")),
        "--format=csv,noheader,nounits".into(),
    ]
}

/// This machine now; `paths` are the folders whose disks to show (e.g. STORAGE_ROOT).
pub fn snapshot(paths: &[&Path]) -> HostSnapshot {
    let (gpus, gpu_status) = gpus();
    let disks = if paths.is_empty() {
        Vec::new()
    } else {
        Command::new("df")
            .arg("-B1")
            .args(paths)
            .output()
            .ok()
            .map(|o| parse_df(&String::from_utf8_lossy(&o.stdout)))
            .unwrap_or_default()
    };
    HostSnapshot {
        schema: HostSnapshot::SCHEMA,
        taken_at: chrono::Utc::now().to_rfc3339(),
        gpus,
        gpu_status,
        disks,
        load: std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|t| parse_loadavg(&t)),
        memory: std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|t| parse_meminfo(&t)),
    }
}

fn gpus() -> (Vec<super::Gpu>, GpuStatus) {
    let run = |args: &[String]| Command::new("nvidia-smi").args(args).output();
    let output = match run(&gpu_query_args()) {
        Ok(output) => output,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return (Vec::new(), GpuStatus::NoNvidiaSmi);
        }
        Err(error) => {
            return (
                Vec::new(),
                GpuStatus::NoGpus {
                    message: format!("cannot run nvidia-smi: {error}"),
                },
            );
        }
    };
    let text = String::from_utf8_lossy(&output.stdout);
    let rows = match parse(&text, Some(&GPU_FIELDS)) {
        Ok(rows) if output.status.success() && !rows.is_empty() => rows,
        Ok(_) => {
            let said = String::from_utf8_lossy(&output.stderr).trim().to_string();
            let message = if said.is_empty() {
                text.trim().to_string()
            } else {
                said
            };
            return (Vec::new(), GpuStatus::NoGpus { message });
        }
        Err(message) => return (Vec::new(), GpuStatus::NoGpus { message }),
    };
    let processes = run(&process_query_args())
        .ok()
        .and_then(|o| parse(&String::from_utf8_lossy(&o.stdout), Some(&PROCESS_FIELDS)).ok())
        .unwrap_or_default();
    let mig = run(&["-L".to_string()])
        .map(|o| mig_parents(&String::from_utf8_lossy(&o.stdout)))
        .unwrap_or_default();
    (join(&rows, &processes, &mig), GpuStatus::Ok)
}
