//! File resolution: small files through a relative 307 to the Hub's resolve cache, LFS files
//! through a 302 to the CDN, Xet files through a 302 to the Xet bridge, ranges, gated datasets,
//! errors, and bytes that match the tree's hashes.

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

/// The absolute URL a (possibly relative) `Location` names.
fn follow(hub: &hugflow_testkit::hub::FakeHub, location: &str) -> String {
    reqwest::Url::parse(hub.url())
        .unwrap()
        .join(location)
        .unwrap()
        .to_string()
}

#[test]
fn small_files_redirect_relatively_to_the_resolve_cache_which_serves_them() {
    let hub = hub();
    let dataset = hub.corpus().dataset(SPEECH).unwrap();
    let main = dataset.main();
    let path = "audio/train/metadata.jsonl";
    let facts = main.file(path).unwrap().facts().clone();
    let url = resolve_url(&hub, SPEECH, "main", path);
    let head = client().head(&url).send().unwrap();
    assert_eq!(head.status(), 307);
    let location = header(&head, "location").unwrap();
    // huggingface.co's shape: relative, at the commit, the path one encoded segment, the
    // request's path and the blob's etag in the query.
    assert_eq!(
        location,
        format!(
            "/api/resolve-cache/datasets/{SPEECH}/{}/audio%2Ftrain%2Fmetadata.jsonl?%2Fdatasets%2Facme%2Fspeech-ms%2Fresolve%2Fmain%2Faudio%2Ftrain%2Fmetadata.jsonl=&etag=%22{}%22",
            main.sha, facts.oid
        )
    );
    assert_eq!(
        header(&head, "x-repo-commit").as_deref(),
        Some(main.sha.as_str())
    );
    assert!(header(&head, "x-linked-size").is_none());
    assert!(header(&head, "x-linked-etag").is_none());
    assert!(header(&head, "etag").is_none());
    let redirect_body = get(&url).text().unwrap();
    assert_eq!(
        redirect_body,
        format!("Temporary Redirect. Redirecting to {location}")
    );

    let cached = follow(&hub, &location);
    let head = client().head(&cached).send().unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(header(&head, "etag"), Some(format!("\"{}\"", facts.oid)));
    assert_eq!(
        header(&head, "x-repo-commit").as_deref(),
        Some(main.sha.as_str())
    );
    assert_eq!(
        header(&head, "content-length"),
        Some(facts.size.to_string())
    );
    assert_eq!(header(&head, "accept-ranges").as_deref(), Some("bytes"));

    let body = get(&cached).bytes().unwrap();
    assert_eq!(Digest::of(&body).git_oid, facts.oid);
    let partial = client()
        .get(&cached)
        .header("Range", "bytes=4-10")
        .send()
        .unwrap();
    assert_eq!(partial.status(), 206);
    assert_eq!(
        header(&partial, "content-range"),
        Some(format!("bytes 4-10/{}", facts.size))
    );
    assert_eq!(partial.bytes().unwrap(), body.slice(4..11));

    // The cache serves commits, small files, and what the caller may see.
    let elsewhere = |commit: &str, file: &str| {
        follow(
            &hub,
            &format!("/api/resolve-cache/datasets/{SPEECH}/{commit}/{file}"),
        )
    };
    assert_eq!(get(&elsewhere("main", "README.md")).status(), 404);
    assert_eq!(
        get(&elsewhere(&main.sha, "data%2Ftrain-00000-of-00002.parquet")).status(),
        404,
        "LFS files go to the CDN"
    );
    assert_eq!(get(&elsewhere(&main.sha, "README.md")).status(), 200);
    let gated = hub.corpus().dataset(GATED).unwrap().main().sha.clone();
    let gated_url = follow(
        &hub,
        &format!("/api/resolve-cache/datasets/{GATED}/{gated}/README.md"),
    );
    assert_eq!(get(&gated_url).status(), 401);
    assert_eq!(get_with(&gated_url, GRANTED).status(), 200);
}

