//! A dataset of 300,000 files, and a host holding 10,000 datasets (issue 19, item 5).
//!
//! - Listing: `hugflow local-sync` until its `planned` event (dataset info, the whole tree
//!   paged, the plan) against `huggingface_hub`'s `list_repo_tree(recursive=True)` over the
//!   same fake Hub in the same run (the listing alone: the floor any client pays).
//! - The whole sync: time and peak RSS (the child's `VmHWM`, read every 5 ms while it runs).
//! - Re-syncs: with the dataset recorded (a no-op), and with the record gone so every file
//!   in place is hashed before it is trusted (the durability rule).
//! - `hugflow status --json` over an `active.json` of 10,000 datasets against Python parsing
//!   the same file (`json.load`, the floor).
//!
//! `cargo bench -p hugflow-cli --bench big_dataset` (`make bench`); `BENCH_FILES` sets the
//! file count (default 300,000).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub};
use hugflow_testkit::python::{hf_venv, run};

const ID: &str = "bench/three-hundred-thousand";
const FILE_BYTES: u64 = 256;

const LIST_TREE: &str = "import sys\n\
from huggingface_hub import HfApi\n\
n = sum(1 for _ in HfApi().list_repo_tree(sys.argv[1], repo_type='dataset', recursive=True))\n\
print(n)\n";

fn corpus(files: usize) -> Corpus {
    let mut dataset = FakeDataset::builder(ID).gitattributes();
    for i in 0..files {
        dataset = dataset.noise_file(
            &format!(
                "shards/{:03}/{:03}/{i:07}.json",
                i / 100_000,
                (i / 1000) % 100
            ),
            FILE_BYTES,
        );
    }
    let mut corpus = Corpus::new();
    corpus.insert(dataset.build());
    corpus
}

/// What a child used: wall time and peak resident set.
struct Used {
    took: Duration,
    peak_mib: f64,
}

/// A child being measured: its peak resident set (`VmHWM` in `/proc/<pid>/status`) read every
/// few milliseconds on a thread from the moment it starts, so reading its output meanwhile
/// misses nothing. Not `wait4`'s `ru_maxrss`: Linux counts there the parent's peak too (the
/// forked or `vfork`ed memory is the child's until its `exec`), and this process holds the
/// fake Hub's 300k-file tree.
struct Measured {
    child: Child,
    started: Instant,
    peak: std::thread::JoinHandle<u64>,
}

impl Measured {
    fn spawn(command: &mut Command) -> Self {
        let started = Instant::now();
        let child = command.spawn().unwrap();
        let status_file = format!("/proc/{}/status", child.id());
        let peak = std::thread::spawn(move || {
            let mut peak_kib = 0u64;
            // Until the process is gone (a zombie's status has no VmHWM line).
            while let Some(hwm) = std::fs::read_to_string(&status_file).ok().and_then(|text| {
                let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
                line.split_whitespace().nth(1)?.parse::<u64>().ok()
            }) {
                peak_kib = peak_kib.max(hwm);
                std::thread::sleep(Duration::from_millis(5));
            }
            peak_kib
        });
        Self {
            child,
            started,
            peak,
        }
    }

    fn wait(mut self) -> Used {
        drop(self.child.stdout.take());
        let status = self.child.wait().unwrap();
        let took = self.started.elapsed();
        assert!(status.success(), "the child failed ({status})");
        Used {
            took,
            peak_mib: self.peak.join().unwrap() as f64 / 1024.0,
        }
    }
}

fn hugflow(hub: &FakeHub, work: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hugflow"));
    command
        .current_dir(work)
        .args(args)
        .env("HF_ENDPOINT", hub.url())
        .env("HF_TOKEN", hub.token())
        .env_remove("STORAGE_ROOT")
        .env_remove("STATE_DIR")
        .env_remove("MAX_CONCURRENT_DOWNLOADS")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    command
}

/// `hugflow local-sync --json` of the bench request: the time to its `planned` event, and
/// what the whole run used.
fn local_sync(hub: &FakeHub, work: &Path) -> (Option<Duration>, Used) {
    let mut run = Measured::spawn(&mut hugflow(
        hub,
        work,
        &["local-sync", "--json", "requests/add/bench.yaml"],
    ));
    let mut planned = None;
    for line in BufReader::new(run.child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if planned.is_none() && line.contains(r#""event":"planned""#) {
            planned = Some(run.started.elapsed());
        }
    }
    (planned, run.wait())
}

fn python_listing(venv: &Path, hub: &FakeHub) -> Duration {
    let started = Instant::now();
    let listed = run(
        Command::new(venv.join("bin/python"))
            .args(["-c", LIST_TREE, ID])
            .env("HF_ENDPOINT", hub.url())
            .env("HF_TOKEN", hub.token())
            .env("HF_HUB_DISABLE_TELEMETRY", "1"),
        "list_repo_tree",
        "",
    );
    let took = started.elapsed();
    assert!(listed.trim().parse::<u64>().unwrap() > 0, "{listed}");
    took
}

