//! huldra artifact folders: the shared fixture (written by huldra itself; `expected.json`), the
//! seed's older flat `state.json`, and stale leases.

mod common;

use std::time::SystemTime;

use common::*;
use hugflow_runs::HuldraArtifact;

fn by_key<'a>(artifacts: &'a [HuldraArtifact], key: &str) -> &'a HuldraArtifact {
    artifacts
        .iter()
        .find(|a| a.path.ends_with(&format!("/{key}")))
        .unwrap_or_else(|| panic!("no artifact {key}"))
}

/// Long after every lease in the fixture expired.
fn later() -> SystemTime {
    at("2026-11-22T12:00:00Z")
}

#[test]
fn result_and_attempt_of_every_artifact_are_what_huldra_wrote() {
    let fixture = huldra_fixture();
    let expected = expected(&fixture);
    let report = scan_at(&fixture, later());
    assert!(report.ductaflow.is_empty());
    assert_eq!(report.huldra.len(), expected.len());
    for (key, want) in &expected {
        let artifact = by_key(&report.huldra, key);
        assert_eq!(artifact.result.as_deref(), want["result"].as_str(), "{key}");
        assert_eq!(
            artifact.attempt.as_deref(),
            want["attempt"].as_str(),
            "{key}"
        );
        assert_eq!(artifact.problem, None, "{key}");
        if let Some(needle) = want.get("error_contains").and_then(|v| v.as_str()) {
            let error = artifact.error.as_ref().expect("an error");
            assert!(error.message.contains(needle), "{key}: {error:?}");
            assert_eq!(error.kind.as_deref(), Some("RuntimeError"));
            assert!(error.traceback.as_deref().unwrap().contains("Traceback"));
            assert_eq!(artifact.status, "failed");
        }
        // Class and hash from metadata.json agree with the folders they sit in.
        let (class, hash) = key.split_once('/').unwrap();
        assert!(
            artifact.class.ends_with(&format!(".{class}")),
            "{}",
            artifact.class
        );
        assert_eq!(artifact.hash, hash);
        assert_eq!(artifact.owner_host.as_deref(), Some("vm"));
        assert!(artifact.owner_pid.is_some());
        assert!(artifact.git_commit.is_some());
        assert!(
            artifact
                .python_def
                .as_deref()
                .unwrap()
                .starts_with("asrpipe.pipelines.")
        );
        assert_eq!(
            artifact.config.as_ref().unwrap()["__class__"],
            artifact.class.as_str()
        );
    }
}

#[test]
fn the_killed_run_is_stale_once_its_lease_expired() {
    let fixture = huldra_fixture();
    let killed = "FineTune/65510c241ad994f12a86";

    let report = scan_at(&fixture, later());
    let artifact = by_key(&report.huldra, killed);
    assert!(artifact.stale);
    assert_eq!(artifact.status, "stale");
    assert_eq!(artifact.attempt.as_deref(), Some("running"));
    assert_eq!(artifact.command.as_deref(), Some("run_all.py slow"));
    // The others are not stale.
    assert_eq!(report.huldra.iter().filter(|a| a.stale).count(), 1);

    // Before the lease ran out (20:40:46) it was simply running.
    let report = scan_at(&fixture, at("2026-11-21T20:39:30Z"));
    let artifact = by_key(&report.huldra, killed);
    assert!(!artifact.stale);
    assert_eq!(artifact.status, "running");
}

const FLAT_RUNNING_OLD: &str = r#"{
  "status": "running",
  "updated_at": "2026-11-20T08:00:00+00:00",
  "last_heartbeat_at": "2026-11-20T08:05:00+00:00",
  "hostname": "hgx-a",
  "pid": 4242,
  "command": "python train.py --lr 1e-4"
}"#;

#[test]
fn the_seeds_flat_state_is_read_too() {
    let temp = tempfile::tempdir().unwrap();
    let base = temp.path().join("data-huldra/data/asr/Train");
    write(&base.join("aaa/.huldra/state.json"), FLAT_RUNNING_OLD);
    write(
        &base.join("bbb/.huldra/state.json"),
        r#"{"status": "failed", "updated_at": "2026-11-21T08:00:00+00:00", "hostname": "hgx-b", "pid": "77",
            "reason": "CUDA error: device-side assert triggered",
            "traceback": "Traceback (most recent call last):\n  ...\nRuntimeError: CUDA error: device-side assert triggered\n"}"#,
    );
    write(
        &base.join("ccc/.huldra/state.json"),
        r#"{"status": "running", "updated_at": "2026-11-21T08:00:00+00:00", "lease_expires_at": "2026-11-21T13:00:00+00:00"}"#,
    );
    write(
        &base.join("ddd/.huldra/state.json"),
        r#"{"status": "running", "updated_at": "2026-11-21T11:50:00+00:00"}"#,
    );
    write(
        &base.join("eee/.huldra/state.json"),
        r#"{"status": "preempted", "updated_at": "2026-11-19T08:00:00+00:00", "traceback": "Traceback:\nSIGTERM received\n"}"#,
    );
    let now = at("2026-11-21T12:00:00Z");
    let report = scan_at(temp.path(), now);
    let get = |hash: &str| by_key(&report.huldra, &format!("Train/{hash}"));

    let old = get("aaa");
    assert_eq!(old.result.as_deref(), Some("running"));
    assert_eq!(old.attempt, None);
    assert!(old.stale, "no heartbeat for more than an hour");
    assert_eq!(old.status, "stale");
    assert_eq!(old.owner_host.as_deref(), Some("hgx-a"));
    assert_eq!(old.owner_pid, Some(4242));
    assert_eq!(old.command.as_deref(), Some("python train.py --lr 1e-4"));
    // No metadata.json: the folders name it, and the problem says so.
    assert_eq!(old.class, "Train");
    assert_eq!(old.hash, "aaa");
    assert!(old.problem.as_deref().unwrap().contains("metadata.json"));

    let failed = get("bbb");
    assert_eq!(failed.status, "failed");
    assert_eq!(failed.owner_pid, Some(77));
    let error = failed.error.as_ref().unwrap();
    assert_eq!(error.message, "CUDA error: device-side assert triggered");
    assert!(error.traceback.as_deref().unwrap().starts_with("Traceback"));

    let leased = get("ccc");
    assert!(!leased.stale, "the lease runs until 13:00");
    assert_eq!(leased.status, "running");

    let fresh = get("ddd");
    assert!(!fresh.stale, "updated ten minutes ago");
    assert_eq!(fresh.status, "running");

    let preempted = get("eee");
    assert_eq!(preempted.status, "preempted");
    assert_eq!(
        preempted.error.as_ref().unwrap().message,
        "SIGTERM received"
    );

    // Newest first by updated_at.
    let order: Vec<&str> = report.huldra.iter().map(|a| a.hash.as_str()).collect();
    assert_eq!(order, ["ddd", "bbb", "ccc", "aaa", "eee"]);
}
