//! The real Python `huggingface_hub` client against the fake Hub, so the fake cannot drift from
//! the protocol (DESIGN §5): listing across pages, info at revisions, refs, the tree,
//! `hf_hub_download` of a git file (through the relative 307 to the resolve cache), an LFS file
//! and a Xet file (through the bridge), `snapshot_download` (also of `refs/convert/parquet`,
//! and of a dataset mixing every storage and an entry of unknown type), and the errors the
//! client maps from the Hub's headers.
//!
//! The client is installed from PyPI into a venv under `target/` once and reused. This test
//! fails (it never skips) when Python, venv or pip are missing.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::*;
use hugflow_testkit::hub::{
    DEFAULT_TOKEN, FakeHub, ListQuery, Listener, RefKind, SortKey, TreeKind,
};
use hugflow_testkit::python::{HF_HUB_VERSION, hf_venv, run};
use serde_json::{Value, json};

/// Every page of a listing, as the corpus answers it to a caller with a token.
fn listing(hub: &FakeHub, query: &ListQuery) -> Vec<String> {
    let corpus = hub.corpus();
    let mut ids = Vec::new();
    let mut start = Some(0);
    while let Some(position) = start {
        let page = corpus.list(query, true, position, 1000);
        ids.extend(page.items.iter().map(|&i| corpus.id_at(i).to_string()));
        start = page.next;
    }
    ids
}

