//! Staging one dataset onto 3 nodes of a real Slurm cluster (the testkit's, on this machine)
//! against staging it onto 1 node, and against a plain `cp -r` onto one node (the floor: no
//! hashing, no fsync, no Slurm), all in one run; then how long `hugflow ready` takes on each
//! node once the job ended.
//!
//! What the ratio means here: the three "nodes" share this machine's disk and its 2 cores, so
//! three copies cost about three times one copy's disk writes and hashing. On a real cluster
//! each node writes its own NVMe and the shared filesystem serves the reads, so the 3-node
//! time approaches the 1-node time until the shared filesystem's bandwidth is the limit.
//!
//! `cargo bench -p hugflow-cli --bench stage` (root and Slurm needed, as for the tests);
//! `BENCH_STAGE_MB` sets the dataset's size (default 1024, in 4 files).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hugflow_testkit::bench::env_number;
use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub};
use hugflow_testkit::slurm::checkout::{shared_checkout, sync_request};
use hugflow_testkit::slurm::{NVME, SlurmCluster};

fn main() {
    let Some(cluster) = SlurmCluster::start_or_skip(3) else {
        return;
    };
    let total_mb = env_number("BENCH_STAGE_MB", 1024) as u64;
    let files = 4;
    let mut builder = FakeDataset::builder("acme/big-speech").file("README.md", "# Big\n");
    for i in 0..files {
        builder = builder.noise_file(
            &format!("data/train-{i:05}.parquet"),
            (total_mb << 20) / files,
        );
    }
    let mut corpus = Corpus::new();
    corpus.insert(builder.build());
    let hub = FakeHub::start(corpus);
    let work = tempfile::tempdir().unwrap();
    shared_checkout(&cluster, work.path(), "acme/big-speech");
    let shared = cluster.shared_dir();
    let hugflow = |args: &[&str]| {
        let output = cluster
            .command(env!("CARGO_BIN_EXE_hugflow"))
            .current_dir(work.path())
            .env("HF_ENDPOINT", hub.url())
            .env("HF_TOKEN", hub.token())
            .env_remove("STORAGE_ROOT")
            .env_remove("STATE_DIR")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "hugflow {args:?}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let name = sync_request(
        &cluster,
        &hub,
        work.path(),
        Path::new(env!("CARGO_BIN_EXE_hugflow")),
    );
    // Warm-up: the cluster's first scheduling pass comes ~3 s after start; pay it here.
    let warm = cluster.sbatch(&["--output=/dev/null", "--wrap", "true"]);
    cluster.wait_job(&warm, Duration::from_secs(30));

    let floor = {
        let dest = cluster.nvme_dir("n1").join("cp");
        let t = Instant::now();
        let status = Command::new("cp")
            .arg("-r")
            .arg(shared.join("datasets").join(&name))
            .arg(&dest)
            .status()
            .unwrap();
        assert!(status.success());
        let elapsed = t.elapsed();
        std::fs::remove_dir_all(&dest).unwrap();
        elapsed
    };
    let stage = |nodes: &str, target: &str| {
        drop_caches();
        let t = Instant::now();
        hugflow(&[
            "stage", &name, "--nodes", nodes, "--target", target, "--wait", "--json",
        ]);
        t.elapsed()
    };
    let one = stage("n1", &format!("{NVME}/one"));
    let three = stage("n[1-3]", &format!("{NVME}/three"));
    let mut ready = Vec::new();
    for node in cluster.nodes() {
        let t = Instant::now();
        let status = cluster
            .on_node(node, env!("CARGO_BIN_EXE_hugflow"))
            .args([
                "ready",
                &name,
                "--target",
                &format!("{NVME}/three"),
                "--root",
            ])
            .arg(work.path())
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "ready on {node}");
        ready.push(t.elapsed());
    }
    let again = stage("n[1-3]", &format!("{NVME}/three"));

    let mb = total_mb as f64;
    let rate = |d: Duration, copies: f64| mb * copies / d.as_secs_f64();
    println!(
        "stage bench: {total_mb} MiB in {files} files, 3 nodes on one machine (2 cores, one disk)"
    );
    println!(
        "  cp -r to 1 node (floor)  {:>7.2} s  {:>6.0} MiB/s",
        floor.as_secs_f64(),
        rate(floor, 1.0)
    );
    println!(
        "  stage to 1 node          {:>7.2} s  {:>6.0} MiB/s  ({:.2}x the cp floor)",
        one.as_secs_f64(),
        rate(one, 1.0),
        one.as_secs_f64() / floor.as_secs_f64()
    );
    println!(
        "  stage to 3 nodes         {:>7.2} s  {:>6.0} MiB/s written  ({:.2}x staging to 1 node)",
        three.as_secs_f64(),
        rate(three, 3.0),
        three.as_secs_f64() / one.as_secs_f64()
    );
    println!("  stage again (all reused) {:>7.2} s", again.as_secs_f64());
    let ready_ms: Vec<String> = ready
        .iter()
        .map(|d| format!("{:.0} ms", d.as_secs_f64() * 1000.0))
        .collect();
    println!(
        "  hugflow ready per node after the job: {}",
        ready_ms.join(", ")
    );
}

/// Drops the page cache so each stage reads the shared copy from disk, as a node reading a
/// shared filesystem would (best effort: needs root).
fn drop_caches() {
    let _ = Command::new("sync").status();
    let _ = std::fs::write("/proc/sys/vm/drop_caches", "3");
}
