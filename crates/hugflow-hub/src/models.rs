//! The Hub's JSON shapes, as far as Hugflow reads them. Unknown fields are ignored, missing
//! optional ones default, so a Hub that adds fields never breaks us.

use hugflow_core::selection::{GitOid, RepoPath, Sha256Hex, UnsafeValue};
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
    /// Any other `type` (the Hub's JS client types entries `"file" | "directory" |
    /// "unknown"`): kept so one odd entry does not fail the listing, never downloaded.
    #[serde(other)]
    Unknown,
}

// Its path and oids are checked as it is read (through `RawTreeEntry`): the path names a file
// under the dataset folder and the oids name part files, so an entry from a hostile Hub or
// mirror is refused here (see `hugflow_core::selection::RepoPath`) rather than wherever it is
// used. The Hub's shapes: `{"type":"file","oid":<40 hex>,"size":N,"path":"a/b","lfs":{"oid":
// <64 hex>,"size":N,"pointerSize":N}}` (plus `"xetHash":<64 hex>` for files stored with Xet)
// and `{"type":"directory","oid":<40 hex>,"size":0,"path":"a"}`; an entry of another type is
// kept as `EntryKind::Unknown`, its path and oid checked all the same. (Plain comments: the
// doc comment is part of the desktop's TypeScript binding.)
/// One entry of `/api/datasets/{id}/tree/{revision}/{path}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(try_from = "RawTreeEntry")]
pub struct TreeEntry {
    #[serde(rename = "type")]
    pub kind: EntryKind,
    /// The git blob (or tree) id.
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub oid: GitOid,
    pub size: u64,
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub path: RepoPath,
    pub lfs: Option<Lfs>,
    /// The Xet file hash of a file stored with Xet (its bytes still verify against `lfs.oid`).
    #[serde(rename = "xetHash", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub xet_hash: Option<Sha256Hex>,
}

