//! Dataset info (with and without namespace, at revisions), refs, the paginated tree, and the
//! Hub's repository errors.

mod common;

use common::*;
use hugflow_testkit::hub::{DEFAULT_TOKEN, RefKind};
use serde_json::{Value, json};

#[test]
fn info_has_the_hub_fields_for_main() {
    let hub = hub();
    let dataset = hub.corpus().dataset(SPEECH).unwrap();
    let info = json(get(&format!("{}/api/datasets/{SPEECH}", hub.url())));
    let keys: Vec<&str> = info
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "_id",
        "id",
        "author",
        "sha",
        "lastModified",
        "private",
        "gated",
        "disabled",
        "downloads",
        "likes",
        "tags",
        "cardData",
        "siblings",
        "createdAt",
        "description",
        "usedStorage",
    ] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
    }
    assert_eq!(info["id"], SPEECH);
    assert_eq!(info["sha"], dataset.main().sha.as_str());
    assert_eq!(info["gated"], false);
    assert_eq!(info["lastModified"], "2025-06-01T12:00:00.000Z");
    let siblings: Vec<&str> = info["siblings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["rfilename"].as_str().unwrap())
        .collect();
    let files: Vec<&str> = dataset
        .main()
        .files
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(siblings, files);
    assert!(info["usedStorage"].as_u64().unwrap() > 300_000);
}

