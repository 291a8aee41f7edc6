use serde_json::{Map, Value, json};

use super::*;

const ID: &str = "acme/speech";

fn card(value: Value) -> Map<String, Value> {
    value.as_object().cloned().expect("an object")
}

fn select(
    card_data: Value,
    subset: &str,
    split: &str,
    paths: &[&str],
) -> Result<Vec<String>, SelectionError> {
    let configs = card_configs(ID, Some(&card(card_data)))?;
    select_from_card(ID, &configs, subset, split, paths.iter().copied())
}

const REPO: &[&str] = &[
    ".gitattributes",
    "README.md",
    "data/train-00000-of-00002.parquet",
    "data/train-00001-of-00002.parquet",
    "data/test-00000-of-00001.parquet",
    "ms/train.jsonl",
    "ms/test.jsonl",
    "ms/.cache/train.jsonl",
    "audio/train/000001.flac",
    "audio/train/metadata.jsonl",
    "audio/test/000001.flac",
];

#[test]
fn a_string_is_the_train_split() {
    let files = select(
        json!({"configs": [{"config_name": "ms", "data_files": "ms/*.jsonl"}]}),
        "ms",
        "train",
        REPO,
    )
    .unwrap();
    assert_eq!(files, ["ms/test.jsonl", "ms/train.jsonl"]);
}

#[test]
fn a_list_of_patterns_is_the_train_split() {
    let files = select(
        json!({"configs": [{"config_name": "default", "data_files": ["data/train-*", "ms/train.jsonl"]}]}),
        "default",
        "train",
        REPO,
    )
    .unwrap();
    assert_eq!(
        files,
        [
            "data/train-00000-of-00002.parquet",
            "data/train-00001-of-00002.parquet",
            "ms/train.jsonl"
        ]
    );
}

#[test]
fn split_entries_with_a_pattern_or_a_list() {
    let card_data = json!({"configs": [{"config_name": "default", "data_files": [
        {"split": "train", "path": "data/train-*"},
        {"split": "test", "path": ["data/test-00000-of-00001.parquet"]},
    ]}]});
    assert_eq!(
        select(card_data.clone(), "default", "test", REPO).unwrap(),
        ["data/test-00000-of-00001.parquet"]
    );
    assert_eq!(
        select(card_data, "default", "train", REPO).unwrap().len(),
        2
    );
}

#[test]
fn a_split_map_and_a_data_dir() {
    let card_data = json!({"configs": [{"config_name": "clips", "data_dir": "audio",
        "data_files": {"train": "train/**", "test": "test/*.flac"}}]});
    assert_eq!(
        select(card_data.clone(), "clips", "train", REPO).unwrap(),
        ["audio/train/000001.flac", "audio/train/metadata.jsonl"]
    );
    assert_eq!(
        select(card_data, "clips", "test", REPO).unwrap(),
        ["audio/test/000001.flac"]
    );
}

#[test]
fn hidden_and_metadata_files_are_left_out_unless_named() {
    let everything = json!({"configs": [{"config_name": "all", "data_files": "**"}]});
    let files = select(everything, "all", "train", REPO).unwrap();
    assert!(
        !files
            .iter()
            .any(|f| f.contains(".cache") || f.starts_with('.')),
        "{files:?}"
    );
    assert!(!files.contains(&"README.md".to_string()));
    let named =
        json!({"configs": [{"config_name": "card", "data_files": ["README.md", "ms/.cache/*"]}]});
    assert_eq!(
        select(named, "card", "train", REPO).unwrap(),
        ["README.md", "ms/.cache/train.jsonl"]
    );
}

#[test]
fn unknown_subset_and_split_list_the_real_ones() {
    let card_data = json!({"configs": [
        {"config_name": "en", "data_files": [{"split": "train", "path": "en/*"}]},
        {"config_name": "ms", "data_files": [{"split": "train", "path": "ms/*"}, {"split": "test", "path": "ms/t*"}]},
    ]});
    let error = select(card_data.clone(), "id", "train", REPO).unwrap_err();
    assert!(
        matches!(&error, SelectionError::UnknownSubset { available, .. } if available == &["en", "ms"])
    );
    assert!(
        error.to_string().contains("its subsets are: `en`, `ms`"),
        "{error}"
    );
    let error = select(card_data, "ms", "validation", REPO).unwrap_err();
    assert_eq!(
        error.to_string(),
        "subset `ms` of acme/speech has no split `validation`; its splits are: `train`, `test`. Set `split:` to one of them"
    );
}

#[test]
fn patterns_that_match_nothing_say_so() {
    let card_data = json!({"configs": [{"config_name": "ms", "data_files": "nowhere/*.parquet"}]});
    let error = select(card_data, "ms", "train", REPO).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("`nowhere/*.parquet`, which match no file"),
        "{error}"
    );
}

#[test]
fn a_card_without_configs_has_none_and_a_bad_one_is_named() {
    assert!(
        card_configs(ID, Some(&card(json!({"license": "mit"}))))
            .unwrap()
            .is_empty()
    );
    assert!(card_configs(ID, None).unwrap().is_empty());
    let error = card_configs(
        ID,
        Some(&card(
            json!({"configs": [{"config_name": "x", "data_files": 3}]}),
        )),
    )
    .unwrap_err();
    assert!(error.to_string().contains("config `x`"), "{error}");
}

const CONVERTED: &[&str] = &[
    ".gitattributes",
    "default/train/0000.parquet",
    "default/train/0001.parquet",
    "default/test/0000.parquet",
    "ms/partial-train/0000.parquet",
];

#[test]
fn the_parquet_conversion_by_subset_and_split() {
    assert_eq!(
        select_converted(ID, "default", "train", CONVERTED.iter().copied()).unwrap(),
        ["default/train/0000.parquet", "default/train/0001.parquet"]
    );
    assert_eq!(
        select_converted(ID, "ms", "train", CONVERTED.iter().copied()).unwrap(),
        ["ms/partial-train/0000.parquet"]
    );
    let error =
        select_converted(ID, "default", "validation", CONVERTED.iter().copied()).unwrap_err();
    assert!(
        matches!(&error, SelectionError::UnknownSplit { available, .. } if available == &["test", "train"])
    );
    let error = select_converted(ID, "zz", "train", CONVERTED.iter().copied()).unwrap_err();
    assert!(
        matches!(&error, SelectionError::UnknownSubset { available, .. } if available == &["default", "ms"])
    );
}
