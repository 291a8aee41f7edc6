//! `hugflow local-sync` against the Python `huggingface_hub.snapshot_download`, both fetching
//! the same dataset from the same fake Hub in the same run. On the unpaced loopback, where the
//! disk and the CPU are the limit: (a) 10,000 files of 16 KiB, (b) 4 files of 1 GiB. On a
//! link paced to 40 MB/s per connection, as the real CDN gives one connection: (c) one file of
//! 4 GiB, (d) 2 files of 2 GiB and 2,000 of 1 MiB. Prints the median wall time of each and the
//! ratio; for (c) also the rate against the most the link could carry (hugflow's connections
//! × 40 MB/s, or the loopback ceiling: (c) unpaced, whichever is lower); then the bytes a resume
//! fetches again after a SIGKILL half-way through (b).
//!
//! `cargo bench -p hugflow-cli --bench download` (`make bench`); `HUGFLOW_BENCH_RUNS` sets
//! the runs per side of (a) and (b) (default 3), `HUGFLOW_BENCH_PACED_RUNS` of (c) and (d)
//! (default 1: Python takes minutes there). The Python client is installed from PyPI into a
//! venv under `target/` on first use. Targets (DESIGN §8, issue 19): ≥ 3× on (a), ≥ 1× on (b),
//! ≥ 6× and ≥ 80 % of the link on (c), ≥ 3× on (d).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub};
use hugflow_testkit::python::{HF_HUB_VERSION, hf_venv, run};

const SMALL: &str = "bench/many-small-files";
const LARGE: &str = "bench/large-files";
const HUGE: &str = "bench/one-huge-file";
const MIXED: &str = "bench/mixed-shards";

/// What the real CDN gives one connection (users report about 40 MB/s).
const PACE: u64 = 40_000_000;
/// hugflow's default connections for one file (`MAX_CONNECTIONS_PER_FILE`).
const CONNECTIONS_PER_FILE: f64 = 16.0;

const SNAPSHOT: &str = "import sys\n\
from huggingface_hub import snapshot_download\n\
snapshot_download(repo_id=sys.argv[1], repo_type='dataset', local_dir=sys.argv[2], max_workers=8)\n";

fn corpus() -> Corpus {
    let mut small = FakeDataset::builder(SMALL).gitattributes();
    for i in 0..10_000 {
        small = small.noise_file(&format!("audio/{:02}/{i:06}.wav", i / 1000), 16 << 10);
    }
    let mut large = FakeDataset::builder(LARGE).gitattributes();
    for i in 0..4 {
        large = large.noise_file(&format!("data/train-{i:05}-of-00004.parquet"), 1 << 30);
    }
    let huge = FakeDataset::builder(HUGE)
        .gitattributes()
        .noise_file("data/train-00000-of-00001.tar", 4 << 30);
    let mut mixed = FakeDataset::builder(MIXED).gitattributes();
    for i in 0..2 {
        mixed = mixed.noise_file(&format!("shards/{i:05}.tar"), 2 << 30);
    }
    for i in 0..2_000 {
        mixed = mixed.noise_file(&format!("clips/{:02}/{i:05}.flac", i / 100), 1 << 20);
    }
    let mut corpus = Corpus::new();
    for dataset in [small, large, huge, mixed] {
        corpus.insert(dataset.build());
    }
    corpus
}

fn python(venv: &Path, hub: &FakeHub, id: &str, scratch: &Path) -> Duration {
    let home = scratch.join("hf-home");
    let dest = scratch.join("python");
    let started = Instant::now();
    run(
        Command::new(venv.join("bin/python"))
            .args(["-c", SNAPSHOT, id])
            .arg(&dest)
            .env("HF_ENDPOINT", hub.url())
            .env("HF_TOKEN", hub.token())
            .env("HF_HOME", &home)
            .env("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            .env("HF_HUB_DISABLE_TELEMETRY", "1"),
        "snapshot_download",
        "",
    );
    let took = started.elapsed();
    let _ = std::fs::remove_dir_all(&dest);
    let _ = std::fs::remove_dir_all(&home);
    took
}

/// A checkout with one request file for `id`, ready for `hugflow local-sync`.
fn checkout(scratch: &Path, id: &str) -> std::path::PathBuf {
    let work = scratch.join("hugflow");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("requests/add")).unwrap();
    std::fs::write(
        work.join("requests/add/bench.yaml"),
        format!("hf_id: {id}\ndescription: bench\n"),
    )
    .unwrap();
    work
}

