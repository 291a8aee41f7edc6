//! `hugflow monitor`: this host's GPUs, dataset disk, load and memory, once or every 2 s.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use hugflow_core::monitor::{GpuStatus, HostSnapshot};
use hugflow_core::units::human_bytes;
use hugflow_ops::local::{Checkout, snapshot};

use crate::output::{Table, print_json};

const REFRESH: Duration = Duration::from_secs(2);

pub fn run(root: &Path, json: bool, watch: bool) -> anyhow::Result<ExitCode> {
    let checkout = Checkout::open(root)?;
    loop {
        let snapshot = snapshot(&checkout);
        match (json, watch) {
            (true, false) => print_json(&snapshot)?,
            (true, true) => println!("{}", serde_json::to_string(&snapshot)?),
            (false, _) => {
                if watch && crate::output::stdout_is_rich() {
                    // Clear the screen and go home, as `watch` does (on a terminal only: in a
                    // file or under TERM=dumb the snapshots follow each other).
                    print!("\x1b[2J\x1b[H");
                }
                print_human(&snapshot);
            }
        }
        if !watch {
            return Ok(ExitCode::SUCCESS);
        }
        std::thread::sleep(REFRESH);
    }
}

fn opt(value: Option<f64>, unit: &str) -> String {
    value.map_or("-".into(), |v| format!("{v:.0}{unit}"))
}

fn print_human(snapshot: &HostSnapshot) {
    match &snapshot.gpu_status {
        GpuStatus::Ok => {
            let mut table = Table::new([
                "GPU",
                "NAME",
                "UTIL",
                "MEMORY",
                "TEMP",
                "POWER",
                "PROCESSES",
            ]);
            for gpu in &snapshot.gpus {
                let memory = match (gpu.memory_used_mib, gpu.memory_total_mib) {
                    (Some(used), Some(total)) => format!("{used:.0}/{total:.0} MiB"),
                    _ => "-".into(),
                };
                let processes = gpu
                    .processes
                    .iter()
                    .map(|p| format!("{} {}", p.pid, p.name.rsplit('/').next().unwrap_or(&p.name)))
                    .collect::<Vec<_>>()
                    .join(", ");
                table.row([
                    gpu.index.to_string(),
                    gpu.name.clone(),
                    opt(gpu.utilization_gpu, " %"),
                    memory,
                    opt(gpu.temperature_c, " °C"),
                    format!(
                        "{} / {}",
                        opt(gpu.power_draw_w, " W"),
                        opt(gpu.power_limit_w, " W")
                    ),
                    if processes.is_empty() {
                        "-".into()
                    } else {
                        processes
                    },
                ]);
            }
            table.print();
        }
        GpuStatus::NoNvidiaSmi => {
            println!("No GPUs shown: nvidia-smi is not installed here (or not on PATH).");
        }
        GpuStatus::NoGpus { message } => println!("No GPUs: nvidia-smi says: {message}"),
    }
    println!();
    for disk in &snapshot.disks {
        println!(
            "Disk {}: {} used of {}, {} free ({})",
            disk.mount,
            human_bytes(disk.used_bytes),
            human_bytes(disk.size_bytes),
            human_bytes(disk.available_bytes),
            disk.filesystem
        );
    }
    if let Some(load) = &snapshot.load {
        println!("Load: {:.2} {:.2} {:.2}", load.one, load.five, load.fifteen);
    }
    if let Some(memory) = &snapshot.memory {
        println!(
            "Memory: {} available of {}",
            human_bytes(memory.available_bytes),
            human_bytes(memory.total_bytes)
        );
    }
}
