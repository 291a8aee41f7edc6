//! What the dataset viewer (datasets-server) knows about a dataset: its configs, their splits
//! with row counts and sizes, the features (columns) with the `datasets` library's type JSON,
//! and a few first rows. Audio and image cells are rendered by the server as the viewer does
//! (asset URLs), so rows hold only what the URL cannot tell (an image's size).

use serde_json::{Map, Value, json};

/// A column type, serialized as the `datasets` library does (`{"dtype":"string","_type":"Value"}`).
#[derive(Debug, Clone, PartialEq)]
pub enum FeatureType {
    /// `Value(dtype)`: `string`, `int64`, `float32`, `bool`, ...
    Value(String),
    Audio {
        sampling_rate: u32,
    },
    Image,
    ClassLabel(Vec<String>),
    /// `List(feature)`
    List(Box<FeatureType>),
    /// A dict of named sub-features.
    Struct(Vec<Feature>),
}

impl FeatureType {
    pub fn value(dtype: &str) -> Self {
        Self::Value(dtype.to_string())
    }

    pub fn to_json(&self) -> Value {
        match self {
            Self::Value(dtype) => json!({"dtype": dtype, "_type": "Value"}),
            Self::Audio { sampling_rate } => {
                json!({"sampling_rate": sampling_rate, "_type": "Audio"})
            }
            Self::Image => json!({"_type": "Image"}),
            Self::ClassLabel(names) => json!({"names": names, "_type": "ClassLabel"}),
            Self::List(inner) => json!({"feature": inner.to_json(), "_type": "List"}),
            Self::Struct(fields) => Value::Object(
                fields
                    .iter()
                    .map(|f| (f.name.clone(), f.kind.to_json()))
                    .collect::<Map<_, _>>(),
            ),
        }
    }

    /// The dtype the README's `dataset_info.features` gives (`string`, `{"audio": {...}}`, ...).
    pub fn card_dtype(&self) -> Value {
        match self {
            Self::Value(dtype) => Value::from(dtype.as_str()),
            Self::Audio { sampling_rate } => json!({"audio": {"sampling_rate": sampling_rate}}),
            Self::Image => Value::from("image"),
            Self::ClassLabel(names) => json!({"class_label": {"names": names
                .iter()
                .enumerate()
                .map(|(i, n)| (i.to_string(), Value::from(n.as_str())))
                .collect::<Map<_, _>>()}}),
            Self::List(inner) => json!({"list": inner.card_dtype()}),
            Self::Struct(fields) => Value::Array(
                fields
                    .iter()
                    .map(|f| json!({"name": f.name, "dtype": f.kind.card_dtype()}))
                    .collect(),
            ),
        }
    }
}

/// A named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub name: String,
    pub kind: FeatureType,
}

impl Feature {
    pub fn new(name: &str, kind: FeatureType) -> Self {
        Self {
            name: name.to_string(),
            kind,
        }
    }
}

/// A split of a config.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewerSplit {
    pub name: String,
    pub num_rows: u64,
    /// Size of the split's parquet files.
    pub num_bytes_parquet: u64,
    /// Size of the split in memory (Arrow).
    pub num_bytes_memory: u64,
    /// Rows the viewer converted, when it converted only part of the split (datasets-server
    /// converts the first 5 GB of a big dataset): `/size` then says `partial: true`, counts
    /// these rows in `num_rows` and the whole in `estimated_num_rows`.
    pub converted_rows: Option<u64>,
}

impl ViewerSplit {
    pub fn new(name: &str, num_rows: u64, bytes_per_row: u64) -> Self {
        Self {
            name: name.to_string(),
            num_rows,
            num_bytes_parquet: num_rows * bytes_per_row / 3 + 1024,
            num_bytes_memory: num_rows * bytes_per_row,
            converted_rows: None,
        }
    }

    /// The split as a partial conversion of its first `rows` rows (see `converted_rows`).
    pub fn partially_converted(mut self, rows: u64) -> Self {
        self.converted_rows = Some(rows.min(self.num_rows));
        self
    }
}

/// A config (subset) of a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewerConfig {
    pub name: String,
    pub splits: Vec<ViewerSplit>,
    pub features: Vec<Feature>,
    /// First rows, one JSON value per feature in feature order. Audio cells are ignored (the
    /// server renders them); image cells may be `{"height": h, "width": w}`.
    pub rows: Vec<Vec<Value>>,
}

impl ViewerConfig {
    pub fn split(&self, name: &str) -> Option<&ViewerSplit> {
        self.splits.iter().find(|s| s.name == name)
    }

    pub fn num_rows(&self) -> u64 {
        self.splits.iter().map(|s| s.num_rows).sum()
    }
}

/// Whether the viewer has an answer for a dataset, or which of datasets-server's refusals it
/// gives instead (huggingface/dataset-viewer: `libapi` answers `ResponseNotReady` while a step
/// is not computed, `libcommon`'s cached errors `DatasetInBlockListError` and
/// `DatasetWithTooManyConfigsError` once a step failed for good).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ViewerState {
    /// Computed: every endpoint answers.
    #[default]
    Ready,
    /// `500`, `X-Error-Code: ResponseNotReady`: the job is queued or running (a new or just
    /// updated dataset, or a busy viewer).
    NotReady,
    /// `501`, `X-Error-Code: DatasetInBlockListError`: the dataset is on the viewer's block list.
    Blocked,
    /// `501`, `X-Error-Code: DatasetWithTooManyConfigsError`: more configs than the viewer's
    /// limit (3,000 on datasets-server).
    TooManyConfigs,
}

/// The viewer's view of a dataset.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Viewer {
    pub configs: Vec<ViewerConfig>,
    /// Whether it answers, or refuses as the real viewer does (see [`ViewerState`]).
    pub state: ViewerState,
}

impl Viewer {
    /// A speech dataset's viewer: one config `config` with `splits`, an `audio` column (16 kHz)
    /// and a `sentence` string column, and one first row, as the tests of gated speech data
    /// need.
    pub fn speech(config: &str, splits: Vec<ViewerSplit>) -> Self {
        Self {
            state: ViewerState::Ready,
            configs: vec![ViewerConfig {
                name: config.into(),
                splits,
                features: vec![
                    Feature::new(
                        "audio",
                        FeatureType::Audio {
                            sampling_rate: 16_000,
                        },
                    ),
                    Feature::new("sentence", FeatureType::value("string")),
                ],
                rows: vec![vec![
                    serde_json::Value::Null,
                    serde_json::json!("selamat pagi"),
                ]],
            }],
        }
    }

    /// The same viewer in `state` (e.g. not computed yet, blocked).
    pub fn in_state(mut self, state: ViewerState) -> Self {
        self.state = state;
        self
    }

    pub fn config(&self, name: &str) -> Option<&ViewerConfig> {
        self.configs.iter().find(|c| c.name == name)
    }
}
