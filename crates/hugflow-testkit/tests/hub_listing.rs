//! `GET /api/datasets`: cursor pages through `Link`, search, author, filters, sort, private
//! datasets, `full=true`, and errors.

mod common;

use common::*;
use hugflow_testkit::hub::{DEFAULT_TOKEN, parse_rfc3339};

#[test]
fn pages_follow_link_headers_through_the_whole_corpus() {
    let hub = hub();
    let first = get(&format!("{}/api/datasets?search=&sort=", hub.url()));
    let link = next_link(&first).expect("a next page");
    assert!(
        link.starts_with(&format!("{}/api/datasets?", hub.url())),
        "absolute URL on the Hub: {link}"
    );
    assert!(
        link.contains("search=&sort=&cursor="),
        "keeps the params: {link}"
    );
    assert_eq!(json(first).as_array().unwrap().len(), LIST_PAGE);

    let (items, pages) = all_pages(&format!("{}/api/datasets", hub.url()), None);
    let public: Vec<String> = hub
        .corpus()
        .ids()
        .filter(|id| !hub.corpus().dataset(id).unwrap().private)
        .map(String::from)
        .collect();
    assert_eq!(
        ids(&items),
        public,
        "every public dataset once, in corpus order"
    );
    assert_eq!(pages, public.len().div_ceil(LIST_PAGE));
}

#[test]
fn private_datasets_are_listed_only_with_a_valid_token() {
    let hub = hub();
    let url = format!("{}/api/datasets?author=acme", hub.url());
    let anonymous = ids(&all_pages(&url, None).0);
    assert!(!anonymous.contains(&PRIVATE.to_string()));
    let with_token = ids(&all_pages(&url, Some(DEFAULT_TOKEN)).0);
    assert!(with_token.contains(&PRIVATE.to_string()));
    assert_eq!(with_token.len(), anonymous.len() + 1);
}

#[test]
fn limit_caps_the_page_and_the_next_page_continues() {
    let hub = hub();
    let response = get(&format!("{}/api/datasets?limit=7", hub.url()));
    let next = next_link(&response).expect("more remain");
    let first = ids(json(response).as_array().unwrap());
    assert_eq!(first.len(), 7);
    let second = ids(json(get(&next)).as_array().unwrap());
    assert_eq!(second.len(), 7);
    let all: Vec<String> = hub.corpus().ids().take(20).map(String::from).collect();
    let both: Vec<String> = first.into_iter().chain(second).collect();
    assert_eq!(
        both,
        all.into_iter()
            .filter(|id| !hub.corpus().dataset(id).unwrap().private)
            .take(14)
            .collect::<Vec<_>>()
    );
    // More than the page size is capped to it.
    let capped = json(get(&format!("{}/api/datasets?limit=5000", hub.url())));
    assert_eq!(capped.as_array().unwrap().len(), LIST_PAGE);
}

#[test]
fn search_is_a_case_insensitive_substring_of_the_id() {
    let hub = hub();
    let (items, _) = all_pages(&format!("{}/api/datasets?search=SPEECH", hub.url()), None);
    let found = ids(&items);
    assert!(found.contains(&SPEECH.to_string()));
    assert!(found.len() > 3, "generated speech datasets too: {found:?}");
    assert!(found.iter().all(|id| id.to_lowercase().contains("speech")));
    let none = json(get(&format!(
        "{}/api/datasets?search=zzzz-nothing",
        hub.url()
    )));
    assert_eq!(none, serde_json::json!([]));
}

