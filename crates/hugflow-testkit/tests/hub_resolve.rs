//! File resolution: small files from the Hub, LFS files through a 302 to the CDN, ranges,
//! gated datasets, errors, and bytes that match the tree's hashes.

mod common;

use common::*;
use hugflow_testkit::hub::{DEFAULT_TOKEN, Digest, Listener};

fn resolve_url(
    hub: &hugflow_testkit::hub::FakeHub,
    id: &str,
    revision: &str,
    path: &str,
) -> String {
    format!("{}/datasets/{id}/resolve/{revision}/{path}", hub.url())
}

#[test]
fn small_files_are_served_by_the_hub_with_their_git_etag() {
    let hub = hub();
    let dataset = hub.corpus().dataset(SPEECH).unwrap();
    let facts = dataset.main().file("README.md").unwrap().facts().clone();
    let url = resolve_url(&hub, SPEECH, "main", "README.md");
    let head = client().head(&url).send().unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(header(&head, "etag"), Some(format!("\"{}\"", facts.oid)));
    assert_eq!(
        header(&head, "x-repo-commit").as_deref(),
        Some(dataset.main().sha.as_str())
    );
    assert_eq!(
        header(&head, "content-length"),
        Some(facts.size.to_string())
    );
    assert_eq!(header(&head, "accept-ranges").as_deref(), Some("bytes"));
    assert!(header(&head, "x-linked-etag").is_none());

    let body = get(&url).bytes().unwrap();
    assert_eq!(Digest::of(&body).git_oid, facts.oid);
    let partial = client()
        .get(&url)
        .header("Range", "bytes=4-10")
        .send()
        .unwrap();
    assert_eq!(partial.status(), 206);
    assert_eq!(
        header(&partial, "content-range"),
        Some(format!("bytes 4-10/{}", facts.size))
    );
    assert_eq!(partial.bytes().unwrap(), body.slice(4..11));
}

#[test]
fn lfs_files_redirect_to_the_cdn_which_serves_ranges() {
    let hub = hub();
    let dataset = hub.corpus().dataset(SPEECH).unwrap();
    let path = "data/train-00000-of-00002.parquet";
    let facts = dataset.main().file(path).unwrap().facts().clone();
    let lfs = facts.lfs.clone().expect("parquet is LFS");
    let url = resolve_url(&hub, SPEECH, "main", path);
    let head = client()
        .head(&url)
        .bearer_auth(DEFAULT_TOKEN)
        .send()
        .unwrap();
    assert_eq!(head.status(), 302);
    assert_eq!(
        header(&head, "x-linked-etag"),
        Some(format!("\"{}\"", lfs.sha256))
    );
    assert_eq!(header(&head, "x-linked-size"), Some("300000".into()));
    assert_eq!(
        header(&head, "x-repo-commit").as_deref(),
        Some(dataset.main().sha.as_str())
    );
    assert_eq!(header(&head, "etag"), Some(format!("\"{}\"", facts.oid)));
    let location = header(&head, "location").unwrap();
    assert!(
        location.starts_with(&format!("{}/cdn/{}?", hub.cdn_url(), lfs.sha256)),
        "{location}"
    );
    assert_ne!(hub.cdn_url(), hub.url());

    hub.clear_requests();
    let cdn = get(&location); // no token, as a client must do across hosts
    assert_eq!(cdn.status(), 200);
    assert_eq!(header(&cdn, "etag"), Some(format!("\"{}\"", lfs.sha256)));
    assert_eq!(header(&cdn, "content-length"), Some("300000".into()));
    let bytes = cdn.bytes().unwrap();
    assert_eq!(sha256_hex(&bytes), lfs.sha256);
    assert_eq!(&bytes[..4], b"PAR1");

    let partial = client()
        .get(&location)
        .header("Range", "bytes=299990-")
        .send()
        .unwrap();
    assert_eq!(partial.status(), 206);
    assert_eq!(
        header(&partial, "content-range"),
        Some("bytes 299990-299999/300000".into())
    );
    assert_eq!(partial.bytes().unwrap(), bytes.slice(299_990..));
    let beyond = client()
        .get(&location)
        .header("Range", "bytes=300000-")
        .send()
        .unwrap();
    assert_eq!(beyond.status(), 416);
    assert_eq!(
        header(&beyond, "content-range"),
        Some("bytes */300000".into())
    );

    let cdn_requests: Vec<_> = hub
        .requests()
        .into_iter()
        .filter(|r| r.listener == Listener::Cdn)
        .collect();
    assert_eq!(cdn_requests.len(), 3);
    assert!(cdn_requests.iter().all(|r| !r.authorization));
    assert_eq!(cdn_requests[1].range.as_deref(), Some("bytes=299990-"));
    assert_eq!(cdn_requests[1].status, 206);
}

