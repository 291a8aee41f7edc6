//! `file_metadata` against files as huggingface.co serves them: small files through a relative
//! `307` to `/api/resolve-cache/…` (followed on the Hub's origin, with the token when there is
//! one), LFS files through a `302` to the CDN and Xet files through a `302` to the Xet bridge
//! (not followed: their metadata is on the redirect, and the token stays home).

use hugflow_core::config::Secret;
use hugflow_hub::{HubClient, HubConfig, RetryPolicy};
use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub, Listener};

const ID: &str = "org/mixed";
const SMALL: &[u8] = b"# Mixed\n\nsmall, LFS and Xet files\n";

fn hub() -> FakeHub {
    let mut corpus = Corpus::new();
    corpus.insert(
        FakeDataset::builder(ID)
            .file("docs/README.md", SMALL)
            .noise_file("data/train.parquet", 4096)
            .xet_file("data/big.bin", 70_000)
            .build(),
    );
    FakeHub::start(corpus)
}

fn client(hub: &FakeHub, token: Option<&str>) -> HubClient {
    let config = HubConfig::new(hub.url())
        .with_token(token.map(Secret::new))
        .with_retry(RetryPolicy::quick());
    HubClient::new(config).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn a_small_files_metadata_is_the_answer_its_relative_307_leads_to() {
    let hub = hub();
    let dataset = hub.corpus().dataset(ID).unwrap();
    let main = dataset.main();
    let facts = main.file("docs/README.md").unwrap().facts().clone();
    for token in [None, Some(hub.token())] {
        hub.clear_requests();
        let meta = runtime()
            .block_on(client(&hub, token).file_metadata(ID, "main", "docs/README.md"))
            .unwrap();
        // The size and etag of the file, not of the redirect's body.
        assert_eq!(meta.size, SMALL.len() as u64, "token: {token:?}");
        assert_eq!(meta.etag, facts.oid);
        assert_eq!(meta.commit, main.sha);
        assert_eq!(meta.xet_hash, None);
        let location = meta.location.expect("the resolve cache");
        assert_eq!(
            location.origin(),
            url::Url::parse(hub.url()).unwrap().origin()
        );
        assert!(
            location
                .path()
                .starts_with(&format!("/api/resolve-cache/datasets/{ID}/{}/", main.sha)),
            "{location}"
        );
        let requests = hub.requests();
        let statuses: Vec<u16> = requests.iter().map(|r| r.status).collect();
        assert_eq!(statuses, [307, 200], "token: {token:?}: {requests:?}");
        assert!(
            requests[0]
                .path
                .starts_with(&format!("/datasets/{ID}/resolve/main/docs/"))
        );
        assert_eq!(
            requests[1].path,
            format!("{}?{}", location.path(), location.query().unwrap())
        );
        assert!(
            requests.iter().all(|r| r.authorization == token.is_some()),
            "both hops on the Hub's origin carry the token, when there is one: {requests:?}"
        );
    }
}

#[test]
fn lfs_and_xet_redirects_carry_the_metadata_and_are_not_followed() {
    let hub = hub();
    let dataset = hub.corpus().dataset(ID).unwrap();
    let client = client(&hub, Some(hub.token()));
    let rt = runtime();
    let lfs = rt
        .block_on(client.file_metadata(ID, "main", "data/train.parquet"))
        .unwrap();
    let lfs_facts = dataset.main().file("data/train.parquet").unwrap().facts();
    assert_eq!(
        (lfs.size, lfs.etag.as_str()),
        (4096, lfs_facts.sha256.as_str())
    );
    assert!(lfs.location.unwrap().as_str().starts_with(hub.cdn_url()));

    let xet = rt
        .block_on(client.file_metadata(ID, "main", "data/big.bin"))
        .unwrap();
    let xet_facts = dataset.main().file("data/big.bin").unwrap().facts();
    assert_eq!(
        (xet.size, xet.etag.as_str()),
        (70_000, xet_facts.sha256.as_str())
    );
    assert_eq!(
        xet.xet_hash.as_ref().map(|h| h.as_str()),
        xet_facts.xet_hash.as_deref()
    );
    let bridge = xet.location.unwrap();
    assert!(
        bridge
            .as_str()
            .starts_with(&format!("{}/xet-bridge-us/", hub.cdn_url())),
        "{bridge}"
    );
    assert!(
        hub.requests().iter().all(|r| r.listener == Listener::Hub),
        "neither the CDN nor the bridge was asked"
    );
}

#[test]
fn a_redirect_without_a_location_is_no_size() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(1) {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            // A 307 whose body length could pass for a size, and no Location.
            let _ = stream.write_all(
                b"HTTP/1.1 307 Temporary Redirect\r\nX-Repo-Commit: ce013625030ba8dba906f756967f9e9ca394464a\r\nETag: \"ce013625030ba8dba906f756967f9e9ca394464a\"\r\nContent-Length: 42\r\nConnection: close\r\n\r\n",
            );
        }
    });
    let client = HubClient::new(HubConfig::new(format!("http://127.0.0.1:{port}"))).unwrap();
    let error = runtime()
        .block_on(client.file_metadata(ID, "main", "README.md"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("without a usable Location"), "{error}");
}
