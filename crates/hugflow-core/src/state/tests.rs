use std::path::PathBuf;
use std::process::Command;

use super::*;

fn fixture_state() -> PathBuf {
    hugflow_testkit::fixtures::python_state_checkout().join(".hugflow-state")
}

/// A writable copy of the Python state (the fixtures are read-only).
fn copy_of_fixture() -> (tempfile::TempDir, StateDir) {
    let temp = tempfile::tempdir().unwrap();
    hugflow_testkit::fixtures::copy_tree(&fixture_state(), &temp.path().join(".hugflow-state"));
    let state = StateDir::new(temp.path().join(".hugflow-state"));
    (temp, state)
}

fn entry(hf_id: &str) -> DatasetEntry {
    serde_json::from_value(serde_json::json!({
        "hf_id": hf_id,
        "description": "test",
        "revision": "main",
        "subset": null,
        "split": "train",
        "download_mode": "full",
        "storage_name": crate::storage_name::storage_name(hf_id, None, "train", "main"),
        "added_at": "2026-11-21T20:40:29.021643",
    }))
    .unwrap()
}

#[test]
fn reads_the_python_state() {
    let state = StateDir::new(fixture_state());
    let active = state.read_active().unwrap();
    assert_eq!(active.datasets.len(), 2);
    let cv = &active.datasets[0];
    assert_eq!(cv.subset.as_deref(), Some("ms"));
    assert_eq!(cv.file_count, Some(12044));
    assert_eq!(cv.size_bytes, Some(3_221_225_472));
    assert_eq!(cv.added_at.to_string(), "2026-11-21T20:40:29.021643");
    assert_eq!(active.datasets[1].subset, None);
    let archived = state.read_archived().unwrap();
    assert_eq!(archived.operations.len(), 4);
    assert!(
        matches!(&archived.operations[3], Operation::Remove { reason, .. } if reason.starts_with("Removing stale"))
    );
    let progress = state.read_progress().unwrap();
    assert_eq!(
        progress.len(),
        1,
        "the Python tool's nested progress dir is read"
    );
    assert_eq!(
        progress[0].storage_name,
        "openslr__librispeech_asr__rev_main"
    );
    assert_eq!(progress[0].record.downloaded_files, 1500);
    assert_eq!(progress[0].record.eta.as_deref(), Some("15h 2m"));
}

#[test]
fn rewriting_keeps_every_entry_key_and_value() {
    let (_temp, state) = copy_of_fixture();
    let before: serde_json::Value =
        serde_json::from_slice(&fs::read(state.path().join(ACTIVE_FILE)).unwrap()).unwrap();
    let mut with_extra = entry("org/new");
    with_extra.extra.insert("checksum".into(), "abc".into());
    state.record_add(with_extra).unwrap();
    let after: serde_json::Value =
        serde_json::from_slice(&fs::read(state.path().join(ACTIVE_FILE)).unwrap()).unwrap();
    let before = before["datasets"].as_array().unwrap();
    let after = after["datasets"].as_array().unwrap();
    assert_eq!(
        &after[..2],
        &before[..],
        "existing entries are byte-for-byte the same values"
    );
    assert_eq!(after[2]["checksum"], "abc");
    assert_eq!(after[0]["subset"], "ms");
    assert!(
        after[1]["subset"].is_null(),
        "null subset stays an explicit null"
    );
    // Key order is the Python order.
    let keys: Vec<&String> = after[0].as_object().unwrap().keys().collect();
    assert_eq!(keys[..3], ["hf_id", "description", "revision"]);
    assert_eq!(state.read_archived().unwrap().operations.len(), 5);
}

#[test]
fn remove_archives_the_entry() {
    let (_temp, state) = copy_of_fixture();
    state
        .record_remove(
            "openslr/librispeech_asr",
            "openslr__librispeech_asr__rev_main",
            "done",
        )
        .unwrap();
    let active = state.read_active().unwrap();
    assert_eq!(active.datasets.len(), 1);
    let archived = state.read_archived().unwrap();
    assert!(
        matches!(archived.operations.last(), Some(Operation::Remove { reason, .. }) if reason == "done")
    );
}

#[test]
fn init_creates_empty_manifests_and_keeps_existing_ones() {
    let temp = tempfile::tempdir().unwrap();
    let state = StateDir::new(temp.path().join(".hugflow-state"));
    assert!(matches!(
        state.read_active(),
        Err(StateError::Missing { .. })
    ));
    let created = state.init().unwrap();
    assert_eq!(created.len(), 4);
    assert!(state.read_active().unwrap().datasets.is_empty());
    state.record_add(entry("a/b")).unwrap();
    assert!(state.init().unwrap().is_empty());
    assert_eq!(state.read_active().unwrap().datasets.len(), 1);
}

#[test]
fn corrupt_manifests_are_named_in_the_error() {
    let temp = tempfile::tempdir().unwrap();
    let state = StateDir::new(temp.path());
    fs::write(temp.path().join(ACTIVE_FILE), "{\"datasets\": [").unwrap();
    let error = state.read_active().unwrap_err().to_string();
    assert!(
        error.contains("active.json") && error.contains("not a valid Hugflow manifest"),
        "{error}"
    );
}

#[test]
fn progress_round_trip_and_clear() {
    let (_temp, state) = copy_of_fixture();
    let mut record = state.read_progress().unwrap().remove(0).record;
    record.downloaded_files = 2000;
    state
        .write_progress("openslr__librispeech_asr__rev_main", &record)
        .unwrap();
    let progress = state.read_progress().unwrap();
    assert_eq!(
        progress.len(),
        1,
        "the documented location wins over the Python one"
    );
    assert_eq!(progress[0].record.downloaded_files, 2000);
    state
        .clear_progress("openslr__librispeech_asr__rev_main")
        .unwrap();
    assert!(state.read_progress().unwrap().is_empty());
}

#[cfg(unix)]
#[test]
fn written_files_stay_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let temp = tempfile::tempdir().unwrap();
    let state = StateDir::new(temp.path().join("s"));
    state.init().unwrap();
    let mode = fs::metadata(state.path().join(ACTIVE_FILE))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
}

const CHILD_ENV: &str = "HUGFLOW_TEST_STATE_WRITER";
const WRITES_PER_PROCESS: usize = 40;

/// Runs only as a child of `two_processes_writing_at_once_lose_no_entry`.
#[test]
fn child_writer() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (dir, tag) = spec.split_once('|').unwrap();
    let state = StateDir::new(dir);
    for i in 0..WRITES_PER_PROCESS {
        state.record_add(entry(&format!("{tag}/data{i}"))).unwrap();
    }
}

#[test]
fn two_processes_writing_at_once_lose_no_entry() {
    let temp = tempfile::tempdir().unwrap();
    let state = StateDir::new(temp.path().join(".hugflow-state"));
    state.init().unwrap();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = ["proc-a", "proc-b"]
        .iter()
        .map(|tag| {
            Command::new(&exe)
                .args(["--exact", "state::tests::child_writer", "--nocapture"])
                .env(CHILD_ENV, format!("{}|{tag}", state.path().display()))
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let active = state.read_active().unwrap();
    assert_eq!(active.datasets.len(), 2 * WRITES_PER_PROCESS);
    assert_eq!(
        state.read_archived().unwrap().operations.len(),
        2 * WRITES_PER_PROCESS
    );
}