#[test]
fn following_the_redirect_with_a_token_is_recorded() {
    let hub = hub();
    let url = resolve_url(&hub, SPEECH, "main", "audio/train/000001.flac");
    let location = header(&get_with(&url, DEFAULT_TOKEN), "location").unwrap();
    get_with(&location, DEFAULT_TOKEN);
    let last = hub.requests().pop().unwrap();
    assert_eq!(last.listener, Listener::Cdn);
    assert!(
        last.authorization,
        "the log shows a client that leaked its token"
    );
}

#[test]
fn every_file_of_every_revision_matches_its_tree_entry() {
    let hub = hub();
    let dataset = hub.corpus().dataset(SPEECH).unwrap();
    for git_ref in &dataset.refs {
        let revision = git_ref.full_name().replace('/', "%2F");
        for file in &git_ref.commit.files {
            let facts = file.facts();
            let response = get(&resolve_url(&hub, SPEECH, &revision, &file.path));
            let bytes = match response.status().as_u16() {
                200 => response.bytes().unwrap(),
                302 => get(&header(&response, "location").unwrap())
                    .bytes()
                    .unwrap(),
                status => panic!("{}: {status}", file.path),
            };
            let digest = Digest::of(&bytes);
            assert_eq!(digest.size, facts.size, "{}", file.path);
            assert_eq!(digest.sha256, facts.sha256, "{}", file.path);
            match &facts.lfs {
                Some(lfs) => assert_eq!(digest.sha256, lfs.sha256),
                None => assert_eq!(digest.git_oid, facts.oid),
            }
        }
    }
}

#[test]
fn gated_datasets_need_a_token_with_access() {
    let hub = hub();
    let url = resolve_url(&hub, GATED, "main", "README.md");
    let anonymous = get(&url);
    assert_eq!(anonymous.status(), 401);
    assert_eq!(
        header(&anonymous, "x-error-code").as_deref(),
        Some("GatedRepo")
    );
    assert_eq!(
        json(anonymous)["error"],
        format!(
            "Access to dataset {GATED} is restricted. You must have access to it and be authenticated to access it. Please log in."
        )
    );
    let refused = get_with(&url, OTHER);
    assert_eq!(refused.status(), 403);
    assert_eq!(
        header(&refused, "x-error-code").as_deref(),
        Some("GatedRepo")
    );
    assert_eq!(
        json(refused)["error"],
        format!(
            "Access to dataset {GATED} is restricted and you are not in the authorized list. Visit https://huggingface.co/datasets/{GATED} to ask for access."
        )
    );
    assert_eq!(get_with(&url, GRANTED).status(), 200);
    let lfs = get_with(
        &resolve_url(&hub, GATED, "main", "data/train.parquet"),
        GRANTED,
    );
    assert_eq!(lfs.status(), 302);
    // The metadata stays public, as on the Hub.
    assert_eq!(
        get(&format!("{}/api/datasets/{GATED}", hub.url())).status(),
        200
    );
}

#[test]
fn missing_files_and_revisions_are_hub_errors() {
    let hub = hub();
    let dataset = hub.corpus().dataset(SPEECH).unwrap();
    let missing = get(&resolve_url(&hub, SPEECH, "main", "nope.txt"));
    assert_eq!(missing.status(), 404);
    assert_eq!(
        header(&missing, "x-error-code").as_deref(),
        Some("EntryNotFound")
    );
    assert_eq!(
        header(&missing, "x-repo-commit").as_deref(),
        Some(dataset.main().sha.as_str())
    );
    let directory = get(&resolve_url(&hub, SPEECH, "main", "data"));
    assert_eq!(
        header(&directory, "x-error-code").as_deref(),
        Some("EntryNotFound")
    );
    let revision = get(&resolve_url(&hub, SPEECH, "v9", "README.md"));
    assert_eq!(
        header(&revision, "x-error-code").as_deref(),
        Some("RevisionNotFound")
    );
    let repo = get_with(
        &resolve_url(&hub, "acme/none", "main", "README.md"),
        DEFAULT_TOKEN,
    );
    assert_eq!(
        header(&repo, "x-error-code").as_deref(),
        Some("RepoNotFound")
    );
    let unencoded = get(&resolve_url(
        &hub,
        SPEECH,
        "refs/convert/parquet",
        "default/train/0000.parquet",
    ));
    assert_eq!(
        unencoded.status(),
        302,
        "an unencoded refs/convert/parquet resolves too"
    );
}

#[test]
fn cdn_urls_for_other_content_are_refused() {
    let hub = hub();
    let url = resolve_url(&hub, SPEECH, "main", "data/test-00000-of-00001.parquet");
    let location = header(&get(&url), "location").unwrap();
    let (_, query) = location.split_once('?').unwrap();
    let forged = format!("{}/cdn/{}?{query}", hub.cdn_url(), "0".repeat(64));
    let response = get(&forged);
    assert_eq!(response.status(), 404);
    assert!(response.text().unwrap().contains("NoSuchKey"));
}