fn hugflow(hub: &FakeHub, work: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hugflow"));
    command
        .current_dir(work)
        .args(["local-sync", "--json", "requests/add/bench.yaml"])
        .env("HF_ENDPOINT", hub.url())
        .env("HF_TOKEN", hub.token())
        .env_remove("STORAGE_ROOT")
        .env_remove("STATE_DIR")
        .env_remove("MAX_CONCURRENT_DOWNLOADS")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn rust(hub: &FakeHub, id: &str, scratch: &Path) -> Duration {
    let work = checkout(scratch, id);
    let started = Instant::now();
    let status = hugflow(hub, &work).status().unwrap();
    let took = started.elapsed();
    assert!(status.success(), "hugflow local-sync failed");
    let _ = std::fs::remove_dir_all(&work);
    took
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Kills `hugflow local-sync` of `id` half-way, resumes it, and returns the share of the
/// bytes the Hub served twice.
fn refetched_after_kill(hub: &FakeHub, id: &str, scratch: &Path) -> f64 {
    let work = checkout(scratch, id);
    let total = hub.corpus().dataset(id).unwrap().main().size();
    let before = hub.bytes_served();
    let mut child = hugflow(hub, &work).stdout(Stdio::piped()).spawn().unwrap();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines {
        let event: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        if event["bytes_done"]
            .as_u64()
            .is_some_and(|done| done >= total / 2)
        {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        hugflow(hub, &work).status().unwrap().success(),
        "the resume failed"
    );
    let _ = std::fs::remove_dir_all(&work);
    let served = hub.bytes_served() - before;
    served.saturating_sub(total) as f64 * 100.0 / total as f64
}

fn main() {
    let runs: usize = hugflow_testkit::bench::env_number("HUGFLOW_BENCH_RUNS", 3).max(1);
    let venv = hf_venv(Path::new(env!("CARGO_TARGET_TMPDIR")));
    let hub = FakeHub::start(corpus());
    let scratch = tempfile::tempdir().unwrap();
    println!(
        "download: hugflow local-sync vs huggingface_hub {HF_HUB_VERSION} snapshot_download(max_workers=8), same fake Hub, median of {runs} runs\n"
    );
    println!(
        "{:<28} {:>12} {:>12} {:>8} {:>8}",
        "case", "python", "hugflow", "ratio", "target"
    );
    let paced_runs: usize =
        hugflow_testkit::bench::env_number("HUGFLOW_BENCH_PACED_RUNS", 1).max(1);
    let case = |label: &str, id: &str, target: f64, runs: usize| {
        let (mut py, mut rs) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            py.push(python(&venv, &hub, id, scratch.path()));
            rs.push(rust(&hub, id, scratch.path()));
        }
        let (py, rs) = (median(py), median(rs));
        let ratio = py.as_secs_f64() / rs.as_secs_f64();
        println!(
            "{label:<28} {:>11.2}s {:>11.2}s {:>7.2}x {:>7}x {}",
            py.as_secs_f64(),
            rs.as_secs_f64(),
            ratio,
            target,
            verdict(ratio >= target)
        );
        (py, rs)
    };
    case("(a) 10,000 files x 16 KiB", SMALL, 3.0, runs);
    case("(b) 4 files x 1 GiB", LARGE, 1.0, runs);
    let ceiling = median(
        (0..paced_runs)
            .map(|_| rust(&hub, HUGE, scratch.path()))
            .collect(),
    );
    hub.faults().set_bandwidth(Some(PACE));
    let (python_huge, huge) = case("(c) 1 x 4 GiB, 40 MB/s/conn", HUGE, 6.0, paced_runs);
    case("(d) 2 x 2 GiB + 2,000 x 1 MiB", MIXED, 3.0, paced_runs);
    hub.faults().set_bandwidth(None);
    let size = hub.corpus().dataset(HUGE).unwrap().main().size() as f64;
    let (rate, loopback) = (size / huge.as_secs_f64(), size / ceiling.as_secs_f64());
    let link = (CONNECTIONS_PER_FILE * PACE as f64).min(loopback);
    // The Python client fetches (c) over one connection: what the fake's pacing gave it.
    println!(
        "\nthe fake's pacing gave one connection {:.1} MB/s (set to {:.0} MB/s)",
        size / python_huge.as_secs_f64() / 1e6,
        PACE as f64 / 1e6
    );
    println!(
        "(c) {:.0} MB/s against a limit of {:.0} MB/s (16 connections x 40 MB/s, or the loopback's {:.0} MB/s unpaced): {:.0} % (target >= 80 %) {}",
        rate / 1e6,
        link / 1e6,
        loopback / 1e6,
        rate * 100.0 / link,
        verdict(rate >= 0.8 * link)
    );
    let again = refetched_after_kill(&hub, LARGE, scratch.path());
    println!(
        "\nresume after SIGKILL half-way through (b): {again:.3} % of the bytes fetched again (target < 1 %)"
    );
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}