impl TreeEntry {
    /// Total bytes and number of files among `entries` (folders count for nothing). Sizes are
    /// the Hub's claims: a sum past `u64::MAX` stays there (and fails any free-space check)
    /// rather than wrapping to a small number.
    pub fn totals(entries: &[TreeEntry]) -> (u64, u64) {
        entries
            .iter()
            .filter(|e| e.kind == EntryKind::File)
            .fold((0, 0), |(bytes, files), e| {
                (bytes.saturating_add(e.size), files + 1)
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", try_from = "RawLfs")]
pub struct Lfs {
    /// The sha256 of the content.
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub oid: Sha256Hex,
    pub size: u64,
    pub pointer_size: Option<u64>,
}

/// A tree entry as the Hub sent it, before its checks.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawTreeEntry {
    #[serde(rename = "type")]
    kind: EntryKind,
    oid: String,
    #[serde(default)]
    size: u64,
    pub(crate) path: String,
    #[serde(default)]
    lfs: Option<RawLfs>,
    #[serde(default, rename = "xetHash")]
    xet_hash: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawLfs {
    oid: String,
    size: u64,
    #[serde(default)]
    pointer_size: Option<u64>,
}

impl TryFrom<RawLfs> for Lfs {
    type Error = UnsafeValue;
    fn try_from(raw: RawLfs) -> Result<Self, UnsafeValue> {
        Ok(Self {
            oid: Sha256Hex::parse(&raw.oid)?,
            size: raw.size,
            pointer_size: raw.pointer_size,
        })
    }
}

impl TryFrom<RawTreeEntry> for TreeEntry {
    type Error = UnsafeValue;
    fn try_from(raw: RawTreeEntry) -> Result<Self, UnsafeValue> {
        Ok(Self {
            kind: raw.kind,
            oid: GitOid::parse(&raw.oid)?,
            size: raw.size,
            path: RepoPath::parse(&raw.path)?,
            lfs: raw.lfs.map(Lfs::try_from).transpose()?,
            xet_hash: raw
                .xet_hash
                .map(|hash| Sha256Hex::parse_named(&hash, "xetHash"))
                .transpose()?,
        })
    }
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

/// The dataset viewer's `/size`: `size.dataset` and `size.configs` without a config,
/// `size.config` with one (datasets-server answers one or the other). `partial`: the viewer
/// converted only part of the dataset (its first 5 GB), so row counts past that are estimates
/// (`estimated_num_rows`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SizeReport {
    pub size: Sizes,
    #[serde(default)]
    pub partial: bool,
}

impl SizeReport {
    /// The whole the answer is about: the dataset, or the config that was asked for.
    pub fn total(&self) -> Option<&SizeEntry> {
        self.size.dataset.as_ref().or(self.size.config.as_ref())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Sizes {
    #[serde(default)]
    pub dataset: Option<SizeEntry>,
    #[serde(default)]
    pub config: Option<SizeEntry>,
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
    /// Rows converted (of a partial conversion: of the converted part only).
    #[serde(default)]
    pub num_rows: Option<u64>,
    /// The whole's rows, estimated, when the conversion was partial.
    #[serde(default)]
    pub estimated_num_rows: Option<u64>,
    #[serde(default)]
    pub num_bytes_original_files: Option<u64>,
    #[serde(default)]
    pub num_bytes_parquet_files: Option<u64>,
    #[serde(default)]
    pub num_bytes_memory: Option<u64>,
}

impl SizeEntry {
    /// The rows of the whole: the estimate when there is one, else the count.
    pub fn rows(&self) -> Option<u64> {
        self.estimated_num_rows.or(self.num_rows)
    }
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
        let entry: TreeEntry = serde_json::from_str(&format!(
            r#"{{"type":"file","oid":"{BLOB}","size":10,"path":"a/b.parquet","lfs":{{"oid":"{SHA256}","size":10,"pointerSize":130}}}}"#,
        ))
        .unwrap();
        assert_eq!(entry.lfs.clone().unwrap().pointer_size, Some(130));
        // It writes back what it read, in the Hub's shape (the desktop shows it).
        let written = serde_json::to_value(&entry).unwrap();
        assert_eq!(written["type"], "file");
        assert_eq!(written["path"], "a/b.parquet");
        assert_eq!(written["lfs"]["oid"], SHA256);
        assert_eq!(serde_json::from_value::<TreeEntry>(written).unwrap(), entry);
    }

    const BLOB: &str = "ce013625030ba8dba906f756967f9e9ca394464a";
    const SHA256: &str = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

    #[test]
    fn tree_entries_with_unsafe_paths_or_oids_do_not_parse() {
        let entry = |oid: &str, path: &str, lfs: &str| {
            serde_json::from_str::<TreeEntry>(&format!(
                r#"{{"type":"file","oid":"{oid}","size":1,"path":"{path}"{lfs}}}"#
            ))
        };
        assert!(entry(BLOB, "a/b", "").is_ok());
        let refused = [
            entry("../../../../etc/cron.d/x", "a/b", ""),
            entry(BLOB, "../x", ""),
            entry(BLOB, "/etc/x", ""),
            entry(BLOB, "a", r#","lfs":{"oid":"../x","size":1}"#),
        ];
        for result in refused {
            let error = result.unwrap_err().to_string();
            assert!(
                error.contains("hex digits") || error.contains("path"),
                "{error}"
            );
        }
    }

    #[test]
    fn xet_files_and_entries_of_unknown_type_are_read() {
        let xet: TreeEntry = serde_json::from_str(&format!(
            r#"{{"type":"file","oid":"{BLOB}","size":10,"path":"a.bin","lfs":{{"oid":"{SHA256}","size":10,"pointerSize":130}},"xetHash":"{SHA256}"}}"#,
        ))
        .unwrap();
        assert_eq!(xet.xet_hash.as_ref().map(|h| h.as_str()), Some(SHA256));
        assert_eq!(serde_json::to_value(&xet).unwrap()["xetHash"], SHA256);
        let bad = serde_json::from_str::<TreeEntry>(&format!(
            r#"{{"type":"file","oid":"{BLOB}","size":10,"path":"a.bin","xetHash":"../../x"}}"#,
        ))
        .unwrap_err();
        assert!(bad.to_string().contains("xetHash \"../../x\""), "{bad}");

        let odd: TreeEntry = serde_json::from_str(&format!(
            r#"{{"type":"submodule","oid":"{BLOB}","size":0,"path":"vendor/lib"}}"#,
        ))
        .unwrap();
        assert_eq!(
            (odd.kind, odd.path.as_str()),
            (EntryKind::Unknown, "vendor/lib")
        );
        assert_eq!(serde_json::to_value(&odd).unwrap()["type"], "unknown");
        assert_eq!(TreeEntry::totals(&[odd, xet]), (10, 1), "only files count");
        let unsafe_odd = serde_json::from_str::<TreeEntry>(&format!(
            r#"{{"type":"unknown","oid":"{BLOB}","size":0,"path":"../x"}}"#,
        ));
        assert!(unsafe_odd.is_err(), "its path is checked all the same");
    }

    #[test]
    fn totals_saturate_instead_of_wrapping() {
        let big = |path: &str| {
            serde_json::from_str::<TreeEntry>(&format!(
                r#"{{"type":"file","oid":"{BLOB}","size":{},"path":"{path}"}}"#,
                1u64 << 63
            ))
            .unwrap()
        };
        assert_eq!(TreeEntry::totals(&[big("a"), big("b")]), (u64::MAX, 2));
    }

    #[test]
    fn size_reads_the_dataset_and_the_config_answer_and_partial_estimates() {
        let whole: SizeReport = serde_json::from_str(
            r#"{"size":{"dataset":{"dataset":"d","num_rows":10,"estimated_num_rows":null},
                "configs":[{"dataset":"d","config":"en","num_rows":10}],"splits":[]},
                "pending":[],"failed":[],"partial":false}"#,
        )
        .unwrap();
        assert_eq!(whole.total().unwrap().rows(), Some(10));
        assert!(!whole.partial);
        let config: SizeReport = serde_json::from_str(
            r#"{"size":{"config":{"dataset":"d","config":"en","num_rows":1000,"estimated_num_rows":52000},
                "splits":[{"dataset":"d","config":"en","split":"train","num_rows":1000,"estimated_num_rows":52000}]},
                "partial":true}"#,
        )
        .unwrap();
        let total = config.total().unwrap();
        assert_eq!(total.config.as_deref(), Some("en"));
        assert_eq!((total.num_rows, total.rows()), (Some(1000), Some(52000)));
        assert!(config.partial);
    }
}