#[test]
fn filters_match_tags_and_combine() {
    let hub = hub();
    let url = format!(
        "{}/api/datasets?filter=language:ms&filter=task_categories:automatic-speech-recognition",
        hub.url()
    );
    let (items, _) = all_pages(&url, None);
    assert!(!items.is_empty());
    for item in &items {
        let tags: Vec<&str> = item["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert!(tags.contains(&"language:ms"), "{tags:?}");
        assert!(tags.contains(&"task_categories:automatic-speech-recognition"));
    }
    assert!(ids(&items).contains(&SPEECH.to_string()));
    let gated = all_pages(&format!("{}/api/datasets?gated=true", hub.url()), None).0;
    assert!(gated.iter().all(|i| i["gated"] != false));
    assert!(ids(&gated).contains(&GATED.to_string()));
}

#[test]
fn sorts_descending_by_default_and_ascending_with_direction() {
    let hub = hub();
    for (sort, key) in [
        ("downloads", "downloads"),
        ("likes", "likes"),
        ("lastModified", "lastModified"),
        ("createdAt", "createdAt"),
    ] {
        let value = |item: &serde_json::Value| match item[key].as_str() {
            Some(date) => parse_rfc3339(date),
            None => item[key].as_i64().unwrap(),
        };
        let descending = all_pages(&format!("{}/api/datasets?sort={sort}", hub.url()), None).0;
        let values: Vec<i64> = descending.iter().map(value).collect();
        assert!(values.windows(2).all(|w| w[0] >= w[1]), "{sort} descending");
        let ascending = all_pages(
            &format!("{}/api/datasets?sort={sort}&direction=1", hub.url()),
            None,
        )
        .0;
        let values: Vec<i64> = ascending.iter().map(value).collect();
        assert!(values.windows(2).all(|w| w[0] <= w[1]), "{sort} ascending");
        assert_eq!(ascending.len(), descending.len());
    }
    let top = json(get(&format!(
        "{}/api/datasets?sort=downloads&limit=1",
        hub.url()
    )));
    assert!(
        top[0]["downloads"].as_u64().unwrap() > 1000,
        "heavy tail: {top}"
    );
}

#[test]
fn entries_have_the_hub_shape_and_full_adds_card_and_siblings() {
    let hub = hub();
    let items = json(get(&format!("{}/api/datasets?search=speech-ms", hub.url())));
    let item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == SPEECH)
        .expect("found");
    let keys: Vec<&str> = item
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "_id",
            "id",
            "author",
            "disabled",
            "gated",
            "lastModified",
            "likes",
            "trendingScore",
            "private",
            "sha",
            "description",
            "downloads",
            "tags",
            "createdAt",
            "key"
        ]
    );
    assert_eq!(item["author"], "acme");
    assert_eq!(item["downloads"], 123_456);
    assert_eq!(item["createdAt"], "2023-05-01T08:00:00.000Z");
    let sha = hub.corpus().dataset(SPEECH).unwrap().main().sha.clone();
    assert_eq!(item["sha"], sha.as_str());

    let full = json(get(&format!(
        "{}/api/datasets?search=speech-ms&full=true",
        hub.url()
    )));
    let item = full
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == SPEECH)
        .unwrap();
    assert_eq!(item["cardData"]["license"], "cc-by-4.0");
    let siblings: Vec<&str> = item["siblings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["rfilename"].as_str().unwrap())
        .collect();
    assert!(siblings.contains(&"data/train-00000-of-00002.parquet"));
    assert!(siblings.contains(&"README.md"));
}

#[test]
fn bad_requests_are_explained() {
    let hub = hub();
    let response = get(&format!("{}/api/datasets?sort=popularity", hub.url()));
    assert_eq!(response.status(), 400);
    assert_eq!(
        json(response)["error"],
        "Invalid sort parameter: popularity"
    );
    let response = get(&format!("{}/api/datasets?cursor=garbage", hub.url()));
    assert_eq!(response.status(), 400);
    let response = get_with(&format!("{}/api/datasets", hub.url()), "hf_wrong");
    assert_eq!(response.status(), 401);
    assert_eq!(
        header(&response, "x-error-message").as_deref(),
        Some("Invalid credentials in Authorization header")
    );
    assert_eq!(
        json(response),
        serde_json::json!({"error": "Invalid credentials in Authorization header"})
    );
}

#[test]
fn expand_returns_only_the_fields_asked_for() {
    let hub = hub();
    let keys = |value: &serde_json::Value| -> Vec<String> {
        value.as_object().unwrap().keys().cloned().collect()
    };
    let url = format!(
        "{}/api/datasets?search=speech-ms&expand=downloads&expand=cardData&expand=usedStorage",
        hub.url()
    );
    let items = json(get(&url));
    let item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == SPEECH)
        .unwrap();
    assert_eq!(
        keys(item),
        ["_id", "id", "cardData", "downloads", "usedStorage"]
    );
    assert_eq!(item["downloads"], 123_456);
    let info = json(get(&format!(
        "{}/api/datasets/{SPEECH}?expand=sha&expand=likes",
        hub.url()
    )));
    assert_eq!(keys(&info), ["_id", "id", "sha", "likes"]);
}
