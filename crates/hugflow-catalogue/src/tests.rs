use crate::ListedDataset;
use hugflow_core::status::{DatasetStatus, StatusReport};

use crate::search::COUNT_CAP;
use crate::search::match_expression;
use crate::{Catalogue, Filters, SearchQuery, Sort};

fn dataset(id: &str, downloads: u64, tags: &[&str], modified: &str) -> ListedDataset {
    serde_json::from_value(serde_json::json!({
        "id": id,
        "author": id.split('/').next().unwrap(),
        "lastModified": modified,
        "downloads": downloads,
        "likes": downloads / 10,
        "gated": if tags.contains(&"gated") { serde_json::json!("manual") } else { serde_json::json!(false) },
        "tags": tags.iter().filter(|t| **t != "gated").collect::<Vec<_>>(),
        "cardData": {"pretty_name": format!("{} corpus", id.split('/').next_back().unwrap())},
    }))
    .unwrap()
}

fn catalogue() -> (tempfile::TempDir, Catalogue) {
    let dir = tempfile::tempdir().unwrap();
    let catalogue = Catalogue::open(&dir.path().join("catalogue.sqlite")).unwrap();
    let items = vec![
        dataset(
            "openslr/librispeech_asr",
            90_000,
            &[
                "task_categories:automatic-speech-recognition",
                "language:en",
                "modality:audio",
                "license:cc-by-4.0",
            ],
            "2025-01-01T00:00:00.000Z",
        ),
        dataset(
            "mozilla-foundation/common_voice_11_0",
            80_000,
            &[
                "task_categories:automatic-speech-recognition",
                "language:en",
                "language:ms",
                "modality:audio",
                "gated",
            ],
            "2025-02-01T00:00:00.000Z",
        ),
        dataset(
            "malaysia-ai/asr-malay",
            500,
            &[
                "task_categories:automatic-speech-recognition",
                "language:ms",
                "modality:audio",
            ],
            "2025-03-01T00:00:00.000Z",
        ),
        dataset(
            "someone/asr",
            3,
            &["task_categories:text-classification", "language:en"],
            "2025-04-01T00:00:00.000Z",
        ),
        dataset(
            "rajpurkar/squad",
            70_000,
            &[
                "task_categories:question-answering",
                "language:en",
                "modality:text",
            ],
            "2025-05-01T00:00:00.000Z",
        ),
    ];
    catalogue.ingest(&items, 1).unwrap();
    (dir, catalogue)
}

fn ids(catalogue: &Catalogue, query: SearchQuery) -> Vec<String> {
    catalogue
        .search(&query)
        .unwrap()
        .items
        .into_iter()
        .map(|e| e.id)
        .collect()
}

fn text(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        limit: 50,
        ..Default::default()
    }
}

#[test]
fn an_exact_id_match_ranks_first() {
    let (_dir, catalogue) = catalogue();
    // "asr" appears in several ids; the dataset literally named asr wins despite 3 downloads.
    let found = ids(&catalogue, text("asr"));
    assert_eq!(found[0], "someone/asr");
    assert!(found.contains(&"openslr/librispeech_asr".to_string()));
    assert_eq!(
        ids(&catalogue, text("rajpurkar/squad"))[0],
        "rajpurkar/squad"
    );
}

#[test]
fn prefixes_match_as_you_type() {
    let (_dir, catalogue) = catalogue();
    assert_eq!(ids(&catalogue, text("libri")), ["openslr/librispeech_asr"]);
    assert_eq!(
        ids(&catalogue, text("common vo")),
        ["mozilla-foundation/common_voice_11_0"]
    );
    assert!(ids(&catalogue, text("nothing-like-this")).is_empty());
}

#[test]
fn user_text_cannot_break_the_fts_syntax() {
    let (_dir, catalogue) = catalogue();
    for hostile in [
        "\"",
        "asr*\"",
        "NEAR(",
        "a OR b",
        "-squad",
        "col:umn",
        "'; DROP TABLE datasets; --",
        "^",
    ] {
        catalogue
            .search(&text(hostile))
            .unwrap_or_else(|e| panic!("{hostile:?}: {e}"));
    }
    assert_eq!(match_expression("  "), None);
    assert_eq!(
        match_expression("Common_Voice").unwrap(),
        "\"common\"* \"voice\"*"
    );
    assert_eq!(catalogue.len().unwrap(), 5);
}

