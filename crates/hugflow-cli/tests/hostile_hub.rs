//! `hugflow local-sync` against a hostile Hub (or mirror at `HF_ENDPOINT`): the fake Hub serves
//! a real dataset, then its faults change one value of what it answers, as a compromised mirror
//! would. Tree entries keep the Hub's real shape (`{"type":"file","oid":<40 hex>,"size":N,
//! "path":"a/b"}`, LFS files with `"lfs":{"oid":<64 hex>,...}`) with a traversing `path` or
//! `oid`, or an absurd `size`; `/resolve/` answers a 302 as the Hub's LFS redirect does, but to
//! `file:///etc/passwd`, to itself, or to another origin. Each sync fails with an error that
//! names the problem and HF_ENDPOINT, and nothing lands outside the dataset's folder.

use std::path::{Path, PathBuf};
use std::process::Output;

use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub};
use serde_json::{Value, json};

const ID: &str = "acme/hostile";
/// The storage name of `ID` at `main`.
const STORAGE_NAME: &str = "acme__hostile__rev_main";

fn corpus() -> Corpus {
    let dataset = FakeDataset::builder(ID)
        .gitattributes()
        .file("README.md", "# Hostile\n")
        .file("notes.txt", "small file\n")
        .noise_file("data/train-00000-of-00001.parquet", 40_000);
    let mut corpus = Corpus::new();
    corpus.insert(dataset.build());
    corpus
}

/// A scratch root holding the sync's working folder `work/`, so whatever climbs out of the
/// dataset folder (`work/datasets/<name>/`) still lands inside the root, where the walk sees it.
struct Scratch {
    root: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        let requests = root.path().join("work/requests/add");
        std::fs::create_dir_all(&requests).unwrap();
        std::fs::write(
            requests.join("hostile.yaml"),
            format!("hf_id: {ID}\ndescription: trust boundary test\n"),
        )
        .unwrap();
        Self { root }
    }

    fn work(&self) -> PathBuf {
        self.root.path().join("work")
    }

    fn dataset_dir(&self) -> PathBuf {
        self.work().join("datasets").join(STORAGE_NAME)
    }

    fn local_sync(&self, hub: &FakeHub) -> Output {
        assert_cmd::Command::cargo_bin("hugflow")
            .unwrap()
            .current_dir(self.work())
            .args(["local-sync", "requests/add/hostile.yaml"])
            .env("HF_ENDPOINT", hub.url())
            .env("HF_TOKEN", hub.token())
            .env_remove("STORAGE_ROOT")
            .env_remove("STATE_DIR")
            .env_remove("STORAGE_QUOTA_GB")
            .env_remove("PROCESSED_ROOT")
            .output()
            .unwrap()
    }

    /// Every file or link under the root that is not the request, Hugflow's state, or inside
    /// the dataset's folder.
    fn strays(&self) -> Vec<PathBuf> {
        let allowed = [
            self.work().join("requests"),
            self.work().join(".hugflow-state"),
            self.dataset_dir(),
        ];
        walk(self.root.path())
            .into_iter()
            .filter(|path| !allowed.iter().any(|dir| path.starts_with(dir)))
            .collect()
    }

    /// Syncs, expecting a clean failure (exit 1, not a panic's 101) with nothing outside the
    /// dataset's folder; returns stderr.
    fn refused(&self, hub: &FakeHub) -> String {
        let output = self.local_sync(hub);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert_eq!(self.strays(), Vec::<PathBuf>::new(), "{stderr}");
        stderr
    }
}

/// Regular files and symlinks under `dir`, links not followed.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                found.push(entry.path());
            }
        }
    }
    found
}

/// A sync against `hub` with one tree entry tampered: refused before the dataset's folder is
/// even made; returns stderr.
fn refused_tree(hub: &FakeHub, entry: &str, fields: Value) -> String {
    hub.faults().clear();
    hub.faults().tamper_tree_entry(ID, entry, fields);
    let scratch = Scratch::new();
    let stderr = scratch.refused(hub);
    assert!(!scratch.dataset_dir().exists(), "nothing written: {stderr}");
    for part in ["unsafe", ID, "nothing was written", "HF_ENDPOINT"] {
        assert!(stderr.contains(part), "`{part}` in: {stderr}");
    }
    assert_points_at_hf_endpoint(&stderr);
    stderr
}

/// The "what to do" line names HF_ENDPOINT, not a retry: a retry meets the same answer.
fn assert_points_at_hf_endpoint(stderr: &str) {
    assert!(
        stderr.contains("what to do: Check HF_ENDPOINT on the runner"),
        "{stderr}"
    );
}

