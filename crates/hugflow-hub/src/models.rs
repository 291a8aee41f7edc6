//! The Hub's JSON shapes, as far as Hugflow reads them. Unknown fields are ignored, missing
//! optional ones default, so a Hub that adds fields never breaks us.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Whether and how a dataset is gated (the Hub sends `false`, `"auto"` or `"manual"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Gated {
    #[default]
    No,
    Auto,
    Manual,
}

impl<'de> Deserialize<'de> for Gated {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::String(s) if s == "manual" => Self::Manual,
            Value::String(s) if s == "auto" => Self::Auto,
            Value::Bool(true) => Self::Auto,
            _ => Self::No,
        })
    }
}

impl Gated {
    pub fn is_gated(self) -> bool {
        self != Self::No
    }
}

/// A dataset as `/api/datasets` lists it and `/api/datasets/{id}` describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DatasetInfo {
    pub id: String,
    #[serde(default)]
    pub author: Option<String>,
    /// The commit the info describes.
    #[serde(default)]
    pub sha: Option<String>,
    #[serde(default)]
    pub last_modified: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub private: bool,
    #[serde(default)]
    pub gated: Gated,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub downloads: u64,
    #[serde(default)]
    pub likes: u64,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub card_data: Option<Map<String, Value>>,
    #[serde(default)]
    pub siblings: Option<Vec<Sibling>>,
    #[serde(default)]
    pub used_storage: Option<u64>,
}

/// Listing entries have the same shape, with fewer fields filled.
pub type DatasetSummary = DatasetInfo;

impl DatasetInfo {
    /// Values of the tags with `prefix` (`"language:"` → `["en", "ms"]`).
    pub fn tag_values<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.tags
            .iter()
            .filter_map(move |tag| tag.strip_prefix(prefix))
    }

    /// `cardData.pretty_name`, when the card has one.
    pub fn pretty_name(&self) -> Option<&str> {
        self.card_data.as_ref()?.get("pretty_name")?.as_str()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Sibling {
    pub rfilename: String,
}

/// `/api/datasets/{id}/refs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Refs {
    #[serde(default)]
    pub branches: Vec<GitRef>,
    #[serde(default)]
    pub tags: Vec<GitRef>,
    #[serde(default)]
    pub converts: Vec<GitRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GitRef {
    pub name: String,
    #[serde(rename = "ref")]
    pub reference: String,
    pub target_commit: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    File,
    Directory,
}

/// One entry of `/api/datasets/{id}/tree/{revision}/{path}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TreeEntry {
    #[serde(rename = "type")]
    pub kind: EntryKind,
    /// The git blob (or tree) id.
    pub oid: String,
    #[serde(default)]
    pub size: u64,
    pub path: String,
    #[serde(default)]
    pub lfs: Option<Lfs>,
}

impl TreeEntry {
    /// Total bytes and number of files among `entries` (folders count for nothing).
    pub fn totals(entries: &[TreeEntry]) -> (u64, u64) {
        entries
            .iter()
            .filter(|e| e.kind == EntryKind::File)
            .fold((0, 0), |(bytes, files), e| (bytes + e.size, files + 1))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Lfs {
    /// The sha256 of the content.
    pub oid: String,
    pub size: u64,
    #[serde(default)]
    pub pointer_size: Option<u64>,
}

/// The dataset viewer's `/splits`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Splits {
    pub splits: Vec<SplitRef>,
    #[serde(default)]
    pub pending: Vec<Value>,
    #[serde(default)]
    pub failed: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SplitRef {
    pub dataset: String,
    pub config: String,
    pub split: String,
}

/// The dataset viewer's `/first-rows`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FirstRows {
    #[serde(default)]
    pub features: Vec<Feature>,
    #[serde(default)]
    pub rows: Vec<Row>,
    #[serde(default)]
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Feature {
    pub feature_idx: u32,
    pub name: String,
    /// `{"_type": "Value", "dtype": "string"}`, `{"_type": "Audio", ...}`, ...
    #[serde(rename = "type")]
    pub kind: Value,
}

impl Feature {
    /// `Value`, `Audio`, `Image`, `ClassLabel`, `Sequence`, ...
    pub fn type_name(&self) -> &str {
        self.kind
            .get("_type")
            .and_then(Value::as_str)
            .unwrap_or("unknown")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Row {
    pub row_idx: u64,
    pub row: Map<String, Value>,
    #[serde(default)]
    pub truncated_cells: Vec<String>,
}

/// The dataset viewer's `/size`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SizeReport {
    pub size: Sizes,
    #[serde(default)]
    pub partial: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Sizes {
    pub dataset: SizeEntry,
    #[serde(default)]
    pub configs: Vec<SizeEntry>,
    #[serde(default)]
    pub splits: Vec<SizeEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SizeEntry {
    pub dataset: String,
    #[serde(default)]
    pub config: Option<String>,
    #[serde(default)]
    pub split: Option<String>,
    #[serde(default)]
    pub num_rows: Option<u64>,
    #[serde(default)]
    pub num_bytes_original_files: Option<u64>,
    #[serde(default)]
    pub num_bytes_parquet_files: Option<u64>,
    #[serde(default)]
    pub num_bytes_memory: Option<u64>,
}

/// The dataset viewer's `/info`: per config, the `datasets` library's DatasetInfo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ViewerInfo {
    pub dataset_info: Map<String, Value>,
    #[serde(default)]
    pub partial: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_hub_shapes() {
        let info: DatasetInfo = serde_json::from_str(
            r#"{"_id":"x","id":"org/d","author":"org","sha":"abc","lastModified":"2025-06-01T12:00:00.000Z",
                "private":false,"gated":"manual","downloads":12,"likes":3,"tags":["language:en","language:ms"],
                "cardData":{"pretty_name":"D"},"siblings":[{"rfilename":"README.md"}],"newField":1}"#,
        )
        .unwrap();
        assert_eq!(info.gated, Gated::Manual);
        assert_eq!(
            info.tag_values("language:").collect::<Vec<_>>(),
            ["en", "ms"]
        );
        assert_eq!(info.pretty_name(), Some("D"));
        let open: DatasetInfo = serde_json::from_str(r#"{"id":"d","gated":false}"#).unwrap();
        assert_eq!(open.gated, Gated::No);
        let entry: TreeEntry = serde_json::from_str(
            r#"{"type":"file","oid":"o","size":10,"path":"a/b.parquet","lfs":{"oid":"s","size":10,"pointerSize":130}}"#,
        )
        .unwrap();
        assert_eq!(entry.lfs.unwrap().pointer_size, Some(130));
    }
}
