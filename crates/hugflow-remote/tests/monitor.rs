//! Live monitoring against a real sshd with the fake nvidia-smi on the remote PATH: values
//! equal the captures', a host without GPUs still shows disk and load, a killed sshd is
//! "lost" then reconnected with history going on, and a hung host holds up no other.

mod common;

use std::time::Duration;

use common::{Host, Recorder};
use hugflow_core::monitor::gpu::join;
use hugflow_core::monitor::query::parse;
use hugflow_core::monitor::{GpuStatus, HostSnapshot};
use hugflow_remote::monitor::{parse_snapshot, snapshot_command};
use hugflow_remote::{ConnectionState, Monitor, MonitorSettings};
use hugflow_testkit::nvidia_smi::Capture;

fn settings(root: &std::path::Path) -> MonitorSettings {
    MonitorSettings {
        interval: Duration::from_millis(300),
        storage_root: Some(root.display().to_string()),
        max_backoff: Duration::from_secs(1),
        ..Default::default()
    }
}

/// What the capture says under load, read straight from its full tables.
fn expected(capture: &Capture) -> Vec<hugflow_core::monitor::Gpu> {
    let table = |query: &str| parse(&capture.section("load", query).unwrap().output, None).unwrap();
    join(
        &table("--query-gpu="),
        &table("--query-compute-apps="),
        &Default::default(),
    )
}

/// A monitor of `host` reporting into a new recorder.
fn watch(host: &Host) -> (std::sync::Arc<Recorder>, Monitor) {
    let recorder = Recorder::new();
    let monitor = Monitor::start(
        host.ssh.clone(),
        host.target.clone(),
        settings(host.laptop.path()),
        recorder.clone(),
    )
    .unwrap();
    (recorder, monitor)
}

async fn first_snapshot(host: &Host) -> HostSnapshot {
    let (recorder, _monitor) = watch(host);
    recorder
        .wait("a snapshot", Duration::from_secs(20), |r| {
            r.snapshots
                .lock()
                .unwrap()
                .iter()
                .any(|s| !s.gpus.is_empty() || s.gpu_status != GpuStatus::Ok)
        })
        .await;
    let snapshots = recorder.snapshots.lock().unwrap();
    snapshots.last().unwrap().clone()
}

#[tokio::test]
async fn the_values_are_the_captures_numbers_for_every_capture() {
    for capture in Capture::all() {
        let host = Host::trusted("hgx-capture", Some(&capture.name));
        let snapshot = first_snapshot(&host).await;
        assert_eq!(snapshot.gpu_status, GpuStatus::Ok, "{}", capture.name);
        let want = expected(&capture);
        assert!(!want.is_empty(), "{} lists GPUs", capture.name);
        assert_eq!(snapshot.gpus, want, "{}", capture.name);
        assert!(
            want.iter().any(|g| !g.processes.is_empty()),
            "{}: the load phase runs processes, and they are joined",
            capture.name
        );
        assert!(
            snapshot.gpus[0].name.starts_with("NVIDIA H"),
            "{}",
            snapshot.gpus[0].name
        );
        assert_eq!(snapshot.disks.len(), 1, "the storage root's disk");
        assert!(snapshot.load.is_some() && snapshot.memory.is_some());

        // One poll over the open connection reads the same numbers.
        let _master = host.ssh.open_master(&host.target).await.unwrap();
        let output = host
            .ssh
            .run(
                &host.target,
                &snapshot_command(&settings(host.laptop.path())),
                None,
                Duration::from_secs(10),
            )
            .await
            .unwrap();
        let polled = parse_snapshot(&output.stdout_text());
        let without_processes = |gpus: &[hugflow_core::monitor::Gpu]| {
            gpus.iter()
                .map(|g| hugflow_core::monitor::Gpu {
                    processes: Vec::new(),
                    ..g.clone()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(polled.gpus, without_processes(&want), "{}", capture.name);
        assert_eq!(polled.disks.len(), 1);
    }
}

#[tokio::test]
async fn a_host_without_nvidia_smi_says_so_and_shows_disk_and_load() {
    let host = Host::trusted("cpu-box", None);
    let snapshot = first_snapshot(&host).await;
    assert_eq!(snapshot.gpu_status, GpuStatus::NoNvidiaSmi);
    assert!(snapshot.gpus.is_empty());
    assert_eq!(snapshot.disks.len(), 1);
    assert!(snapshot.load.is_some() && snapshot.memory.is_some());
}

#[tokio::test]
async fn a_killed_sshd_is_lost_then_reconnected_and_history_goes_on() {
    let mut host = Host::trusted("hgx-flaky", Some("linux-x86_64__nvidia-h100"));
    let (recorder, _monitor) = watch(&host);
    recorder
        .wait("3 snapshots", Duration::from_secs(20), |r| {
            r.history_len() >= 3
        })
        .await;
    host.sshd.kill();
    recorder
        .wait("the lost state", Duration::from_secs(20), |r| {
            matches!(r.last_state(), Some(ConnectionState::Lost { .. }))
        })
        .await;
    let before = recorder.history_len();
    // Retries fail while the host is down; the state says when the next one is.
    tokio::time::sleep(Duration::from_secs(2)).await;
    match recorder.last_state() {
        Some(ConnectionState::Lost {
            retry_in_seconds, ..
        }) => assert!(retry_in_seconds <= 1),
        Some(ConnectionState::Connecting) => {}
        other => panic!("expected lost or connecting while down, got {other:?}"),
    }
    host.sshd.restart();
    recorder
        .wait(
            "reconnected with new points",
            Duration::from_secs(20),
            |r| r.last_state().is_some_and(|s| s.is_connected()) && r.history_len() >= before + 3,
        )
        .await;
    let history = recorder.history.lock().unwrap();
    let points: Vec<_> = history.as_ref().unwrap().points().collect();
    assert!(points.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
    assert!(points.iter().all(|p| p.gpus.len() == points[0].gpus.len()));
}

#[tokio::test]
async fn a_hung_host_holds_up_no_other() {
    let hung = Host::trusted("hgx-hung", Some("linux-x86_64__nvidia-h100"));
    let healthy = Host::trusted("hgx-ok", Some("linux-x86_64__nvidia-h200"));
    hung.sshd.pause();
    let (slow, _a) = watch(&hung);
    let (fast, _b) = watch(&healthy);
    fast.wait(
        "5 snapshots from the healthy host",
        Duration::from_secs(10),
        |r| r.snapshot_count() >= 5,
    )
    .await;
    assert_eq!(slow.snapshot_count(), 0);
    slow.wait("the hung host timed out", Duration::from_secs(15), |r| {
        matches!(r.last_state(), Some(ConnectionState::Lost { ref detail, .. }) if detail.contains("did not answer") || detail.contains("reach"))
    })
    .await;
    hung.sshd.resume();
    slow.wait("the hung host recovers", Duration::from_secs(20), |r| {
        r.snapshot_count() >= 1
    })
    .await;
}