#[test]
fn traversing_paths_in_the_tree_are_refused_before_anything_is_written() {
    let hub = FakeHub::start(corpus());
    for path in [
        "../x",
        "a/../../x",
        "/etc/x",
        "a\\b",
        "a//b",
        "./a",
        "../../../../x",
    ] {
        let stderr = refused_tree(&hub, "notes.txt", json!({ "path": path }));
        let shown = format!("unsafe path {path:?}");
        assert!(stderr.contains(&shown), "`{shown}` in: {stderr}");
    }
}

#[test]
fn traversing_oids_in_the_tree_are_refused_before_a_part_is_named() {
    let hub = FakeHub::start(corpus());
    // The git blob id of a small file names its part: `incomplete/<oid>.part`.
    let stderr = refused_tree(&hub, "notes.txt", json!({"oid": "../../../../../x"}));
    assert!(
        stderr.contains(
            r#"unsafe oid "../../../../../x": not 40 lowercase hex digits (entry "notes.txt")"#
        ),
        "{stderr}"
    );
    // The sha256 of an LFS file names its part the same way.
    let lfs = "data/train-00000-of-00001.parquet";
    let stderr = refused_tree(
        &hub,
        lfs,
        json!({"lfs": {"oid": "../../../../etc/cron.d/x", "size": 40_000, "pointerSize": 134}}),
    );
    assert!(stderr.contains("unsafe LFS oid"), "{stderr}");
    assert!(stderr.contains("64 lowercase hex"), "{stderr}");
    assert!(stderr.contains(lfs), "{stderr}");
    // Upper case is not what the Hub sends either.
    let upper = "CE013625030BA8DBA906F756967F9E9CA394464A";
    let stderr = refused_tree(&hub, "README.md", json!({ "oid": upper }));
    assert!(stderr.contains(upper), "{stderr}");
}

#[test]
fn sizes_that_cannot_fit_fail_the_free_space_check() {
    let hub = FakeHub::start(corpus());
    // One absurd claim, and two whose sum overflows a u64.
    let cases: [&[(&str, u64)]; 2] = [
        &[("README.md", 1 << 62)],
        &[("README.md", 1 << 63), ("notes.txt", 1 << 63)],
    ];
    for claims in cases {
        hub.faults().clear();
        for (path, size) in claims {
            hub.faults()
                .tamper_tree_entry(ID, path, json!({ "size": size }));
        }
        let scratch = Scratch::new();
        let stderr = scratch.refused(&hub);
        for part in [
            "not enough free space",
            "claimed a false size",
            "HF_ENDPOINT",
        ] {
            assert!(stderr.contains(part), "`{part}` in {claims:?}: {stderr}");
        }
        assert!(
            walk(&scratch.dataset_dir()).is_empty(),
            "no byte fetched: {stderr}"
        );
    }
}

#[test]
fn a_redirect_to_a_file_url_is_refused() {
    let hub = FakeHub::start(corpus());
    hub.faults()
        .redirect_resolve("README.md", "file:///etc/passwd");
    let stderr = Scratch::new().refused(&hub);
    assert!(
        stderr.contains("redirected to file:///etc/passwd, which is not an http(s) URL"),
        "{stderr}"
    );
    assert!(stderr.contains("README.md"), "{stderr}");
    assert_points_at_hf_endpoint(&stderr);
}

#[test]
fn a_redirect_loop_ends_after_ten_hops() {
    let hub = FakeHub::start(corpus());
    // Relative, as the Hub's own redirects for renamed repos are: back to the same URL.
    hub.faults().redirect_resolve("README.md", "README.md");
    let stderr = Scratch::new().refused(&hub);
    assert!(stderr.contains("redirected more than 10 times"), "{stderr}");
    assert_points_at_hf_endpoint(&stderr);
    let asked = hub
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.contains("/resolve/"))
        .filter(|r| r.path.ends_with("/README.md"))
        .count();
    assert_eq!(asked, 11, "the first request and 10 hops");
}

#[test]
fn a_redirect_to_another_origin_never_carries_the_token() {
    let hub = FakeHub::start(corpus());
    let elsewhere = FakeHub::start(corpus());
    hub.faults().redirect_resolve(
        "README.md",
        &format!("{}/datasets/{ID}/resolve/main/README.md", elsewhere.url()),
    );
    let scratch = Scratch::new();
    let output = scratch.local_sync(&hub);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let readme = std::fs::read_to_string(scratch.dataset_dir().join("README.md")).unwrap();
    assert_eq!(readme, "# Hostile\n");
    let followed = elsewhere.requests();
    assert!(!followed.is_empty(), "the redirect was followed");
    assert!(followed.iter().all(|r| !r.authorization), "{followed:?}");
    // The Hub itself was asked with the token, so the check above can fail.
    assert!(
        hub.requests()
            .iter()
            .any(|r| r.path.contains("/resolve/") && r.authorization)
    );
}
