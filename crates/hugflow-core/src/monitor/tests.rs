use hugflow_testkit::nvidia_smi::{Capture, Section};

use super::gpu::{GPU_FIELDS, join, mig_parents};
use super::host::{parse_df, parse_loadavg, parse_meminfo};
use super::query::{canonical_field, parse};
use super::*;

fn gpus_of(capture: &Capture, phase: &str) -> Vec<Gpu> {
    let section = |args: &str| -> &Section {
        capture
            .section(phase, args)
            .unwrap_or_else(|| panic!("{}: no {phase} {args} section", capture.name))
    };
    let rows = parse(&section("--query-gpu=").output, None).unwrap();
    let apps = parse(&section("--query-compute-apps=").output, None).unwrap();
    let list = capture
        .section("capabilities", "-L")
        .map(|s| s.output.as_str())
        .unwrap_or("");
    join(&rows, &apps, &mig_parents(list))
}

/// What a capture shows under load (read off the file by hand).
struct UnderLoad {
    file: &'static str,
    model: &'static str,
    used: f64,
    total: f64,
    temperature: f64,
    power: f64,
    memory_util: f64,
    processes: &'static [(u32, f64)],
}

const UNDER_LOAD: [UnderLoad; 2] = [
    UnderLoad {
        file: "linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01.txt",
        model: "NVIDIA H100 80GB HBM3",
        used: 19818.0,
        total: 81559.0,
        temperature: 59.0,
        power: 631.95,
        memory_util: 11.0,
        processes: &[(11327, 2566.0), (11328, 1542.0), (11345, 15690.0)],
    },
    UnderLoad {
        file: "linux-x86_64__nvidia-h200__590.48.01.txt",
        model: "NVIDIA H200",
        used: 32362.0,
        total: 143771.0,
        temperature: 52.0,
        power: 627.40,
        memory_util: 7.0,
        processes: &[(10291, 2566.0), (10293, 1542.0), (10309, 28234.0)],
    },
];

#[test]
fn every_capture_reads_to_the_numbers_it_shows() {
    let captures = Capture::all();
    for UnderLoad {
        file: name,
        model,
        used,
        total,
        temperature,
        power,
        memory_util,
        processes,
    } in UNDER_LOAD
    {
        let capture = captures
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("capture {name} is gone"));
        let gpus = gpus_of(capture, "load");
        assert_eq!(gpus.len(), 1, "{name}");
        let gpu = &gpus[0];
        assert_eq!(gpu.index, 0);
        assert_eq!(gpu.name, model);
        assert_eq!(gpu.uuid, "GPU-00000000-0000-0000-0000-000000000000");
        assert_eq!(gpu.utilization_gpu, Some(100.0), "{name}");
        assert_eq!(gpu.utilization_memory, Some(memory_util), "{name}");
        assert_eq!(gpu.memory_used_mib, Some(used), "{name}");
        assert_eq!(gpu.memory_total_mib, Some(total), "{name}");
        assert_eq!(gpu.temperature_c, Some(temperature), "{name}");
        assert_eq!(gpu.power_draw_w, Some(power), "{name}");
        assert_eq!(gpu.power_limit_w, Some(700.0), "{name}");
        assert_eq!(gpu.ecc_uncorrected, Some(0.0), "{name}");
        assert_eq!(gpu.pstate.as_deref(), Some("P0"));
        let seen: Vec<(u32, f64)> = gpu
            .processes
            .iter()
            .map(|p| (p.pid, p.used_memory_mib.unwrap()))
            .collect();
        assert_eq!(seen, processes, "{name}: processes joined on gpu_uuid");
    }
    // Every capture, idle and loaded, reads to sane values, and idle has no processes.
    for capture in &captures {
        for phase in ["idle", "load"] {
            for gpu in gpus_of(capture, phase) {
                let (used, total) = (gpu.memory_used_mib.unwrap(), gpu.memory_total_mib.unwrap());
                assert!(
                    used <= total && total > 0.0,
                    "{} {phase}: {gpu:?}",
                    capture.name
                );
                assert!((0.0..=100.0).contains(&gpu.utilization_gpu.unwrap()));
                assert!(gpu.power_draw_w.unwrap() <= gpu.power_limit_w.unwrap() * 1.2);
                if phase == "idle" {
                    assert!(gpu.processes.is_empty(), "{}: {gpu:?}", capture.name);
                }
            }
        }
    }
}

