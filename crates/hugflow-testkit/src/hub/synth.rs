//! Builds a whole generated dataset from its id and seed: the files of its layout (parquet
//! shards, an audio folder with `metadata.jsonl`, or JSON/JSONL files) beside README.md and
//! `.gitattributes`, the card (with `configs` whose `data_files` take each of the shapes real
//! cards use), the viewer's configs/splits/features/rows, and `refs/convert/parquet`.
//!
//! Binary files are seeded noise and text files are rendered on first read, so building a
//! dataset costs microseconds however big its files claim to be.

use std::sync::Arc;

use bytes::Bytes;
use serde_json::{Map, Value, json};

use super::DEFAULT_TOKEN;
use super::builder::{convert_files, object_id};
use super::card::readme;
use super::content::Content;
use super::dataset::{
    Commit, FakeDataset, FakeFile, Gated, GitRef, RefKind, default_gitattributes,
};
use super::prng::{Rng, fake_sha, hash_strs, hex, mix};
use super::profile::Profile;
use super::schema;
use super::viewer::{Feature, FeatureType, Viewer, ViewerConfig, ViewerSplit};
use super::words::{Layout, SIZE_CATEGORIES};

/// The generated dataset `id` (drawn from `seed`); `binary_size` overrides the size of every
/// parquet/audio file (default: a few hundred bytes to 8 KiB).
pub fn build(id: &str, seed: u64, binary_size: Option<u64>) -> FakeDataset {
    let profile = Profile::draw(seed);
    let mut rng = Rng::new(mix(seed ^ 0x5EED_F11E));
    let languages = profile.language_codes();
    let features = schema::features(profile.domain.key, &languages, &mut rng);
    let configs: Vec<&str> = if profile.per_language_configs {
        languages.clone()
    } else {
        vec!["default"]
    };
    let viewer = viewer(id, &profile, &configs, &features, &mut rng);
    let mut data = DataFiles::new(id, binary_size, &features);
    let config_entries: Vec<Value> = configs
        .iter()
        .enumerate()
        .map(|(i, config)| {
            let language = if *config == "default" {
                languages[0]
            } else {
                config
            };
            let mut entry = json!({
                "config_name": config,
                "data_files": data.add(&profile, config, language, &mut rng),
            });
            if i == 0 && configs.len() > 1 && rng.chance(0.5) {
                entry["default"] = Value::Bool(true);
            }
            entry
        })
        .collect();
    let card = card(&profile, id, &viewer, config_entries, &mut rng);
    let name = id.split_once('/').map_or(id, |(_, name)| name);
    let description = profile.description(name);
    let readme_text = {
        let card = card.clone();
        let title = Profile::pretty_name(name);
        let description = description.clone();
        move || Bytes::from(readme(&card, &title, &description))
    };
    let mut files = data.files;
    files.push(FakeFile::new(
        "README.md",
        Content::Rendered(Arc::new(readme_text)),
    ));
    files.push(FakeFile::bytes(".gitattributes", default_gitattributes()));
    let mut refs = vec![GitRef {
        name: "main".into(),
        kind: RefKind::Branch,
        commit: Arc::new(Commit::new(hex(&profile.sha), files)),
    }];
    if !profile.private {
        refs.push(GitRef {
            name: "parquet".into(),
            kind: RefKind::Convert,
            commit: Arc::new(Commit::new(
                fake_sha(&["commit", id, "refs/convert/", "parquet"]),
                convert_files(id, &viewer),
            )),
        });
    }
    FakeDataset {
        id: id.to_string(),
        author: id.split_once('/').map_or("", |(a, _)| a).to_string(),
        object_id: object_id(profile.created_at, id),
        created_at: profile.created_at,
        last_modified: profile.last_modified,
        private: profile.private,
        gated: profile.gated,
        gated_access: vec![DEFAULT_TOKEN.to_string()],
        disabled: false,
        downloads: profile.downloads,
        likes: profile.likes,
        tags: profile.tags().into_iter().map(String::from).collect(),
        description,
        card_data: card,
        refs,
        viewer: Some(viewer),
    }
}

