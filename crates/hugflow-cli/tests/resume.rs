//! A large download killed with SIGKILL at 20 random points, resumed each time: the final tree
//! is byte-identical to the Hub's, the manifests parse, and less than 1 % of the bytes were
//! fetched twice. Twice: four files, each one stream (a part's length is its progress), and
//! one file cut into byte ranges over four connections (its range journal is the progress).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub};
use serde_json::Value;
use sha2::{Digest, Sha256};

const ID: &str = "acme/big-speech";
const KILLS: usize = 20;

/// xorshift64*: enough randomness for kill points, reproducible from the printed seed.
fn random_fractions(seed: u64, n: usize) -> Vec<f64> {
    let mut state = seed.max(1);
    let mut out: Vec<f64> = (0..n)
        .map(|_| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            let value = state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
            0.02 + 0.96 * (value as f64 / (1u64 << 53) as f64)
        })
        .collect();
    out.sort_by(f64::total_cmp);
    out
}

fn local_sync(hub: &FakeHub, work: &Path, settings: &[(&str, &str)]) -> std::process::Child {
    Command::new(assert_cmd::cargo::cargo_bin("hugflow"))
        .current_dir(work)
        .args(["local-sync", "--json", "requests/add/big.yaml"])
        .env("HF_ENDPOINT", hub.url())
        .env("HF_TOKEN", hub.token())
        .envs(settings.iter().copied())
        .env_remove("STORAGE_ROOT")
        .env_remove("STATE_DIR")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start hugflow")
}

#[test]
fn a_download_killed_twenty_times_resumes_to_an_identical_tree() {
    // Four files of 256 MiB, at the range threshold: each one stream, at 12 MB/s (see below).
    kill_and_resume(4, 256 << 20, 12 << 20, &[("MAX_CONCURRENT_DOWNLOADS", "4")]);
}

#[test]
fn a_file_fetched_in_ranges_killed_twenty_times_resumes_to_an_identical_file() {
    // 12 MB/s per connection: this debug build's client keeps up with four of them on a busy
    // machine, so what a kill loses is what was on the wire, not a backlog in its sockets.
    let hub = kill_and_resume(
        1,
        768 << 20,
        12 << 20,
        &[
            ("RANGE_THRESHOLD_MB", "64"),
            ("MAX_CONNECTIONS_PER_FILE", "4"),
            ("MAX_CONNECTIONS", "4"),
        ],
    );
    let ranges = hub
        .requests()
        .into_iter()
        .filter_map(|r| r.range)
        .filter(|range| !range.ends_with('-'))
        .count();
    assert!(ranges > 8, "the file came in closed byte ranges: {ranges}");
}

/// Runs the sync of `files` noise files of `file_size` over a link of `bandwidth` bytes/s per
/// connection with `settings`, killed at [`KILLS`] points and resumed; returns the Hub for more
/// checks.
fn kill_and_resume(
    files: u64,
    file_size: u64,
    bandwidth: u64,
    settings: &[(&str, &str)],
) -> FakeHub {
    // One at a time: two of these at once starve each other's client of CPU, and a client
    // that falls behind its link loses its socket backlog at every kill.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut builder = FakeDataset::builder(ID).file("README.md", "# Big\n");
    for i in 0..files {
        builder = builder.noise_file(
            &format!("data/train-{i:05}-of-{files:05}.parquet"),
            file_size,
        );
    }
    let mut corpus = Corpus::new();
    corpus.insert(builder.build());
    let hub = FakeHub::start(corpus);
    // A paced link, as a real CDN gives a connection, so little is in flight at each kill and
    // the kills land at many places.
    hub.faults().set_bandwidth(Some(bandwidth));
    let work = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(work.path().join("requests/add")).unwrap();
    std::fs::write(
        work.path().join("requests/add/big.yaml"),
        format!("hf_id: {ID}\ndescription: resume test\n"),
    )
    .unwrap();
    let total = files * file_size + 6;

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let points: Vec<u64> = random_fractions(seed, KILLS)
        .into_iter()
        .map(|f| (f * total as f64) as u64)
        .collect();
    eprintln!("kill points (seed {seed}): {points:?}");

    let mut killed_at = Vec::new();
    for &point in &points {
        let mut child = local_sync(&hub, work.path(), settings);
        let stdout = BufReader::new(child.stdout.take().unwrap());
        for line in stdout.lines() {
            let event: Value = serde_json::from_str(&line.unwrap()).unwrap();
            if event["event"] == "progress" && event["bytes_done"].as_u64().unwrap() >= point {
                killed_at.push(event["bytes_done"].as_u64().unwrap());
                child.kill().unwrap(); // SIGKILL
                break;
            }
        }
        let status = child.wait().unwrap();
        assert!(
            !status.success(),
            "the download ended before its kill at {point} bytes"
        );
    }
    eprintln!("killed at: {killed_at:?}");

    let mut child = local_sync(&hub, work.path(), settings);
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let last: Value = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(&l.unwrap()).unwrap())
        .last()
        .unwrap();
    assert!(child.wait().unwrap().success(), "{last}");
    assert_eq!(last["event"], "complete", "{last}");

    let dir = work.path().join("datasets/acme__big-speech__rev_main");
    let dataset = hub.corpus().dataset(ID).unwrap();
    for file in &dataset.main().files {
        let mut hasher = Sha256::new();
        let mut reader = std::fs::File::open(dir.join(&file.path)).unwrap();
        std::io::copy(&mut reader, &mut hasher).unwrap();
        assert_eq!(
            format!("{:x}", hasher.finalize()),
            file.facts().sha256,
            "{}",
            file.path
        );
    }
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dir.join(".hugflow/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["size_bytes"], total);
    let active: Value = serde_json::from_slice(
        &std::fs::read(work.path().join(".hugflow-state/active.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(active["datasets"][0]["size_bytes"], total);
    assert!(!dir.join(".hugflow/incomplete").exists(), "parts are gone");

    let served = hub.bytes_served();
    let again = served.saturating_sub(total);
    let percent = again as f64 * 100.0 / total as f64;
    eprintln!("served {served} bytes for {total}: {again} fetched again ({percent:.3} %)");
    assert!(
        percent < 1.0,
        "{again} bytes ({percent:.2} %) were fetched again"
    );
    hub
}
