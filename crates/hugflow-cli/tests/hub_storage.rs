//! `hugflow local-sync` and `hugflow info` of a dataset stored every way huggingface.co stores
//! files: small files (a relative `307` to the Hub's resolve cache), an LFS file (a `302` to
//! the CDN), a Xet file (a `302` to the Xet bridge) and an entry of unknown type, which is
//! skipped with a note instead of failing the sync.

use std::path::{Path, PathBuf};
use std::process::Output;

use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub, Listener};
use serde_json::Value;
use sha2::{Digest, Sha256};

const ID: &str = "acme/mixed";
/// The storage name of `ID` at `main`.
const STORAGE_NAME: &str = "acme__mixed__rev_main";
const XET: &str = "data/train-00000-of-00001.bin";
const UNKNOWN: &str = "vendor/tools";

fn hub() -> FakeHub {
    let dataset = FakeDataset::builder(ID)
        .gitattributes()
        .file("README.md", "# Mixed storage\n")
        .file("meta/notes.json", "{\"rows\": 3}\n")
        .noise_file("data/test-00000-of-00001.parquet", 30_000)
        .xet_file(XET, 250_000)
        .unknown_entry(UNKNOWN);
    let mut corpus = Corpus::new();
    corpus.insert(dataset.build());
    FakeHub::start(corpus)
}

fn hugflow(hub: &FakeHub, dir: &Path, args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("hugflow")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env("HF_ENDPOINT", hub.url())
        .env("HF_TOKEN", hub.token())
        .env_remove("STORAGE_ROOT")
        .env_remove("STATE_DIR")
        .env_remove("STORAGE_QUOTA_GB")
        .env_remove("PROCESSED_ROOT")
        .env_remove("HUGFLOW_LOG")
        // No session bus: the keyring is skipped and HF_TOKEN used, as on a CI runner.
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/hugflow-test-bus",
        )
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_sync_of_every_storage_lands_verified_and_notes_the_unknown_entry() {
    let hub = hub();
    let work = tempfile::tempdir().unwrap();
    let requests = work.path().join("requests/add");
    std::fs::create_dir_all(&requests).unwrap();
    std::fs::write(
        requests.join("mixed.yaml"),
        format!("hf_id: {ID}\ndescription: every storage\n"),
    )
    .unwrap();
    let out = hugflow(
        &hub,
        work.path(),
        &["local-sync", "requests/add/mixed.yaml"],
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stderr.contains(&format!("note: skipped 1 entry of unknown type: {UNKNOWN}")),
        "{stderr}"
    );

    let dir: PathBuf = work.path().join("datasets").join(STORAGE_NAME);
    let main = hub.corpus().dataset(ID).unwrap().main().clone();
    assert_eq!(main.files.len(), 5);
    for file in &main.files {
        let bytes = std::fs::read(dir.join(&file.path))
            .unwrap_or_else(|e| panic!("{} missing: {e}\n{stderr}", file.path));
        assert_eq!(
            format!("{:x}", Sha256::digest(&bytes)),
            file.facts().sha256,
            "{}",
            file.path
        );
    }
    assert!(!dir.join(UNKNOWN).exists(), "nothing of the unknown entry");

    let requests = hub.requests();
    let cdn: Vec<_> = requests
        .iter()
        .filter(|r| r.listener == Listener::Cdn && r.method == "GET")
        .collect();
    assert_eq!(cdn.len(), 2, "the LFS and the Xet file: {cdn:#?}");
    assert!(
        cdn.iter().any(|r| r.path.starts_with("/xet-bridge-us/")),
        "{cdn:#?}"
    );
    assert!(
        cdn.iter().all(|r| !r.authorization && r.status == 200),
        "neither the CDN nor the bridge gets the token: {cdn:#?}"
    );
    let cached: Vec<_> = requests
        .iter()
        .filter(|r| r.path.starts_with("/api/resolve-cache/"))
        .collect();
    assert_eq!(cached.len(), 3, "the three small files: {requests:#?}");
    assert!(cached.iter().all(|r| r.authorization && r.status == 200));
}

#[test]
fn info_shows_the_entry_of_unknown_type() {
    let hub = hub();
    let work = tempfile::tempdir().unwrap();
    let out = hugflow(&hub, work.path(), &["info", ID]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    assert!(
        stdout.contains(&format!(
            "unknown     {UNKNOWN} (entries of unknown type, not downloaded)"
        )),
        "{stdout}"
    );
    assert!(stdout.contains("files       5 ("), "{stdout}");

    let out = hugflow(&hub, work.path(), &["info", "--json", ID]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["unknown_entries"], serde_json::json!([UNKNOWN]));
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 5);
    let xet = files.iter().find(|f| f["path"] == XET).unwrap();
    assert_eq!(xet["xetHash"].as_str().map(str::len), Some(64));
}