#[test]
fn info_with_blobs_gives_sizes_oids_and_lfs() {
    let hub = hub();
    let info = json(get(&format!(
        "{}/api/datasets/{SPEECH}?blobs=true",
        hub.url()
    )));
    let shard = info["siblings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["rfilename"] == "data/train-00000-of-00002.parquet")
        .unwrap();
    assert_eq!(shard["size"], 300_000);
    assert_eq!(shard["lfs"]["size"], 300_000);
    assert_eq!(shard["lfs"]["sha256"].as_str().unwrap().len(), 64);
    assert!(shard["lfs"]["pointerSize"].as_u64().unwrap() > 100);
}

#[test]
fn a_dataset_without_namespace_is_found() {
    let hub = hub();
    let info = json(get(&format!("{}/api/datasets/{CANONICAL}", hub.url())));
    assert_eq!(info["id"], CANONICAL);
    assert_eq!(info["author"], Value::Null);
    let tree = json(get(&format!(
        "{}/api/datasets/{CANONICAL}/tree/main",
        hub.url()
    )));
    assert_eq!(tree[0]["path"], "README.md");
}

#[test]
fn info_at_a_revision_reports_that_revisions_commit_and_files() {
    let hub = hub();
    let dataset = hub.corpus().dataset(SPEECH).unwrap();
    let dev = dataset
        .git_ref(RefKind::Branch, "dev")
        .unwrap()
        .commit
        .clone();
    let convert = dataset.resolve("refs/convert/parquet").unwrap().clone();
    for (revision, sha) in [
        ("dev", &dev.sha),
        ("refs%2Fheads%2Fdev", &dev.sha),
        ("v1.0", &dataset.main().sha),
        ("main", &dataset.main().sha),
        (dev.sha.as_str(), &dev.sha),
        ("refs%2Fconvert%2Fparquet", &convert.sha),
        ("refs/convert/parquet", &convert.sha),
    ] {
        let url = format!("{}/api/datasets/{SPEECH}/revision/{revision}", hub.url());
        let info = json(get(&url));
        assert_eq!(info["sha"], sha.as_str(), "{revision}");
    }
    let info = json(get(&format!(
        "{}/api/datasets/{SPEECH}/revision/dev",
        hub.url()
    )));
    assert_eq!(
        info["siblings"],
        json!([{"rfilename": "README.md"}, {"rfilename": "data/train-00000-of-00001.parquet"}])
    );
}

#[test]
fn refs_list_branches_converts_and_tags() {
    let hub = hub();
    let dataset = hub.corpus().dataset(SPEECH).unwrap();
    let refs = json(get(&format!("{}/api/datasets/{SPEECH}/refs", hub.url())));
    let main = &dataset.main().sha;
    let dev = &dataset.git_ref(RefKind::Branch, "dev").unwrap().commit.sha;
    let convert = &dataset.resolve("refs/convert/parquet").unwrap().sha;
    assert_eq!(
        refs,
        json!({
            "branches": [
                {"name": "main", "ref": "refs/heads/main", "targetCommit": main},
                {"name": "dev", "ref": "refs/heads/dev", "targetCommit": dev},
            ],
            "converts": [{"name": "parquet", "ref": "refs/convert/parquet", "targetCommit": convert}],
            "tags": [{"name": "v1.0", "ref": "refs/tags/v1.0", "targetCommit": main}],
        })
    );
}

fn paths(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_tree_pages_through_link_headers() {
    let hub = hub();
    let url = format!(
        "{}/api/datasets/{SPEECH}/tree/main?recursive=true",
        hub.url()
    );
    let (items, pages) = all_pages(&url, None);
    assert_eq!(
        paths(&items),
        [
            "audio",
            "audio/train",
            "audio/train/000001.flac",
            "audio/train/000002.wav",
            "audio/train/metadata.jsonl",
            "data",
            "data/test-00000-of-00001.parquet",
            "data/train-00000-of-00002.parquet",
            "data/train-00001-of-00002.parquet",
            ".gitattributes",
            "README.md",
        ]
    );
    assert_eq!(pages, items.len().div_ceil(TREE_PAGE));
    let first = get(&url);
    let link = next_link(&first).unwrap();
    assert!(link.contains("recursive=true&cursor="), "{link}");

    let dataset = hub.corpus().dataset(SPEECH).unwrap();
    for item in &items {
        let path = item["path"].as_str().unwrap();
        if item["type"] == "directory" {
            assert_eq!(item["size"], 0);
            assert_eq!(item["oid"].as_str().unwrap().len(), 40);
            continue;
        }
        let facts = dataset.main().file(path).unwrap().facts();
        assert_eq!(item["oid"], facts.oid.as_str(), "{path}");
        assert_eq!(item["size"], facts.size, "{path}");
        match &facts.lfs {
            Some(lfs) => {
                assert_eq!(item["lfs"]["oid"], lfs.sha256.as_str());
                assert_eq!(item["lfs"]["size"], lfs.size);
                assert_eq!(item["lfs"]["pointerSize"], lfs.pointer_size);
            }
            None => assert!(item.get("lfs").is_none(), "{path} is not LFS"),
        }
    }
    let readme = items.iter().find(|i| i["path"] == "README.md").unwrap();
    assert_eq!(
        readme["oid"].as_str().unwrap(),
        hugflow_testkit::hub::git_blob_oid(b"---\nlicense: cc-by-4.0\n---\n# Malay speech\n")
    );
}

#[test]
fn the_tree_lists_one_directory_unless_recursive() {
    let hub = hub();
    let root = all_pages(
        &format!("{}/api/datasets/{SPEECH}/tree/main", hub.url()),
        None,
    )
    .0;
    assert_eq!(
        paths(&root),
        ["audio", "data", ".gitattributes", "README.md"]
    );
    assert_eq!(root[0]["type"], "directory");
    for dir in ["data", "data%2F"] {
        let url = format!("{}/api/datasets/{SPEECH}/tree/main/{dir}", hub.url());
        let data = all_pages(&url, None).0;
        assert_eq!(data.len(), 3, "{dir}");
    }
    let encoded = format!(
        "{}/api/datasets/{SPEECH}/tree/main/audio%2Ftrain",
        hub.url()
    );
    assert_eq!(all_pages(&encoded, None).0.len(), 3);
    let convert = format!(
        "{}/api/datasets/{SPEECH}/tree/refs%2Fconvert%2Fparquet?recursive=true",
        hub.url()
    );
    assert_eq!(
        paths(&all_pages(&convert, None).0),
        [
            "default",
            "default/test",
            "default/test/0000.parquet",
            "default/train",
            "default/train/0000.parquet",
            ".gitattributes"
        ]
    );
}

#[test]
fn expand_adds_last_commit_and_security_status() {
    let hub = hub();
    let items = json(get(&format!(
        "{}/api/datasets/{SPEECH}/tree/main?expand=true",
        hub.url()
    )));
    let readme = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == "README.md")
        .unwrap();
    assert_eq!(
        readme["lastCommit"]["id"],
        hub.corpus().dataset(SPEECH).unwrap().main().sha.as_str()
    );
    assert_eq!(readme["securityFileStatus"]["status"], "safe");
}

fn assert_error(
    response: reqwest::blocking::Response,
    status: u16,
    code: Option<&str>,
    message: &str,
) {
    assert_eq!(response.status(), status, "{message}");
    assert_eq!(header(&response, "x-error-code").as_deref(), code);
    assert_eq!(
        header(&response, "x-error-message").as_deref(),
        Some(message)
    );
    assert_eq!(json(response), json!({"error": message}));
}

#[test]
fn repository_errors_carry_the_hub_codes() {
    let hub = hub();
    let url = |path: &str| format!("{}/api/datasets/{path}", hub.url());
    // Anonymous: missing and private look alike, and carry no code (as on huggingface.co).
    for hidden in ["nobody/nothing", PRIVATE] {
        assert_error(
            get(&url(hidden)),
            401,
            None,
            "Invalid username or password.",
        );
    }
    assert_error(
        get_with(&url("nobody/nothing"), DEFAULT_TOKEN),
        404,
        Some("RepoNotFound"),
        "Repository not found",
    );
    assert_eq!(get_with(&url(PRIVATE), DEFAULT_TOKEN).status(), 200);
    assert_error(
        get(&url(&format!("{SPEECH}/revision/nope"))),
        404,
        Some("RevisionNotFound"),
        "Invalid rev id: nope",
    );
    assert_error(
        get(&url(&format!("{SPEECH}/tree/nope"))),
        404,
        Some("RevisionNotFound"),
        "Invalid rev id: nope",
    );
    let missing = get(&url(&format!("{SPEECH}/tree/main/nowhere")));
    assert_eq!(
        header(&missing, "x-repo-commit").as_deref(),
        Some(hub.corpus().dataset(SPEECH).unwrap().main().sha.as_str())
    );
    assert_error(missing, 404, Some("EntryNotFound"), "Entry not found");
    let page = get(&format!("{}/no/such/page", hub.url()));
    assert_eq!(page.status(), 404);
}

#[test]
fn disabled_datasets_answer_info_but_refuse_files_and_tree() {
    let hub = hub();
    let info = json(get(&format!("{}/api/datasets/{DISABLED}", hub.url())));
    assert_eq!(info["disabled"], true);
    assert_eq!(info["id"], DISABLED);
    let listed = json(get(&format!(
        "{}/api/datasets?search=disabled-speech",
        hub.url()
    )));
    let entry = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == DISABLED)
        .cloned();
    assert_eq!(entry.map(|d| d["disabled"].clone()), Some(json!(true)));
    let tree = format!("{}/api/datasets/{DISABLED}/tree/main", hub.url());
    let file = format!("{}/datasets/{DISABLED}/resolve/main/README.md", hub.url());
    for url in [&tree, &file] {
        for response in [get(url), get_with(url, DEFAULT_TOKEN)] {
            assert_error(response, 403, None, "Access to this resource is disabled.");
        }
    }
    // An enabled dataset is unaffected.
    assert_eq!(
        get(&format!("{}/api/datasets/{SPEECH}/tree/main", hub.url())).status(),
        200
    );
}

