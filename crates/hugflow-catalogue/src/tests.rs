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
fn inserting_first_gives_what_looking_up_first_gives() {
    // Known unchanged, known changed, new, and new again later in the same batch (the listing
    // can repeat an entry across pages): both ways must end with the same rows and index.
    let items = [
        dataset(
            "openslr/librispeech_asr",
            90_000,
            &[],
            "2025-01-01T00:00:00.000Z",
        ),
        dataset(
            "rajpurkar/squad",
            1,
            &["language:fr"],
            "2026-01-01T00:00:00.000Z",
        ),
        dataset(
            "new/corpus",
            7,
            &["language:de"],
            "2026-02-01T00:00:00.000Z",
        ),
        dataset(
            "new/corpus",
            9,
            &["language:it"],
            "2026-03-01T00:00:00.000Z",
        ),
    ];
    let (_a, looked_up) = catalogue();
    let (_b, inserted) = catalogue();
    let a = looked_up.ingest(&items, 1).unwrap();
    let b = inserted.ingest_with(&items, 1, true).unwrap();
    assert_eq!((a.inserted, a.updated, a.unchanged), (1, 2, 1));
    assert_eq!((b.inserted, b.updated, b.unchanged), (1, 2, 1));
    assert_eq!(index_dump(&looked_up), index_dump(&inserted));
    for language in ["de", "it", "fr", "en"] {
        let query = SearchQuery {
            filters: Filters {
                languages: vec![language.into()],
                ..Default::default()
            },
            limit: 10,
            ..Default::default()
        };
        assert_eq!(
            answer(&looked_up, &query),
            answer(&inserted, &query),
            "{language}"
        );
    }
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
    // A prefix of the common word: counted past the cap from the words its matches hold.
    let prefix = catalogue.search(&text("corp")).unwrap();
    assert_eq!((prefix.total, prefix.total_capped), (COUNT_CAP, true));
    assert!(prefix.items.iter().all(|e| e.downloads >= 1_000));
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

/// The search index's whole content (term, search key, column, offset), in order.
fn index_dump(catalogue: &Catalogue) -> Vec<(String, i64, String, i64)> {
    catalogue
        .db
        .with(|c| {
            c.execute_batch(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab
                 USING fts5vocab(main, datasets_search, 'instance')",
            )?;
            let rows = c
                .prepare(
                    "SELECT term, doc, col, offset FROM temp.search_vocab
                     ORDER BY term, doc, col, offset",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .unwrap()
}

/// What a search answers, all of it.
fn answer(catalogue: &Catalogue, query: &SearchQuery) -> (u64, bool, Vec<String>) {
    let found = catalogue.search(query).unwrap();
    let ids = found.items.into_iter().map(|e| e.id).collect();
    (found.total, found.total_capped, ids)
}

/// Writes `items` as schema step 2 did: one INSERT per dataset, indexed by its trigger.
fn ingest_row_by_row(path: &std::path::Path, items: &[ListedDataset]) {
    use crate::ingest::{gated_name, keywords, popularity, summary};
    let old = hugflow_db::Database::open_with(path, &crate::schema::STEPS[..2]).unwrap();
    old.with(|c| {
        for info in items {
            c.execute(
                "INSERT INTO datasets (id, author, title, description, sha, last_modified,
                    created_at, downloads, likes, private, gated, disabled, tags, crawl, keywords,
                    popularity)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1, ?14, ?15)",
                rusqlite::params![
                    info.id,
                    info.author.clone().unwrap_or_default(),
                    info.card_data
                        .as_ref()
                        .and_then(|c| c.pretty_name.clone())
                        .unwrap_or_default(),
                    summary(info),
                    info.sha,
                    info.last_modified.clone().unwrap_or_default(),
                    info.created_at,
                    info.downloads as i64,
                    info.likes as i64,
                    info.private,
                    gated_name(info.gated),
                    info.disabled,
                    info.tags.join(" "),
                    keywords(info.tags.iter().map(String::as_str)),
                    popularity(info.downloads),
                ],
            )?;
            let rowid = c.last_insert_rowid();
            for tag in info
                .tags
                .iter()
                .filter(|t| crate::search::FACETS.iter().any(|f| t.starts_with(f)))
            {
                c.execute(
                    "INSERT OR IGNORE INTO dataset_tags (tag, dataset_rowid) VALUES (?1, ?2)",
                    rusqlite::params![tag, rowid],
                )?;
            }
        }
        Ok(())
    })
    .unwrap();
}

/// Queries of every length, several words, filters, sorts and pages, drawn from `items`.
fn query_set(items: &[ListedDataset]) -> Vec<SearchQuery> {
    let mut texts: Vec<String> = [
        "a",
        "s",
        "c",
        "m",
        "x",
        "sp",
        "co",
        "au",
        "spe",
        "com",
        "aud",
        "spee",
        "comm",
        "audi",
        "speech",
        "common",
        "audio",
        "common v",
        "common voice",
        "image c",
        "en",
        "wiki",
        "q",
    ]
    .map(String::from)
    .to_vec();
    for info in items.iter().step_by(97).take(12) {
        let name = info.id.split('/').next_back().unwrap().to_string();
        let first: String = name.chars().take(4).collect();
        texts.extend([info.id.clone(), name, first]);
        if let Some(author) = &info.author {
            texts.push(author.chars().take(2).collect());
        }
    }
    let mut queries: Vec<SearchQuery> = texts.iter().map(|t| text(t)).collect();
    for (at, t) in texts.iter().enumerate().step_by(3) {
        let sort = [Sort::Relevance, Sort::Downloads, Sort::Likes, Sort::Updated][at % 4];
        queries.push(SearchQuery {
            text: t.clone(),
            sort,
            limit: 20,
            offset: 190,
            filters: Filters {
                gated: (at % 2 == 0).then_some(false),
                ..Default::default()
            },
        });
        queries.push(SearchQuery {
            text: t.clone(),
            limit: 10,
            filters: Filters {
                languages: vec!["en".into()],
                ..Default::default()
            },
            ..Default::default()
        });
    }
    queries
}

#[test]
fn the_crawl_s_batched_index_holds_what_row_by_row_triggers_wrote() {
    use hugflow_core::config::Secret;
    use hugflow_core::progress::{Cancel, NoProgress};
    use hugflow_hub::{HubClient, HubConfig, ListQuery};
    use hugflow_testkit::hub::{Corpus, FakeHub};

    let hub = FakeHub::start(Corpus::generate(3_000, 11));
    let client = HubClient::new(
        HubConfig::new(hub.url().to_string()).with_token(Some(Secret::new(hub.token()))),
    )
    .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // The listing as the crawl reads it, in the same order.
    let items: Vec<ListedDataset> = rt.block_on(async {
        let query = ListQuery {
            sort: Some("lastModified".into()),
            limit: Some(crate::refresh::PAGE_SIZE),
            expand: crate::LISTED_FIELDS.map(String::from).to_vec(),
            ..Default::default()
        };
        let mut page = client
            .list_datasets_as::<ListedDataset>(&query)
            .await
            .unwrap();
        let mut all = std::mem::take(&mut page.items);
        while let Some(next) = page.next.take() {
            page = client.next_page(&next).await.unwrap();
            all.append(&mut page.items);
        }
        all
    });
    assert_eq!(items.len(), 3_000);

    let dir = tempfile::tempdir().unwrap();
    let crawled = Catalogue::open(&dir.path().join("crawled.sqlite")).unwrap();
    let report = rt
        .block_on(crate::refresh::full_crawl(
            &crawled,
            &client,
            1000,
            &NoProgress,
            &Cancel::new(),
        ))
        .unwrap();
    assert_eq!(report.inserted, 3_000);

    // The same entries written one at a time through schema step 2's triggers, then opened
    // (and so migrated) by this build.
    let row_by_row_path = dir.path().join("row-by-row.sqlite");
    ingest_row_by_row(&row_by_row_path, &items);
    let row_by_row = Catalogue::open(&row_by_row_path).unwrap();
    let triggers: i64 = row_by_row
        .db
        .with(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(triggers, 0, "schema step 3 drops the indexing triggers");

    let (batched, triggered) = (index_dump(&crawled), index_dump(&row_by_row));
    assert!(batched.len() > 50_000, "{} index entries", batched.len());
    assert!(batched == triggered, "the two indexes differ");

    let queries = query_set(&items);
    let mut answered = 0;
    for query in &queries {
        let expected = answer(&row_by_row, query);
        assert_eq!(answer(&crawled, query), expected, "{query:?}");
        answered += usize::from(!expected.2.is_empty());
    }
    assert!(
        answered > queries.len() * 3 / 4,
        "{answered} of {} found something",
        queries.len()
    );

    // Both keep the index in step from here on.
    let mut changed = items[7].clone();
    changed.last_modified = Some("2031-01-01T00:00:00.000Z".into());
    changed.card_data = Some(crate::CardSummary {
        pretty_name: Some("Zyzzyva Benchmark".into()),
        description: None,
    });
    for catalogue in [&crawled, &row_by_row] {
        catalogue.ingest(std::slice::from_ref(&changed), 2).unwrap();
        assert_eq!(ids(catalogue, text("zyzzyva")), [changed.id.clone()]);
    }
    assert!(index_dump(&crawled) == index_dump(&row_by_row));
}

#[test]
fn one_letter_queries_return_names_by_that_letter_most_popular_first() {
    let (_dir, catalogue) = catalogue();
    let more: Vec<ListedDataset> = [
        ("someone/Speech-Set", 40_000),
        ("team/squeak", 75_000),
        ("team/sound", 10),
        ("other/s", 5),
        ("team/tts-speech", 1_000_000),
    ]
    .iter()
    .map(|(id, downloads)| dataset(id, *downloads, &["language:en"], "2025-08-01T00:00:00.000Z"))
    .collect();
    catalogue.ingest(&more, 1).unwrap();
    let found = catalogue.search(&text("s")).unwrap();
    let found: Vec<(String, u64)> = found
        .items
        .into_iter()
        .map(|e| (e.id, e.downloads))
        .collect();
    assert_eq!(
        found.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
        [
            "other/s",
            "team/squeak",
            "rajpurkar/squad",
            "someone/Speech-Set",
            "team/sound",
            "someone/asr"
        ]
        .map(String::from)
        .iter()
        .filter(|id| id.as_str() != "someone/asr")
        .map(String::as_str)
        .collect::<Vec<_>>(),
        "the exact name first, then names starting with s (any case), by downloads: {found:?}"
    );
    assert_eq!(ids(&catalogue, text("S")), ids(&catalogue, text("s")));
    assert_eq!(catalogue.search(&text("s")).unwrap().total, 5);
    let squad_only = SearchQuery {
        filters: Filters {
            tasks: vec!["question-answering".into()],
            ..Default::default()
        },
        ..text("s")
    };
    assert_eq!(ids(&catalogue, squad_only), ["rajpurkar/squad"]);
    assert_eq!(
        ids(&catalogue, text("s q")),
        ["rajpurkar/squad"],
        "other one-letter words start a word of the rest"
    );

    // Past the cap, the most popular come first and the count stops.
    let many: Vec<ListedDataset> = (0..1_100u64)
        .map(|i| {
            dataset(
                &format!("bulk/k{i}"),
                i * 7 % 1_000,
                &[],
                "2025-07-01T00:00:00.000Z",
            )
        })
        .collect();
    catalogue.ingest(&many, 1).unwrap();
    let k = catalogue.search(&text("k")).unwrap();
    assert_eq!((k.total, k.total_capped), (COUNT_CAP, true));
    let downloads: Vec<u64> = k.items.iter().map(|e| e.downloads).collect();
    assert!(downloads.windows(2).all(|w| w[0] >= w[1]), "{downloads:?}");
    assert_eq!(downloads[0], 999);
}

#[test]
fn a_dataset_written_twice_in_one_transaction_is_indexed_once() {
    let (_dir, catalogue) = catalogue();
    let first = dataset("team/twice", 10, &[], "2025-01-01T00:00:00.000Z");
    let mut second = dataset("team/twice", 90_000, &[], "2025-02-01T00:00:00.000Z");
    second.card_data = Some(crate::CardSummary {
        pretty_name: Some("Renamed".into()),
        description: None,
    });
    let count = catalogue.ingest(&[first, second], 1).unwrap();
    assert_eq!((count.inserted, count.updated), (1, 1));
    assert_eq!(ids(&catalogue, text("twice")), ["team/twice"]);
    assert_eq!(ids(&catalogue, text("renamed")), ["team/twice"]);
    assert!(
        ids(&catalogue, text("twice corpus")).is_empty(),
        "the first title is gone"
    );
    let keys: Vec<i64> = index_dump(&catalogue)
        .into_iter()
        .filter(|(term, ..)| term == "twice")
        .map(|(_, key, ..)| key)
        .collect();
    assert_eq!(keys.len(), 1, "indexed once: {keys:?}");
}

#[test]
fn one_letter_queries_read_the_initial_index_in_order() {
    let (_dir, catalogue) = catalogue();
    let plan: Vec<String> = catalogue
        .db
        .with(|c| {
            Ok(c.prepare(
                "EXPLAIN QUERY PLAN SELECT d.rowid FROM datasets d INDEXED BY datasets_initial
                 WHERE lower(substr(d.id, instr(d.id, '/') + 1, 1)) = 's'
                 ORDER BY d.popularity DESC, d.rowid LIMIT 10",
            )?
            .query_map([], |r| r.get(3))?
            .collect::<Result<_, _>>()?)
        })
        .unwrap();
    assert!(
        plan.iter().all(|step| !step.contains("TEMP B-TREE")),
        "no sort: {plan:?}"
    );
}