#[test]
fn the_monitors_own_query_without_header_or_units_reads_the_same() {
    for capture in Capture::all() {
        let full = parse(
            &capture.section("load", "--query-gpu=").unwrap().output,
            None,
        )
        .unwrap();
        // What `--query-gpu=<GPU_FIELDS> --format=csv,noheader,nounits` prints: the same
        // cells, without units.
        let line: Vec<String> = GPU_FIELDS
            .iter()
            .map(|f| {
                let value = full[0]
                    .get(f)
                    .unwrap_or_else(|| panic!("{}: no {f}", capture.name));
                match value.number() {
                    Some(_) if !value.0.starts_with("GPU-") => {
                        value.0.split_whitespace().next().unwrap().to_string()
                    }
                    _ => value.0.clone(),
                }
            })
            .collect();
        let rows = parse(&format!("{}\n", line.join(", ")), Some(&GPU_FIELDS)).unwrap();
        let bare = join(&rows, &[], &Default::default());
        let mut with_units = join(&full, &[], &Default::default());
        with_units[0].processes.clear();
        assert_eq!(bare, with_units, "{}", capture.name);
    }
}

#[test]
fn unavailable_values_renamed_fields_and_bad_rows() {
    let rows = parse(
        "index, uuid, name, fan.speed [%], clocks_throttle_reasons.active, power.draw [W]\n\
         3, GPU-abc, A100, [N/A], 0x0000000000000001, [Not Supported]\n",
        None,
    )
    .unwrap();
    assert_eq!(rows[0].number("fan.speed"), None);
    assert_eq!(
        rows[0].text("clocks_event_reasons.active"),
        Some("0x0000000000000001")
    );
    assert_eq!(rows[0].number("power.draw"), None);
    assert_eq!(
        canonical_field("clocks_throttle_reasons.hw_slowdown"),
        "clocks_event_reasons.hw_slowdown"
    );
    let gpu = Gpu::from_row(&rows[0]).unwrap();
    assert_eq!((gpu.index, gpu.power_draw_w), (3, None));
    let error = parse("1, 2\n", Some(&["index"])).unwrap_err();
    assert!(error.contains("2 values where 1 fields"), "{error}");
}

#[test]
fn mig_instances_lead_their_processes_to_the_parent_gpu() {
    let list = "GPU 0: NVIDIA A100-SXM4-80GB (UUID: GPU-aaa)\n  \
                MIG 3g.40gb     Device  0: (UUID: MIG-111)\n  \
                MIG 3g.40gb     Device  1: (UUID: MIG-222)\n\
                GPU 1: NVIDIA A100-SXM4-80GB (UUID: GPU-bbb)\n";
    let parents = mig_parents(list);
    assert_eq!(parents["MIG-222"], "GPU-aaa");
    let gpus = parse(
        "0, GPU-aaa, A100\n1, GPU-bbb, A100\n",
        Some(&["index", "uuid", "name"]),
    )
    .unwrap();
    let apps = parse(
        "MIG-222, 77, python, 1024\nGPU-bbb, 78, python, [N/A]\n",
        Some(&["gpu_uuid", "pid", "process_name", "used_gpu_memory"]),
    )
    .unwrap();
    let joined = join(&gpus, &apps, &parents);
    assert_eq!(joined[0].processes[0].pid, 77);
    assert_eq!(joined[0].processes[0].mig_uuid.as_deref(), Some("MIG-222"));
    assert_eq!(joined[1].processes[0].used_memory_mib, None);
}

#[test]
fn df_loadavg_and_meminfo() {
    let df = "Filesystem        1B-blocks         Used    Available Use% Mounted on\n\
              /dev/nvme0n1 7681000000000 3840000000000 3841000000000  50% /data/datasets with space\n";
    let disks = parse_df(df);
    assert_eq!(disks[0].mount, "/data/datasets with space");
    assert_eq!(disks[0].used_bytes, 3_840_000_000_000);
    let load = parse_loadavg("0.52 1.58 2.59 1/467 12345\n").unwrap();
    assert_eq!((load.one, load.fifteen), (0.52, 2.59));
    let memory = parse_meminfo(
        "MemTotal:       2113437696 kB\nMemFree: 1 kB\nMemAvailable:   1900000000 kB\n",
    )
    .unwrap();
    assert_eq!(memory.total_bytes, 2_113_437_696 * 1024);
}

#[test]
fn this_machine_without_nvidia_smi_still_has_disk_load_and_memory() {
    let snapshot = local::snapshot(&[std::path::Path::new("/")]);
    assert_eq!(snapshot.schema, 1);
    assert!(!snapshot.disks.is_empty() && snapshot.load.is_some() && snapshot.memory.is_some());
    if which_nvidia_smi() {
        assert_eq!(snapshot.gpu_status, GpuStatus::Ok);
    } else {
        assert_eq!(snapshot.gpu_status, GpuStatus::NoNvidiaSmi);
        assert!(snapshot.gpus.is_empty());
    }
}

fn which_nvidia_smi() -> bool {
    std::process::Command::new("nvidia-smi")
        .arg("-L")
        .output()
        .is_ok()
}