/// `active.json` with `n` datasets, as the Python Hugflow writes it.
fn active_json(n: usize) -> String {
    let entries: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"hf_id":"org{o}/dataset-{i}","description":"bench","revision":"main","subset":null,"split":"train","download_mode":"full","storage_name":"org{o}__dataset-{i}__rev_main","added_at":"2026-11-01T10:00:00.000000","file_count":{f},"size_bytes":{b},"download_time_seconds":12.5}}"#,
                o = i % 97,
                f = 1 + i % 500,
                b = 1_000_000 + i * 1000
            )
        })
        .collect();
    format!(
        r#"{{"datasets":[{}],"last_updated":"2026-11-01T10:00:00.000000"}}"#,
        entries.join(",")
    )
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn status_case(scratch: &Path) {
    let work = scratch.join("ten-thousand");
    std::fs::create_dir_all(work.join(".hugflow-state")).unwrap();
    std::fs::create_dir_all(work.join("datasets")).unwrap();
    let active = work.join(".hugflow-state/active.json");
    std::fs::write(&active, active_json(10_000)).unwrap();
    std::fs::write(
        work.join(".hugflow-state/archived.json"),
        r#"{"operations":[]}"#,
    )
    .unwrap();
    let mut ours = Vec::new();
    let mut floor = Vec::new();
    let mut peak = 0.0_f64;
    for _ in 0..5 {
        let used = Measured::spawn(
            Command::new(env!("CARGO_BIN_EXE_hugflow"))
                .args(["status", "--json", "--root"])
                .arg(&work)
                .stdout(Stdio::null()),
        )
        .wait();
        peak = peak.max(used.peak_mib);
        ours.push(used.took);
        let started = Instant::now();
        let parsed = Command::new("python3")
            .args(["-c", "import json,sys; json.load(open(sys.argv[1]))"])
            .arg(&active)
            .status()
            .unwrap();
        assert!(parsed.success());
        floor.push(started.elapsed());
    }
    let (ours, floor) = (median(ours), median(floor));
    println!(
        "{:<44} {:>12} {:>12} {:>7.2}x   peak RSS {peak:.0} MiB",
        "hugflow status, 10,000 datasets",
        secs(floor),
        secs(ours),
        ours.as_secs_f64() / floor.as_secs_f64()
    );
}

fn main() {
    let files: usize = hugflow_testkit::bench::env_number("BENCH_FILES", 300_000);
    let venv = hf_venv(Path::new(env!("CARGO_TARGET_TMPDIR")));
    let built = Instant::now();
    let hub = FakeHub::start(corpus(files));
    println!(
        "big dataset: {files} files of {FILE_BYTES} B in one dataset (fake Hub built in {}), and a host with 10,000 datasets\n",
        secs(built.elapsed())
    );
    println!(
        "{:<44} {:>12} {:>12} {:>8}",
        "case", "floor/peer", "hugflow", "ratio"
    );
    let scratch = tempfile::tempdir().unwrap();
    let work: PathBuf = scratch.path().join("checkout");
    std::fs::create_dir_all(work.join("requests/add")).unwrap();
    std::fs::write(
        work.join("requests/add/bench.yaml"),
        format!("hf_id: {ID}\ndescription: bench\n"),
    )
    .unwrap();

    let listing = python_listing(&venv, &hub);
    let (planned, sync) = local_sync(&hub, &work);
    let planned = planned.expect("a planned event");
    println!(
        "{:<44} {:>12} {:>12} {:>7.2}x",
        "list the tree (py list_repo_tree) / plan",
        secs(listing),
        secs(planned),
        planned.as_secs_f64() / listing.as_secs_f64()
    );
    println!(
        "{:<44} {:>12} {:>12} {:>8}   peak RSS {:.0} MiB",
        "the whole sync",
        "",
        secs(sync.took),
        "",
        sync.peak_mib
    );
    let (_, again) = local_sync(&hub, &work);
    println!(
        "{:<44} {:>12} {:>12} {:>8}   peak RSS {:.0} MiB",
        "re-sync, recorded (no-op)",
        "",
        secs(again.took),
        "",
        again.peak_mib
    );
    std::fs::remove_file(work.join(".hugflow-state/active.json")).unwrap();
    let (_, rehash) = local_sync(&hub, &work);
    println!(
        "{:<44} {:>12} {:>12} {:>8}   peak RSS {:.0} MiB",
        "re-sync, not recorded (every file hashed)",
        "",
        secs(rehash.took),
        "",
        rehash.peak_mib
    );
    status_case(scratch.path());
}
