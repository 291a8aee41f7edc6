//! The client against the test Hub, which speaks the real protocol (and is itself checked
//! against the Python `huggingface_hub` client in hugflow-testkit).

use std::time::{Duration, Instant};

use hugflow_core::config::Secret;
use hugflow_hub::{
    EntryKind, HubClient, HubConfig, HubError, ListQuery, NotFoundKind, RetryPolicy,
};
use hugflow_testkit::hub::{Corpus, FakeDataset, FakeFile, FakeHub, Gated, HubOptions};

fn client(hub: &FakeHub, token: Option<&str>) -> HubClient {
    let config = HubConfig::new(hub.url())
        .with_viewer_endpoint(Some(hub.viewer_url().to_string()))
        .with_token(token.map(Secret::new))
        .with_retry(RetryPolicy::quick());
    HubClient::new(config).unwrap()
}

fn corpus_with(datasets: Vec<FakeDataset>) -> Corpus {
    let mut corpus = Corpus::generate(250, 7);
    for dataset in datasets {
        corpus.insert(dataset);
    }
    corpus
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn listing_follows_the_link_header_across_pages() {
    let hub = FakeHub::start(Corpus::generate(250, 7));
    let client = client(&hub, Some(hub.token()));
    let query = ListQuery {
        limit: Some(100),
        sort: Some("downloads".into()),
        ..Default::default()
    };
    let all = runtime().block_on(client.list_all(&query, 10_000)).unwrap();
    assert_eq!(all.len(), 250);
    let mut ids: Vec<&str> = all.iter().map(|d| d.id.as_str()).collect();
    assert!(
        all.windows(2).all(|w| w[0].downloads >= w[1].downloads),
        "sorted by downloads"
    );
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 250, "no dataset twice across pages");
    let pages = hub
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/api/datasets?"))
        .count();
    assert_eq!(pages, 3);
    assert!(
        hub.requests().iter().all(|r| r.authorization),
        "the token goes to the Hub"
    );
}

#[test]
fn search_and_filters_reach_the_hub() {
    let hub = FakeHub::start(Corpus::generate(500, 3));
    let client = client(&hub, None);
    let first = hub.corpus().id_at(0).to_string();
    let query = ListQuery {
        search: Some(first.clone()),
        limit: Some(10),
        full: true,
        ..Default::default()
    };
    let found = runtime()
        .block_on(client.list_datasets(&query))
        .unwrap()
        .items;
    assert!(
        found.iter().any(|d| d.id == first),
        "{first} not in {found:?}"
    );
    assert!(found[0].card_data.is_some(), "full=true brings the card");
    let filtered = ListQuery {
        filter: vec!["modality:audio".into()],
        limit: Some(50),
        ..Default::default()
    };
    let audio = runtime()
        .block_on(client.list_datasets(&filtered))
        .unwrap()
        .items;
    assert!(!audio.is_empty());
    assert!(
        audio
            .iter()
            .all(|d| d.tags.iter().any(|t| t == "modality:audio"))
    );
}