#[test]
fn filters_combine() {
    let (_dir, catalogue) = catalogue();
    let query = |filters: Filters| SearchQuery {
        filters,
        sort: Sort::Downloads,
        limit: 50,
        ..Default::default()
    };
    let asr = Filters {
        tasks: vec!["automatic-speech-recognition".into()],
        ..Default::default()
    };
    assert_eq!(ids(&catalogue, query(asr.clone())).len(), 3);
    let asr_ms = Filters {
        languages: vec!["ms".into()],
        ..asr.clone()
    };
    assert_eq!(
        ids(&catalogue, query(asr_ms.clone())),
        [
            "mozilla-foundation/common_voice_11_0",
            "malaysia-ai/asr-malay"
        ]
    );
    let open_asr_ms = Filters {
        gated: Some(false),
        ..asr_ms.clone()
    };
    assert_eq!(
        ids(&catalogue, query(open_asr_ms)),
        ["malaysia-ai/asr-malay"]
    );
    let either_language = Filters {
        languages: vec!["ms".into(), "en".into()],
        ..asr
    };
    assert_eq!(
        ids(&catalogue, query(either_language)).len(),
        3,
        "values of one facet are alternatives"
    );
    let with_text = SearchQuery {
        text: "malay".into(),
        filters: asr_ms,
        limit: 50,
        ..Default::default()
    };
    assert_eq!(ids(&catalogue, with_text), ["malaysia-ai/asr-malay"]);
}

#[test]
fn sorts_and_counts() {
    let (_dir, catalogue) = catalogue();
    let page = |sort| {
        catalogue
            .search(&SearchQuery {
                sort,
                limit: 2,
                ..Default::default()
            })
            .unwrap()
    };
    let by_downloads = page(Sort::Downloads);
    assert_eq!(
        by_downloads.total, 5,
        "total counts every match, not the page"
    );
    assert_eq!(by_downloads.items.len(), 2);
    assert_eq!(by_downloads.items[0].id, "openslr/librispeech_asr");
    assert_eq!(page(Sort::Updated).items[0].id, "rajpurkar/squad");
}

#[test]
fn hosts_favourites_and_recents_join_in() {
    let (_dir, catalogue) = catalogue();
    let report = StatusReport {
        schema: 1,
        root: "/srv".into(),
        state_dir: "/srv/.hugflow-state".into(),
        storage_root: "/data".into(),
        last_updated: None,
        datasets: vec![DatasetStatus {
            hf_id: "rajpurkar/squad".into(),
            description: "qa".into(),
            revision: "main".into(),
            subset: None,
            split: "train".into(),
            download_mode: "full".into(),
            storage_name: "rajpurkar__squad__rev_main".into(),
            size_bytes: Some(42),
            file_count: Some(2),
            added_at: "2026-11-21T20:40:29.021643".into(),
            path: Some("/data/rajpurkar__squad__rev_main".into()),
            present: true,
        }],
        in_progress: vec![],
    };
    catalogue.set_host_datasets("local", &report).unwrap();
    let on_host = SearchQuery {
        filters: Filters {
            on_host: true,
            ..Default::default()
        },
        limit: 10,
        ..Default::default()
    };
    let found = catalogue.search(&on_host).unwrap().items;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].hosts, ["local"]);
    assert_eq!(
        catalogue.held_by("rajpurkar/squad").unwrap()[0].size_bytes,
        Some(42)
    );

    catalogue.set_favourite("someone/asr", true).unwrap();
    assert!(catalogue.search(&text("someone")).unwrap().items[0].favourite);
    assert_eq!(catalogue.favourites().unwrap(), ["someone/asr"]);
    catalogue.set_favourite("someone/asr", false).unwrap();
    assert!(catalogue.favourites().unwrap().is_empty());

    catalogue.viewed("a/1").unwrap();
    catalogue.viewed("b/2").unwrap();
    catalogue.viewed("a/1").unwrap();
    assert_eq!(catalogue.recent().unwrap(), ["a/1", "b/2"]);
}