#[test]
fn xet_files_redirect_to_the_bridge_which_serves_them_without_a_token() {
    let hub = hub();
    let dataset = hub.corpus().dataset(MIXED).unwrap();
    let main = dataset.main();
    let facts = main.file(MIXED_XET).unwrap().facts().clone();
    let lfs = facts.lfs.clone().expect("a Xet file is an LFS file");
    let xet_hash = facts.xet_hash.clone().expect("a Xet hash");
    assert_eq!(xet_hash.len(), 64);
    assert_ne!(xet_hash, lfs.sha256);
    let url = resolve_url(&hub, MIXED, "main", MIXED_XET);
    let head = client()
        .head(&url)
        .bearer_auth(DEFAULT_TOKEN)
        .send()
        .unwrap();
    assert_eq!(head.status(), 302);
    assert_eq!(
        header(&head, "x-xet-hash").as_deref(),
        Some(xet_hash.as_str())
    );
    assert_eq!(header(&head, "x-linked-size"), Some("70000".into()));
    assert_eq!(
        header(&head, "x-linked-etag"),
        Some(format!("\"{}\"", lfs.sha256))
    );
    assert_eq!(
        header(&head, "x-repo-commit").as_deref(),
        Some(main.sha.as_str())
    );
    let link = header(&head, "link").unwrap();
    assert!(link.contains("rel=\"xet-auth\""), "{link}");
    let location = header(&head, "location").unwrap();
    let bridge = format!(
        "{}/xet-bridge-us/{}/{xet_hash}?X-Amz-Algorithm=AWS4-HMAC-SHA256&",
        hub.cdn_url(),
        dataset.object_id
    );
    assert!(location.starts_with(&bridge), "{location}");
    assert!(location.contains("&X-Amz-Signature="), "{location}");

    hub.clear_requests();
    let bytes = get(&location).bytes().unwrap();
    assert_eq!(sha256_hex(&bytes), lfs.sha256);
    let partial = client()
        .get(&location)
        .header("Range", "bytes=69990-")
        .send()
        .unwrap();
    assert_eq!(partial.status(), 206);
    assert_eq!(partial.bytes().unwrap(), bytes.slice(69_990..));
    // A presigned URL is the only authorization S3 takes: a token besides it is refused.
    let with_token = get_with(&location, DEFAULT_TOKEN);
    assert_eq!(with_token.status(), 400);
    assert!(
        with_token
            .text()
            .unwrap()
            .contains("Only one auth mechanism allowed")
    );
    // A URL changed anywhere fails its signature.
    let forged = location.replace(
        &format!("file={}", MIXED_XET.replace('/', "%2F")),
        "file=README.md",
    );
    assert_ne!(forged, location);
    let refused = get(&forged);
    assert_eq!(refused.status(), 403);
    assert!(
        refused
            .text()
            .unwrap()
            .contains("signature we calculated does not match")
    );
    let log: Vec<(Listener, u16, bool)> = hub
        .requests()
        .iter()
        .map(|r| (r.listener, r.status, r.authorization))
        .collect();
    assert_eq!(
        log,
        [
            (Listener::Cdn, 200, false),
            (Listener::Cdn, 206, false),
            (Listener::Cdn, 400, true),
            (Listener::Cdn, 403, false),
        ]
    );
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
    for id in [SPEECH, MIXED] {
        let dataset = hub.corpus().dataset(id).unwrap();
        for git_ref in &dataset.refs {
            let revision = git_ref.full_name().replace('/', "%2F");
            for file in &git_ref.commit.files {
                let facts = file.facts();
                let response = get(&resolve_url(&hub, id, &revision, &file.path));
                let bytes = match response.status().as_u16() {
                    302 | 307 => get(&follow(&hub, &header(&response, "location").unwrap()))
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
    assert_eq!(get_with(&url, GRANTED).status(), 307);
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