/// The viewer: per config, its splits' row counts and a few first rows.
fn viewer(
    id: &str,
    profile: &Profile,
    configs: &[&str],
    features: &[Feature],
    rng: &mut Rng,
) -> Viewer {
    let (_, low, high) = SIZE_CATEGORIES[profile.size_category];
    let bytes_per_row = if features
        .iter()
        .any(|f| matches!(f.kind, FeatureType::Audio { .. }))
    {
        60_000
    } else if features.iter().any(|f| f.kind == FeatureType::Image) {
        40_000
    } else {
        600
    };
    let languages = profile.language_codes();
    Viewer {
        state: Default::default(),
        configs: configs
            .iter()
            .map(|config| {
                let total = log_uniform(rng, low, high) / configs.len() as u64 + 10;
                let splits = profile
                    .splits
                    .iter()
                    .map(|split| {
                        let share = if *split == "train" { 85 } else { 8 };
                        ViewerSplit::new(split, (total * share / 100).max(1), bytes_per_row)
                    })
                    .collect();
                let language = if *config == "default" {
                    languages[0]
                } else {
                    config
                };
                let mut rows_rng = Rng::new(hash_strs(&[id, config, "rows"]));
                ViewerConfig {
                    name: config.to_string(),
                    splits,
                    features: features.to_vec(),
                    rows: (0..4)
                        .map(|i| schema::row(features, language, i, &mut rows_rng))
                        .collect(),
                }
            })
            .collect(),
    }
}

fn log_uniform(rng: &mut Rng, low: u64, high: u64) -> u64 {
    let (low, high) = ((low as f64).ln(), (high as f64).ln());
    (low + rng.unit() * (high - low)).exp() as u64
}

/// The data files of one dataset, added config by config.
struct DataFiles<'a> {
    id: &'a str,
    binary_size: Option<u64>,
    features: Arc<Vec<Feature>>,
    files: Vec<FakeFile>,
}

impl<'a> DataFiles<'a> {
    fn new(id: &'a str, binary_size: Option<u64>, features: &[Feature]) -> Self {
        Self {
            id,
            binary_size,
            features: Arc::new(features.to_vec()),
            files: Vec::with_capacity(48),
        }
    }

    fn binary(&mut self, path: String, rng: &mut Rng) {
        let size = self.binary_size.unwrap_or_else(|| rng.range(256, 8192));
        self.files.push(FakeFile::noise(self.id, path, size));
    }

    /// A file of rows of the dataset's non-media columns, rendered when first read (audio
    /// folders' metadata also names each row's audio file).
    fn rows(&mut self, path: String, language: &str, count: usize, format: RowsFormat) {
        let features = self.features.clone();
        let seed = hash_strs(&[self.id, &path]);
        let language = language.to_string();
        let render = move || {
            let mut rng = Rng::new(seed);
            let rows: Vec<Map<String, Value>> = (0..count)
                .map(|i| {
                    let cells = schema::row(&features, &language, i, &mut rng);
                    let mut object = Map::new();
                    if let RowsFormat::AudioMetadata(extension) = format {
                        object.insert("file_name".into(), format!("{i:06}.{extension}").into());
                    }
                    object.extend(schema::row_object(&features, cells));
                    object
                })
                .collect();
            Bytes::from(match format {
                RowsFormat::JsonArray => {
                    serde_json::to_string_pretty(&rows).expect("rows serialize") + "\n"
                }
                _ => rows
                    .iter()
                    .map(|row| Value::Object(row.clone()).to_string() + "\n")
                    .collect::<String>(),
            })
        };
        self.files
            .push(FakeFile::new(path, Content::Rendered(Arc::new(render))));
    }

    /// Adds the files of one config and returns its card `data_files`.
    fn add(&mut self, profile: &Profile, config: &str, language: &str, rng: &mut Rng) -> Value {
        match profile.layout {
            Layout::Parquet => self.parquet(profile.splits, config, rng),
            Layout::AudioFolder => {
                let extension = rng.pick(&["flac", "wav"]);
                for split in profile.splits {
                    let count = if *split == "train" {
                        rng.range(4, 17)
                    } else {
                        rng.range(2, 6)
                    };
                    for i in 0..count {
                        self.binary(format!("audio/{split}/{i:06}.{extension}"), rng);
                    }
                    let metadata = format!("audio/{split}/metadata.jsonl");
                    self.rows(
                        metadata,
                        language,
                        count as usize,
                        RowsFormat::AudioMetadata(extension),
                    );
                }
                split_globs(profile.splits, |split| format!("audio/{split}/*"))
            }
            Layout::Json => {
                let array = rng.chance(0.4);
                let path = |split: &str| {
                    if array {
                        format!("data/{split}.json")
                    } else {
                        format!("{split}.jsonl")
                    }
                };
                for split in profile.splits {
                    let format = if array {
                        RowsFormat::JsonArray
                    } else {
                        RowsFormat::JsonLines
                    };
                    let count = rng.range(3, 26) as usize;
                    self.rows(path(split), language, count, format);
                }
                split_globs(profile.splits, |split| path(split))
            }
        }
    }