#[test]
fn huggingface_hub_works_against_the_fake_hub() {
    let venv = hf_venv(Path::new(env!("CARGO_TARGET_TMPDIR")));
    let hub = hub();
    // The client must wait out a 429 on the tree listing and go on.
    let tree_prefix = format!("/api/datasets/{SPEECH}/tree");
    hub.faults().rate_limit(1, 0, Some(&tree_prefix));
    let home = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/hf_client_check.py");
    let args = json!({
        "dataset": SPEECH,
        "revision": "dev",
        "small_file": "README.md",
        "lfs_file": "data/train-00000-of-00002.parquet",
        "search": "a",
        "limit": 120,
        "gated": GATED,
        "granted_token": GRANTED,
        "other_token": OTHER,
        "mixed": MIXED,
        "xet_file": MIXED_XET,
        "unknown_entry": MIXED_UNKNOWN,
        "private": PRIVATE,
        "disabled": DISABLED,
    });
    let mut command = Command::new(venv.join("bin/python"));
    command
        .arg(&script)
        .arg(args.to_string())
        .env("HF_ENDPOINT", hub.url())
        .env("HF_TOKEN", DEFAULT_TOKEN)
        .env("HF_HOME", home.path())
        .env("HF_HUB_DISABLE_TELEMETRY", "1")
        .env("HF_HUB_DISABLE_XET", "1")
        .env("HF_HUB_DISABLE_PROGRESS_BARS", "1");
    for variable in [
        "HF_HUB_OFFLINE",
        "HF_HUB_CACHE",
        "HUGGINGFACE_HUB_CACHE",
        "HF_HUB_ENABLE_HF_TRANSFER",
    ] {
        command.env_remove(variable);
    }
    let stdout = run(&mut command, "the huggingface_hub script", "");
    let out: Value = serde_json::from_str(stdout.lines().last().unwrap_or(""))
        .unwrap_or_else(|e| panic!("the script prints one JSON line ({e}): {stdout}"));
    assert_eq!(out["version"], HF_HUB_VERSION);

    // Listing, across pages of 50.
    let search = listing(
        &hub,
        &ListQuery {
            search: vec!["a".into()],
            ..ListQuery::default()
        },
    );
    assert!(
        search.len() > LIST_PAGE,
        "the search spans pages: {}",
        search.len()
    );
    let expected: Vec<&String> = search.iter().take(120).collect();
    assert_eq!(out["search"], json!(expected));
    assert_eq!(out["all"], json!(listing(&hub, &ListQuery::default())));
    let filtered = ListQuery {
        filters: vec!["language:ms".into()],
        sort: SortKey::Downloads,
        ..ListQuery::default()
    };
    assert_eq!(out["filtered"], json!(listing(&hub, &filtered)));

    // Info, refs.
    let dataset = hub.corpus().dataset(SPEECH).unwrap();
    let main = dataset.main();
    let dev = &dataset.git_ref(RefKind::Branch, "dev").unwrap().commit;
    let convert = dataset.resolve("refs/convert/parquet").unwrap();
    let paths = |files: &[hugflow_testkit::hub::FakeFile]| -> Vec<String> {
        files.iter().map(|f| f.path.clone()).collect()
    };
    assert_eq!(
        out["info"],
        json!({
            "id": SPEECH, "sha": main.sha, "siblings": paths(&main.files), "downloads": 123_456,
            "gated": false, "license": "cc-by-4.0", "created_at": "2023-05-01T08:00:00+00:00",
        })
    );
    assert_eq!(
        out["revision_info"],
        json!({"sha": dev.sha, "siblings": paths(&dev.files)})
    );
    assert_eq!(out["convert_sha"], convert.sha.as_str());
    assert_eq!(
        out["refs"],
        json!({
            "branches": {"main": main.sha, "dev": dev.sha},
            "converts": {"parquet": convert.sha},
            "tags": {"v1.0": main.sha},
        })
    );

    // The tree, across pages of 4.
    let tree: Vec<Value> = main
        .tree()
        .iter()
        .map(|item| match &item.kind {
            // huggingface_hub makes a RepoFolder of every entry that is not a file.
            TreeKind::Directory { oid } | TreeKind::Unknown { oid } => {
                json!({"path": item.path, "type": "directory", "size": 0, "oid": oid, "lfs": null})
            }
            TreeKind::File(index) => {
                let facts = main.files[*index].facts();
                json!({
                    "path": item.path, "type": "file", "size": facts.size, "oid": facts.oid,
                    "lfs": facts.lfs.as_ref().map(|l| l.sha256.clone()),
                })
            }
        })
        .collect();
    assert_eq!(out["tree"], Value::Array(tree));

    // Downloads: the bytes the client wrote are the corpus's.
    let sha256 = |commit: &hugflow_testkit::hub::Commit| -> BTreeMap<String, String> {
        commit
            .files
            .iter()
            .map(|f| (f.path.clone(), f.facts().sha256.clone()))
            .collect()
    };
    let main_digests = sha256(main);
    assert_eq!(
        out["downloads"]["README.md"],
        main_digests["README.md"].as_str()
    );
    let lfs = "data/train-00000-of-00002.parquet";
    assert_eq!(out["downloads"][lfs], main_digests[lfs].as_str());
    assert_eq!(out["snapshot"], json!(main_digests));
    assert_eq!(out["convert_snapshot"], json!(sha256(convert)));

    // Every storage at once: small files through the relative 307, an LFS file through the
    // CDN, a Xet file through the bridge; the entry of unknown type is not a file to it.
    let mixed = hub.corpus().dataset(MIXED).unwrap();
    let mixed_digests = sha256(mixed.main());
    assert!(!mixed_digests.contains_key(MIXED_UNKNOWN));
    assert_eq!(out["xet_download"], mixed_digests[MIXED_XET].as_str());
    assert_eq!(out["mixed_snapshot"], json!(mixed_digests));
    assert_eq!(
        out["mixed_unknown_entry"],
        json!({"path": MIXED_UNKNOWN, "class": "RepoFolder"})
    );

    // Errors, mapped from X-Error-Code.
    assert_eq!(
        out["errors"],
        json!({
            "gated_without_access": "GatedRepoError",
            "gated_with_access": null,
            "missing_repo": "RepositoryNotFoundError",
            "missing_revision": "RevisionNotFoundError",
            "missing_file": "RemoteEntryNotFoundError",
        })
    );

    // Anonymous requests for a missing and a private dataset get the same answer, the one
    // huggingface.co gives: 401, no X-Error-Code, "Invalid username or password.".
    // huggingface_hub reads that as RepositoryNotFoundError on https:// URLs only (its
    // REPO_API_REGEX); on the fake Hub's http:// URL it stays an HfHubHTTPError.
    let hidden = json!({
        "class": "HfHubHTTPError",
        "status": 401,
        "code": null,
        "header_message": "Invalid username or password.",
        "server_message": "Invalid username or password.",
    });
    assert_eq!(
        out["anonymous"],
        json!({"missing_repo": hidden, "private_repo": hidden})
    );
    // A disabled dataset: its info and listing say so, its tree and files raise
    // DisabledRepoError (the client matches the Hub's X-Error-Message); hf_hub_download
    // reports that refused HEAD as a cache miss caused by it.
    assert_eq!(
        out["disabled"],
        json!({
            "info_disabled": true,
            "listed_disabled": [true],
            "tree": "DisabledRepoError",
            "download": ["LocalEntryNotFoundError", "DisabledRepoError"],
        })
    );

    // What went over the wire: the client dropped its token for the CDN, sent it to the Hub,
    // and retried the rate-limited tree listing.
    let requests = hub.requests();
    let cdn: Vec<_> = requests
        .iter()
        .filter(|r| r.listener == Listener::Cdn)
        .collect();
    assert!(!cdn.is_empty(), "LFS files came from the CDN");
    assert!(
        cdn.iter().all(|r| !r.authorization),
        "no token sent to the CDN: {cdn:?}"
    );
    assert!(cdn.iter().all(|r| r.status == 200));
    let bridge = cdn
        .iter()
        .filter(|r| r.path.starts_with("/xet-bridge-us/"))
        .count();
    assert!(bridge > 0, "the Xet file came from the bridge: {cdn:?}");
    let cache: Vec<_> = requests
        .iter()
        .filter(|r| r.path.starts_with("/api/resolve-cache/"))
        .collect();
    assert!(!cache.is_empty(), "small files came from the resolve cache");
    assert!(
        cache.iter().all(|r| r.authorization && r.status == 200),
        "the resolve cache is the Hub's origin: the token goes along: {cache:?}"
    );
    let resolves: Vec<_> = requests
        .iter()
        .filter(|r| r.path.contains("/resolve/"))
        .collect();
    assert!(
        resolves.iter().all(|r| r.authorization),
        "the Hub got the token"
    );
    let tree_calls: Vec<u16> = requests
        .iter()
        .filter(|r| r.path.starts_with(&tree_prefix))
        .map(|r| r.status)
        .collect();
    assert_eq!(
        tree_calls[..2],
        [429, 200],
        "the 429 was retried: {tree_calls:?}"
    );
}