#[test]
fn info_at_a_revision_and_refs_agree() {
    let dataset = FakeDataset::builder("org/versioned")
        .file("README.md", &b"# v1\n"[..])
        .branch("v2", [FakeFile::bytes("README.md", &b"# v2\n"[..])])
        .build();
    let hub = FakeHub::start(corpus_with(vec![dataset]));
    let client = client(&hub, None);
    let rt = runtime();
    let main = rt
        .block_on(client.dataset_info("org/versioned", None))
        .unwrap();
    let v2 = rt
        .block_on(client.dataset_info("org/versioned", Some("v2")))
        .unwrap();
    let refs = rt.block_on(client.refs("org/versioned")).unwrap();
    let branch = |name: &str| {
        refs.branches
            .iter()
            .find(|b| b.name == name)
            .unwrap()
            .target_commit
            .clone()
    };
    assert_eq!(main.sha.as_deref(), Some(branch("main").as_str()));
    assert_eq!(v2.sha.as_deref(), Some(branch("v2").as_str()));
    assert_ne!(main.sha, v2.sha);
    let by_sha = rt
        .block_on(client.dataset_info("org/versioned", v2.sha.as_deref()))
        .unwrap();
    assert_eq!(by_sha.sha, v2.sha);
    let error = rt
        .block_on(client.dataset_info("org/versioned", Some("nope")))
        .unwrap_err();
    assert!(
        matches!(
            error,
            HubError::NotFound {
                kind: NotFoundKind::Revision,
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn repository_errors_say_what_the_hub_means_with_and_without_a_token() {
    let private = FakeDataset::builder("org/secret")
        .file("a.txt", &b"a"[..])
        .private(true)
        .build();
    let hub = FakeHub::start(corpus_with(vec![private]));
    let rt = runtime();
    let anonymous = client(&hub, None);
    let with_token = client(&hub, Some(hub.token()));
    let host = url::Url::parse(hub.url())
        .unwrap()
        .host_str()
        .unwrap()
        .to_string();
    // Anonymous: the Hub answers a typo and a private dataset alike (401, no code).
    for id in ["org/typo", "org/secret"] {
        let error = rt.block_on(anonymous.dataset_info(id, None)).unwrap_err();
        let HubError::NotFoundOrPrivate {
            id: named,
            host: on,
        } = &error
        else {
            panic!("{id}: {error:?}")
        };
        assert_eq!((named.as_str(), on.as_str()), (id, host.as_str()));
        assert_eq!(error.kind(), "not_found_or_private");
        let text = error.to_string();
        assert!(
            text.contains(&format!("`{id}`")) && text.contains("not found, or private/gated"),
            "{text}"
        );
        assert!(text.contains("HF_TOKEN"), "{text}");
    }
    // With a token, the Hub tells them apart.
    let error = rt
        .block_on(with_token.dataset_info("org/typo", None))
        .unwrap_err();
    assert!(
        matches!(
            error,
            HubError::NotFound {
                kind: NotFoundKind::Repo,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("org/typo"), "{error}");
    assert!(
        rt.block_on(with_token.dataset_info("org/secret", None))
            .unwrap()
            .private
    );
    // A token the Hub refuses is named as such, not as a missing dataset.
    let refused = rt
        .block_on(client(&hub, Some("hf_not_a_real_token")).dataset_info("org/typo", None))
        .unwrap_err();
    assert!(
        matches!(refused, HubError::Unauthorized { .. }),
        "{refused:?}"
    );
    assert!(
        refused.to_string().contains("refused the token"),
        "{refused}"
    );
}

#[test]
fn disabled_datasets_describe_themselves_and_refuse_their_files() {
    let disabled = FakeDataset::builder("org/taken-down")
        .file("a.txt", &b"a"[..])
        .disabled()
        .build();
    let enabled = FakeDataset::builder("org/kept")
        .file("a.txt", &b"a"[..])
        .build();
    let hub = FakeHub::start(corpus_with(vec![disabled, enabled]));
    let rt = runtime();
    for token in [None, Some(hub.token())] {
        let client = client(&hub, token);
        let info = rt
            .block_on(client.dataset_info("org/taken-down", None))
            .unwrap();
        assert!(info.disabled, "info says disabled ({token:?})");
        assert!(
            !rt.block_on(client.dataset_info("org/kept", None))
                .unwrap()
                .disabled
        );
        let tree = rt
            .block_on(client.tree("org/taken-down", "main", ""))
            .unwrap_err();
        let file = rt
            .block_on(client.file_metadata("org/taken-down", "main", "a.txt"))
            .unwrap_err();
        for error in [tree, file] {
            assert!(
                matches!(&error, HubError::Disabled { id, .. } if id == "org/taken-down"),
                "{error:?}"
            );
            assert_eq!(error.kind(), "disabled");
            assert!(
                error.to_string().contains("disabled")
                    && error.to_string().contains("pick another dataset"),
                "{error}"
            );
        }
    }
    let listed = rt
        .block_on(client(&hub, None).list_all(&ListQuery::default(), 10_000))
        .unwrap();
    let flag = |id: &str| listed.iter().find(|d| d.id == id).map(|d| d.disabled);
    assert_eq!(flag("org/taken-down"), Some(true));
    assert_eq!(flag("org/kept"), Some(false));
}

#[test]
fn trees_are_read_across_pages() {
    let mut builder = FakeDataset::builder("org/many-files");
    for i in 0..12 {
        builder = builder.file(
            &format!("data/part-{i:02}.json"),
            format!("{{\"i\":{i}}}").into_bytes(),
        );
    }
    let options = HubOptions {
        tree_page_size: 5,
        ..HubOptions::default()
    };
    let hub = FakeHub::start_with(corpus_with(vec![builder.build()]), options);
    let client = client(&hub, None);
    let entries = runtime()
        .block_on(client.tree("org/many-files", "main", ""))
        .unwrap();
    let files: Vec<_> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::File)
        .collect();
    assert_eq!(files.len(), 12);
    assert!(
        entries
            .iter()
            .any(|e| e.kind == EntryKind::Directory && e.path == "data")
    );
    assert_eq!(files[0].size, "{\"i\":0}".len() as u64);
    let pages = hub
        .requests()
        .iter()
        .filter(|r| r.path.contains("/tree/"))
        .count();
    assert!(pages >= 3, "{pages} tree pages");
}

#[test]
fn gated_datasets_explain_how_to_get_access() {
    let dataset = FakeDataset::builder("org/gated")
        .file("a.txt", &b"a"[..])
        .gated(Gated::Manual)
        .access("hf_allowed")
        .build();
    let options = HubOptions {
        tokens: vec!["hf_valid".into(), "hf_allowed".into()],
        ..HubOptions::default()
    };
    let hub = FakeHub::start_with(corpus_with(vec![dataset]), options);
    let rt = runtime();
    // Info and trees stay public on a gated dataset (as on the Hub); its data does not.
    assert_eq!(
        rt.block_on(client(&hub, None).tree("org/gated", "main", ""))
            .unwrap()
            .len(),
        1
    );
    let anonymous = rt
        .block_on(client(&hub, None).file_metadata("org/gated", "main", "a.txt"))
        .unwrap_err();
    let HubError::Gated {
        message,
        access_url,
        ..
    } = &anonymous
    else {
        panic!("{anonymous:?}")
    };
    assert!(message.contains("Please log in"), "{message}");
    assert!(access_url.ends_with("/datasets/org/gated"), "{access_url}");
    assert!(anonymous.to_string().contains("Request access at"));
    let refused = rt
        .block_on(client(&hub, Some("hf_valid")).file_metadata("org/gated", "main", "a.txt"))
        .unwrap_err();
    let HubError::Gated { message, .. } = &refused else {
        panic!("{refused:?}")
    };
    assert!(message.contains("not in the authorized list"), "{message}");
    let allowed = rt
        .block_on(client(&hub, Some("hf_allowed")).file_metadata("org/gated", "main", "a.txt"))
        .unwrap();
    assert_eq!(allowed.size, 1);
    let bad = rt
        .block_on(client(&hub, Some("hf_wrong")).list_datasets(&ListQuery::default()))
        .unwrap_err();
    assert!(matches!(bad, HubError::Unauthorized { .. }), "{bad:?}");
}

#[test]
fn rate_limits_are_waited_out_as_the_hub_asks() {
    let hub = FakeHub::start(Corpus::generate(20, 1));
    hub.faults().rate_limit(2, 1, Some("/api/datasets"));
    let client = client(&hub, None);
    let started = Instant::now();
    let page = runtime()
        .block_on(client.list_datasets(&ListQuery::default()))
        .unwrap();
    assert_eq!(page.items.len(), 20);
    // Two 429s asking for 1 s each: the quick policy's own backoff is 10-50 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(1900),
        "waited only {:?}",
        started.elapsed()
    );
    let statuses: Vec<u16> = hub.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 429, 200]);
}

#[test]
fn a_long_rate_limit_is_surfaced_with_when_to_retry() {
    let hub = FakeHub::start(Corpus::generate(5, 1));
    hub.faults().rate_limit(1, 600, None);
    let error = runtime()
        .block_on(client(&hub, None).list_datasets(&ListQuery::default()))
        .unwrap_err();
    let HubError::RateLimited { retry_after, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*retry_after, Duration::from_secs(600));
    assert!(error.to_string().contains("retry in 600 s"), "{error}");
}

#[test]
fn server_errors_are_retried_then_surfaced() {
    let hub = FakeHub::start(Corpus::generate(5, 1));
    let client = client(&hub, None);
    let rt = runtime();
    hub.faults().fail(2, 503, None);
    assert_eq!(
        rt.block_on(client.list_datasets(&ListQuery::default()))
            .unwrap()
            .items
            .len(),
        5
    );
    hub.faults().fail(100, 500, None);
    let error = rt
        .block_on(client.list_datasets(&ListQuery::default()))
        .unwrap_err();
    assert!(
        matches!(
            error,
            HubError::Server {
                status: 500,
                attempts: 4,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.is_unreachable());
}

#[test]
fn malformed_json_names_the_endpoint() {
    let hub = FakeHub::start(Corpus::generate(5, 1));
    let id = hub.corpus().id_at(0).to_string();
    hub.faults().malformed_json(1, "/api/datasets/");
    let error = runtime()
        .block_on(client(&hub, None).dataset_info(&id, None))
        .unwrap_err();
    let HubError::Malformed { endpoint, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(
        endpoint.ends_with(&format!("/api/datasets/{id}")),
        "{endpoint}"
    );
}

#[test]
fn offline_is_reported_as_such() {
    let mut hub = FakeHub::start(Corpus::generate(5, 1));
    let client = client(&hub, None);
    hub.stop();
    let error = runtime()
        .block_on(client.list_datasets(&ListQuery::default()))
        .unwrap_err();
    assert!(matches!(error, HubError::Offline { .. }), "{error:?}");
    assert!(error.to_string().contains("cannot reach"));
}

#[test]
fn the_viewer_answers_for_generated_datasets() {
    let hub = FakeHub::start(Corpus::generate(30, 11));
    let client = client(&hub, None);
    let rt = runtime();
    let id = hub.corpus().id_at(0).to_string();
    let splits = rt.block_on(client.splits(&id)).unwrap().splits;
    assert!(!splits.is_empty());
    let first = &splits[0];
    let rows = rt
        .block_on(client.first_rows(&id, &first.config, &first.split))
        .unwrap();
    assert!(!rows.features.is_empty());
    assert!(!rows.rows.is_empty());
    let size = rt.block_on(client.size(&id, None)).unwrap();
    assert!(size.total().and_then(|t| t.num_rows).unwrap_or(0) > 0);
    let config = rt.block_on(client.size(&id, Some(&first.config))).unwrap();
    let total = config.total().unwrap();
    assert_eq!(total.config.as_deref(), Some(first.config.as_str()));
    assert!(
        config.size.dataset.is_none(),
        "the viewer answers size.config"
    );
    let info = rt
        .block_on(client.viewer_info(&id, Some(&first.config)))
        .unwrap();
    assert!(!info.dataset_info.is_empty());
    let missing = rt
        .block_on(client.first_rows(&id, &first.config, "no-such-split"))
        .unwrap_err();
    assert!(matches!(missing, HubError::NotFound { .. }), "{missing:?}");
}

#[test]
fn file_metadata_reads_the_resolve_headers() {
    let dataset = FakeDataset::builder("org/files")
        .file("small.txt", &b"hello"[..])
        .add_file(FakeFile::noise("org/files", "data/big.parquet", 4096).with_lfs(true))
        .build();
    let hub = FakeHub::start(corpus_with(vec![dataset]));
    let client = client(&hub, Some(hub.token()));
    let rt = runtime();
    let commit = rt.block_on(client.refs("org/files")).unwrap().branches[0]
        .target_commit
        .clone();
    let small = rt
        .block_on(client.file_metadata("org/files", "main", "small.txt"))
        .unwrap();
    assert_eq!((small.size, small.commit.as_str()), (5, commit.as_str()));
    let cache = small
        .location
        .expect("small files are served from the resolve cache");
    assert!(cache.as_str().starts_with(hub.url()), "{cache}");
    assert_eq!(small.etag.len(), 40, "a git blob id");
    let big = rt
        .block_on(client.file_metadata("org/files", "main", "data/big.parquet"))
        .unwrap();
    assert_eq!(big.size, 4096);
    assert_eq!(big.etag.len(), 64, "the LFS sha256");
    let cdn = big.location.expect("LFS files redirect to the CDN");
    assert!(cdn.as_str().starts_with(hub.cdn_url()), "{cdn}");
}

#[test]
fn the_card_is_the_readme_without_front_matter_and_may_be_missing() {
    let with_card = FakeDataset::builder("team/with-card")
        .file(
            "README.md",
            "---\nlicense: mit\n---\n\n# With card\n\nSpoken <b>Malay</b>.\n",
        )
        .branch("v2", [FakeFile::bytes("README.md", "# Version two\n")])
        .build();
    let without = FakeDataset::builder("team/no-card")
        .file("data.json", "{}")
        .build();
    let hub = FakeHub::start(corpus_with(vec![with_card, without]));
    let client = client(&hub, Some(hub.token()));
    let rt = runtime();
    let card = rt.block_on(client.card("team/with-card", "main")).unwrap();
    assert_eq!(
        card.as_deref(),
        Some("# With card\n\nSpoken <b>Malay</b>.\n"),
        "the body, raw: the UI sanitizes"
    );
    let at_branch = rt.block_on(client.card("team/with-card", "v2")).unwrap();
    assert_eq!(at_branch.as_deref(), Some("# Version two\n"));
    assert_eq!(
        rt.block_on(client.card("team/no-card", "main")).unwrap(),
        None
    );
    let generated = hub.corpus().id_at(0).to_string();
    let card = rt
        .block_on(client.card(&generated, "main"))
        .unwrap()
        .unwrap();
    assert!(card.starts_with("# "), "{card}");
}