    fn parquet(&mut self, splits: &[&str], config: &str, rng: &mut Rng) -> Value {
        let dir = if config == "default" { "data" } else { config };
        let mut by_split = Vec::new();
        for split in splits {
            let shards = if *split == "train" {
                rng.range(1, 5)
            } else {
                1
            };
            let paths: Vec<String> = (0..shards)
                .map(|k| format!("{dir}/{split}-{k:05}-of-{shards:05}.parquet"))
                .collect();
            for path in &paths {
                self.binary(path.clone(), rng);
            }
            by_split.push((*split, paths));
        }
        let train_only = splits == ["train"];
        match rng.below(4) {
            1 if train_only => Value::from(format!("{dir}/*.parquet")),
            2 if train_only => json!([format!("{dir}/train-*.parquet")]),
            3 => Value::Array(
                by_split
                    .into_iter()
                    .map(|(split, paths)| json!({"split": split, "path": paths}))
                    .collect(),
            ),
            _ => split_globs(splits, |split| format!("{dir}/{split}-*")),
        }
    }
}

#[derive(Clone, Copy)]
enum RowsFormat {
    JsonLines,
    JsonArray,
    AudioMetadata(&'static str),
}

fn split_globs(splits: &[&str], path: impl Fn(&str) -> String) -> Value {
    Value::Array(
        splits
            .iter()
            .map(|split| json!({"split": split, "path": path(split)}))
            .collect(),
    )
}

/// The card's front matter.
fn card(profile: &Profile, id: &str, viewer: &Viewer, configs: Vec<Value>, rng: &mut Rng) -> Value {
    let name = id.split_once('/').map_or(id, |(_, name)| name);
    let mut card = json!({
        "pretty_name": Profile::pretty_name(name),
        "license": profile.license,
        "language": profile.language_codes(),
        "task_categories": [profile.domain.task],
        "size_categories": [SIZE_CATEGORIES[profile.size_category].0],
    });
    if profile.layout == Layout::Parquet && rng.chance(0.7) {
        let infos: Vec<Value> = viewer.configs.iter().map(dataset_info).collect();
        card["dataset_info"] = if infos.len() == 1 {
            let mut info = infos.into_iter().next().expect("one config");
            info.as_object_mut()
                .expect("object")
                .shift_remove("config_name");
            info
        } else {
            Value::Array(infos)
        };
    }
    if !rng.chance(0.1) {
        card["configs"] = Value::Array(configs);
    }
    if profile.gated != Gated::No {
        card["extra_gated_prompt"] =
            "You agree to not attempt to identify the speakers in this dataset.".into();
        if profile.gated == Gated::Manual {
            card["extra_gated_fields"] = json!({"Company": "text", "Country": "country", "I agree to the terms": "checkbox"});
        }
    }
    card
}

/// A config's `dataset_info` card entry.
fn dataset_info(config: &ViewerConfig) -> Value {
    let splits: Vec<Value> = config
        .splits
        .iter()
        .map(|s| json!({"name": s.name, "num_bytes": s.num_bytes_memory, "num_examples": s.num_rows}))
        .collect();
    let dataset_size: u64 = config.splits.iter().map(|s| s.num_bytes_memory).sum();
    let download_size: u64 = config.splits.iter().map(|s| s.num_bytes_parquet).sum();
    json!({
        "config_name": config.name,
        "features": config
            .features
            .iter()
            .map(|f| json!({"name": f.name, "dtype": f.kind.card_dtype()}))
            .collect::<Vec<_>>(),
        "splits": splits,
        "download_size": download_size,
        "dataset_size": dataset_size,
    })
}