#[test]
fn the_tree_lists_xet_hashes_and_entries_of_unknown_type() {
    let hub = hub();
    let url = format!(
        "{}/api/datasets/{MIXED}/tree/main?recursive=true",
        hub.url()
    );
    let (items, _) = all_pages(&url, None);
    assert_eq!(
        paths(&items),
        [
            "data",
            "data/test-00000-of-00001.parquet",
            MIXED_XET,
            "docs",
            "docs/notes.json",
            "vendor",
            MIXED_UNKNOWN,
            ".gitattributes",
            "README.md",
        ]
    );
    let dataset = hub.corpus().dataset(MIXED).unwrap();
    let facts = dataset.main().file(MIXED_XET).unwrap().facts();
    let xet = items.iter().find(|i| i["path"] == MIXED_XET).unwrap();
    // huggingface.co's shape for a file stored with Xet: an LFS entry plus `xetHash`.
    assert_eq!(xet["type"], "file");
    assert_eq!(xet["lfs"]["oid"], facts.sha256.as_str());
    assert_eq!(xet["xetHash"], facts.xet_hash.as_deref().unwrap());
    let parquet = items
        .iter()
        .find(|i| i["path"] == "data/test-00000-of-00001.parquet")
        .unwrap();
    assert!(
        parquet.get("xetHash").is_none(),
        "a plain LFS file has none"
    );
    let unknown = items.iter().find(|i| i["path"] == MIXED_UNKNOWN).unwrap();
    assert_eq!(unknown["type"], "unknown");
    assert_eq!(unknown["oid"].as_str().unwrap().len(), 40);
    assert_eq!(unknown["size"], 0);
    // Listed, never served.
    let resolve = format!(
        "{}/datasets/{MIXED}/resolve/main/{MIXED_UNKNOWN}",
        hub.url()
    );
    let missing = get(&resolve);
    assert_eq!(missing.status(), 404);
    assert_eq!(
        header(&missing, "x-error-code").as_deref(),
        Some("EntryNotFound")
    );
    // The siblings list files only.
    let info = json(get(&format!("{}/api/datasets/{MIXED}", hub.url())));
    let siblings: Vec<&str> = info["siblings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["rfilename"].as_str().unwrap())
        .collect();
    assert!(!siblings.contains(&MIXED_UNKNOWN), "{siblings:?}");
    assert!(siblings.contains(&MIXED_XET), "{siblings:?}");
}
