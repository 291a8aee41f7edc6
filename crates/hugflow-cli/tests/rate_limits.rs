//! A many-file `hugflow local-sync` under a small resolver budget, metered by the fake Hub as
//! huggingface.co meters it (a fixed window, `RateLimit` / `RateLimit-Policy` on every
//! `/resolve/` answer, 429 once the window is used up): the sync says up front how long the
//! file count takes at that budget, paces its calls instead of running into a 429 storm, and
//! completes with every file verified.

use std::time::Duration;

use assert_cmd::Command;
use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub};
use serde_json::Value;
use sha2::{Digest, Sha256};

const ID: &str = "acme/many-clips";
const CLIPS: usize = 60;
/// Resolver calls per window, and the window: three windows' worth of files.
const QUOTA: u64 = 20;
const WINDOW: Duration = Duration::from_secs(5);
/// Files fetched at once: the first answer (and its budget) comes back after this many calls.
const CONCURRENCY: &str = "8";

fn corpus() -> Corpus {
    let mut builder = FakeDataset::builder(ID).file("README.md", "# Many clips\n");
    for i in 0..CLIPS {
        builder = builder.noise_file(&format!("audio/train/{i:06}.flac"), 2_000 + i as u64);
    }
    let mut corpus = Corpus::new();
    corpus.insert(builder.build());
    corpus
}

/// The `--json` events, in the order they were printed.
fn events(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .collect()
}

/// The `message` of every `note` event.
fn notes(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .filter(|event| event["event"] == "note")
        .filter_map(|event| event["message"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn a_many_file_sync_paces_itself_inside_the_resolver_budget() {
    let hub = FakeHub::start(corpus());
    hub.faults().resolver_budget(QUOTA, WINDOW);
    let work = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(work.path().join("requests/add")).unwrap();
    std::fs::write(
        work.path().join("requests/add/clips.yaml"),
        format!("hf_id: {ID}\ndescription: rate limit test\n"),
    )
    .unwrap();

    let output = Command::cargo_bin("hugflow")
        .unwrap()
        .current_dir(work.path())
        .args(["local-sync", "--json", "requests/add/clips.yaml"])
        .env("HF_ENDPOINT", hub.url())
        .env("HF_TOKEN", hub.token())
        .env("MAX_CONCURRENT_DOWNLOADS", CONCURRENCY)
        .env_remove("STORAGE_ROOT")
        .env_remove("STATE_DIR")
        .env_remove("STORAGE_QUOTA_GB")
        .env_remove("PROCESSED_ROOT")
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{}\n{stderr}",
        String::from_utf8_lossy(&output.stdout)
    );

    // Up front, once: the file count at the budget one resolver call announced, printed
    // before any byte is downloaded (the first progress event with bytes done).
    let files = hub.corpus().dataset(ID).unwrap().main().files.len();
    let events = events(&output.stdout);
    let notes = notes(&events);
    let estimate = format!("{files} files at {QUOTA} per {} s: about", WINDOW.as_secs());
    let is_estimate = |event: &Value| {
        event["event"] == "note"
            && event["message"]
                .as_str()
                .is_some_and(|n| n.starts_with(&estimate) && n.ends_with("of resolver budget"))
    };
    let estimates: Vec<usize> = (0..events.len())
        .filter(|&i| is_estimate(&events[i]))
        .collect();
    assert_eq!(
        estimates.len(),
        1,
        "one estimate like {estimate:?} in {notes:?}"
    );
    let first_bytes = events
        .iter()
        .position(|e| e["event"] == "progress" && e["bytes_done"].as_u64() > Some(0))
        .expect("progress with bytes done");
    assert!(
        estimates[0] < first_bytes,
        "the estimate (event {}) comes before the first bytes (event {first_bytes})",
        estimates[0]
    );
    assert!(
        notes.iter().any(|n| n.starts_with("pacing: ")),
        "the pacing shows: {notes:?}"
    );
    // The budget came from one extra resolver call, a HEAD of a planned file, before the
    // first file was fetched.
    let resolver_calls: Vec<_> = hub
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/resolve/"))
        .collect();
    assert_eq!(
        resolver_calls.first().map(|r| r.method.as_str()),
        Some("HEAD"),
        "the first resolver call learns the budget"
    );
    let heads = resolver_calls.iter().filter(|r| r.method == "HEAD").count();
    assert_eq!(heads, 1, "one extra resolver call, not {heads}");
    // No 429 storm: the budget was respected (a stray refusal at a window's edge is allowed).
    let refused = hub.too_many_requests();
    assert!(refused <= 2, "{refused} requests were refused with 429");
    let resolves = hub
        .requests()
        .iter()
        .filter(|r| r.path.contains("/resolve/") && r.status != 429)
        .count();
    assert!(
        resolves >= files,
        "{resolves} resolver calls for {files} files"
    );

    // Complete and verified.
    let dir = work.path().join("datasets/acme__many-clips__rev_main");
    for file in &hub.corpus().dataset(ID).unwrap().main().files {
        let bytes =
            std::fs::read(dir.join(&file.path)).unwrap_or_else(|e| panic!("{}: {e}", file.path));
        assert_eq!(
            format!("{:x}", Sha256::digest(&bytes)),
            file.facts().sha256,
            "{}",
            file.path
        );
    }
}