#[test]
fn reingesting_updates_only_what_changed() {
    let (_dir, catalogue) = catalogue();
    let same = dataset(
        "openslr/librispeech_asr",
        90_000,
        &[],
        "2025-01-01T00:00:00.000Z",
    );
    let changed = dataset(
        "rajpurkar/squad",
        1,
        &["language:fr"],
        "2026-01-01T00:00:00.000Z",
    );
    let count = catalogue.ingest(&[same, changed], 1).unwrap();
    assert_eq!((count.inserted, count.updated, count.unchanged), (0, 1, 1));
    let fr = SearchQuery {
        filters: Filters {
            languages: vec!["fr".into()],
            ..Default::default()
        },
        limit: 5,
        ..Default::default()
    };
    assert_eq!(ids(&catalogue, fr), ["rajpurkar/squad"]);
    let en = SearchQuery {
        filters: Filters {
            languages: vec!["en".into()],
            ..Default::default()
        },
        limit: 5,
        ..Default::default()
    };
    assert!(
        !ids(&catalogue, en).contains(&"rajpurkar/squad".to_string()),
        "old tags are gone"
    );
    assert_eq!(catalogue.prune_before(1).unwrap(), 0);
    assert_eq!(catalogue.prune_before(2).unwrap(), 5);
    assert!(
        catalogue.search(&text("squad")).unwrap().items.is_empty(),
        "the FTS index follows deletes"
    );
}

#[test]
fn exact_ids_match_in_any_case_and_a_typed_author_must_agree() {
    let (_dir, catalogue) = catalogue();
    assert_eq!(
        ids(&catalogue, text("OPENSLR/LibriSpeech_ASR"))[0],
        "openslr/librispeech_asr"
    );
    assert_eq!(ids(&catalogue, text("SQuAD"))[0], "rajpurkar/squad");
    assert!(
        !ids(&catalogue, text("someone-else/squad")).contains(&"rajpurkar/squad".to_string()),
        "the name alone is not an exact match when an author was typed"
    );
}

#[test]
fn tags_that_every_dataset_has_do_not_match_text() {
    let (_dir, catalogue) = catalogue();
    let noisy = dataset(
        "team/plain",
        1,
        &["library:datasets", "region:us", "modality:audio"],
        "2025-06-01T00:00:00.000Z",
    );
    catalogue.ingest(&[noisy], 1).unwrap();
    assert!(ids(&catalogue, text("library")).is_empty());
    assert!(ids(&catalogue, text("region")).is_empty());
    assert!(ids(&catalogue, text("audio")).contains(&"team/plain".to_string()));
}

#[test]
fn many_matches_are_counted_up_to_the_cap_most_downloaded_first() {
    let (_dir, catalogue) = catalogue();
    let many: Vec<ListedDataset> = (0..1_200u64)
        .map(|i| {
            dataset(
                &format!("bulk/corpus-{i}"),
                i,
                &["language:en"],
                "2025-07-01T00:00:00.000Z",
            )
        })
        .collect();
    catalogue.ingest(&many, 1).unwrap();
    let found = catalogue.search(&text("corpus")).unwrap();
    assert_eq!((found.total, found.total_capped), (COUNT_CAP, true));
    assert!(
        found.items.iter().all(|e| e.downloads >= 1_000),
        "a popular match is never passed over for an unpopular one"
    );
    let few = catalogue.search(&text("librispeech")).unwrap();
    assert_eq!((few.total, few.total_capped), (1, false));
    let last_page = catalogue
        .search(&SearchQuery {
            offset: 1_150,
            ..text("bulk")
        })
        .unwrap();
    assert_eq!(last_page.items.len(), 50, "pages past the ranked window");
}

#[test]
fn pruning_drops_tag_rows_too() {
    let (_dir, catalogue) = catalogue();
    let tag_rows = || -> i64 {
        catalogue
            .db
            .with(|c| Ok(c.query_row("SELECT count(*) FROM dataset_tags", [], |r| r.get(0))?))
            .unwrap()
    };
    assert!(tag_rows() > 0);
    catalogue.prune_before(2).unwrap();
    assert_eq!(tag_rows(), 0);
}

#[test]
fn a_catalogue_from_before_the_search_keys_is_backfilled_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalogue.sqlite");
    {
        let old = hugflow_db::Database::open_with(&path, &crate::schema::STEPS[..1]).unwrap();
        old.with(|c| {
            c.execute(
                "INSERT INTO datasets (id, author, title, tags, downloads)
                 VALUES ('openslr/librispeech_asr', 'openslr', 'LibriSpeech',
                         'task_categories:automatic-speech-recognition library:datasets', 90000)",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    }
    let catalogue = Catalogue::open(&path).unwrap();
    assert_eq!(ids(&catalogue, text("libri")), ["openslr/librispeech_asr"]);
    assert_eq!(
        ids(&catalogue, text("automatic speech")),
        ["openslr/librispeech_asr"]
    );
    assert!(ids(&catalogue, text("library")).is_empty());
    assert_eq!(catalogue.backfill_search().unwrap(), 0, "once only");
}
