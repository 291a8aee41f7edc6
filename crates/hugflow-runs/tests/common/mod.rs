//! What the scan tests share: the shared fixtures, writable copies, fixed clocks, file edits.

#![allow(dead_code)]

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::DateTime;
use hugflow_runs::{RunsReport, ScanOptions, scan};
use serde_json::Value;

pub fn ductaflow_fixture() -> PathBuf {
    hugflow_testkit::fixtures::fixtures_dir().join("ductaflow")
}

pub fn huldra_fixture() -> PathBuf {
    hugflow_testkit::fixtures::fixtures_dir().join("huldra")
}

pub fn expected(fixture: &Path) -> serde_json::Map<String, Value> {
    let text = fs::read_to_string(fixture.join("expected.json")).expect("expected.json");
    match serde_json::from_str(&text).expect("expected.json is JSON") {
        Value::Object(map) => map
            .into_iter()
            .filter(|(k, _)| !k.starts_with('_'))
            .collect(),
        other => panic!("expected.json is not an object: {other}"),
    }
}

/// A writable copy of a fixture folder.
pub fn copy(from: &Path) -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp dir");
    hugflow_testkit::fixtures::copy_tree(from, temp.path());
    temp
}

pub fn at(rfc3339: &str) -> SystemTime {
    DateTime::parse_from_rfc3339(rfc3339)
        .expect("a time")
        .into()
}

/// Options with a fixed clock.
pub fn options_at(now: SystemTime) -> ScanOptions {
    ScanOptions {
        now,
        ..ScanOptions::default()
    }
}

pub fn scan_at(root: &Path, now: SystemTime) -> RunsReport {
    scan(root, &options_at(now)).unwrap_or_else(|e| panic!("scan {}: {e}", root.display()))
}

/// Sets the modification time of every file below `dir`.
pub fn set_mtimes(dir: &Path, when: SystemTime) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            set_mtimes(&path, when);
        } else {
            File::options()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_modified(when))
                .unwrap_or_else(|e| panic!("set mtime of {}: {e}", path.display()));
        }
    }
}

pub fn hours(n: u64) -> Duration {
    Duration::from_secs(n * 3600)
}

pub fn write(path: &Path, contents: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, contents).unwrap();
}
