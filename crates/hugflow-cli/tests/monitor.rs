//! `hugflow monitor` with the fake `nvidia-smi` (replaying each real capture) first on PATH:
//! what it reports equals what the capture's full table says, and a host without GPUs says so.

use std::path::PathBuf;

use assert_cmd::Command;
use hugflow_core::monitor::{Gpu, gpu, query};
use hugflow_testkit::nvidia_smi::Capture;
use serde_json::Value;

/// The folder of the fake `nvidia-smi` (a testkit binary `cargo test --workspace` builds).
fn fake_bin_dir() -> PathBuf {
    let fake = assert_cmd::cargo::cargo_bin("nvidia-smi");
    assert!(
        fake.exists(),
        "{} is missing: run `cargo build -p hugflow-testkit --bins` (make test does)",
        fake.display()
    );
    fake.parent().unwrap().to_path_buf()
}

fn monitor(path: &str, capture: &str) -> Value {
    let output = Command::cargo_bin("hugflow")
        .unwrap()
        .args(["monitor", "--json", "--root", "/"])
        .env("PATH", path)
        .env("FAKE_NVIDIA_SMI_CAPTURE", capture)
        .env("FAKE_NVIDIA_SMI_PHASE", "load")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn every_capture_reads_the_same_through_the_monitors_own_query() {
    let path = format!("{}:/usr/bin:/bin", fake_bin_dir().display());
    for capture in Capture::all() {
        let report = monitor(&path, &capture.name);
        assert_eq!(report["schema"], 1);
        assert_eq!(report["gpu_status"]["state"], "ok", "{}", capture.name);
        let seen: Vec<Gpu> = serde_json::from_value(report["gpus"].clone()).unwrap();
        // The capture's full tables, read with their headers and units.
        let table = |args: &str| {
            query::parse(&capture.section("load", args).unwrap().output, None).unwrap()
        };
        let expected = gpu::join(
            &table("--query-gpu="),
            &table("--query-compute-apps="),
            &Default::default(),
        );
        assert_eq!(seen, expected, "{}", capture.name);
        assert!(
            !seen[0].processes.is_empty(),
            "{}: processes under load",
            capture.name
        );
        assert!(report["disks"][0]["size_bytes"].as_u64().unwrap() > 0);
    }
}

#[test]
fn a_host_without_nvidia_smi_still_shows_disk_and_load() {
    let report = monitor("/usr/bin:/bin", "");
    assert_eq!(report["gpu_status"]["state"], "no_nvidia_smi");
    assert!(report["load"]["one"].is_number());
    let text = Command::cargo_bin("hugflow")
        .unwrap()
        .args(["monitor", "--root", "/"])
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("nvidia-smi is not installed") && stdout.contains("Disk /"),
        "{stdout}"
    );
}
