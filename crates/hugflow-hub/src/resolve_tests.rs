//! The Hub client's `/resolve/` URLs against the fake Hub: hostile branch and file names
//! reach the right file, sent exactly as `huggingface_hub` would send them.

use hugflow_testkit::hub::{Corpus, FakeDataset, FakeFile, FakeHub};

use crate::{HubClient, HubConfig};

const ID: &str = "acme/odd-names";
const BRANCH: &str = "release/v1.0 #2";
const FILE: &str = "dir/a b#c?d%e+é.json";

fn hub() -> FakeHub {
    let dataset = FakeDataset::builder(ID)
        .file("README.md", "main card\n")
        .branch(
            BRANCH,
            [
                FakeFile::bytes(FILE, r#"{"version_tag": "v7"}"#),
                FakeFile::bytes("README.md", "branch card\n"),
            ],
        )
        .build();
    let mut corpus = Corpus::new();
    corpus.insert(dataset);
    FakeHub::start(corpus)
}

#[test]
fn hostile_revisions_and_paths_reach_their_file() {
    let hub = hub();
    let client = HubClient::new(HubConfig::new(hub.url())).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let json: serde_json::Value = rt.block_on(client.dataset_json(ID, BRANCH, FILE)).unwrap();
    assert_eq!(json["version_tag"], "v7");
    let card = rt.block_on(client.card(ID, BRANCH)).unwrap();
    assert_eq!(card.as_deref(), Some("branch card\n"));
    let metadata = rt.block_on(client.file_metadata(ID, BRANCH, FILE)).unwrap();
    assert_eq!(metadata.size, 21);
    // `quote(revision, safe="")` and `quote(path)`: the `/` of the branch escaped, the
    // path's kept, `-._~` left alone.
    let sent = "/datasets/acme/odd-names/resolve/release%2Fv1.0%20%232/dir/a%20b%23c%3Fd%25e%2B%C3%A9.json";
    let paths: Vec<String> = hub.requests().into_iter().map(|r| r.path).collect();
    assert!(paths.iter().any(|p| p == sent), "{paths:#?}");
}
