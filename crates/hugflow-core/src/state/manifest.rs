//! `active.json` and `archived.json`, shaped exactly as the Python Hugflow writes them.
//!
//! Keys we do not model (metadata a sync added, or a newer tool's fields) are kept in `extra`
//! and written back in their order, so a rewrite never loses what another tool recorded.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::timestamp::NaiveTimestamp;

/// One dataset on the host: the request that produced it plus what the sync measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetEntry {
    pub hf_id: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_revision")]
    pub revision: String,
    #[serde(default)]
    pub subset: Option<String>,
    #[serde(default = "default_split")]
    pub split: String,
    #[serde(default = "default_mode")]
    pub download_mode: String,
    pub storage_name: String,
    pub added_at: NaiveTimestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_time_seconds: Option<f64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn default_revision() -> String {
    crate::request::DEFAULT_REVISION.into()
}
fn default_split() -> String {
    crate::request::DEFAULT_SPLIT.into()
}
fn default_mode() -> String {
    "full".into()
}

/// `.hugflow-state/active.json`: what is on the host now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ActiveManifest {
    #[serde(default)]
    pub datasets: Vec<DatasetEntry>,
    #[serde(default)]
    pub last_updated: Option<NaiveTimestamp>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `.hugflow-state/archived.json`: every add and remove ever applied, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ArchivedManifest {
    #[serde(default)]
    pub operations: Vec<Operation>,
    #[serde(default)]
    pub last_updated: Option<NaiveTimestamp>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "lowercase")]
pub enum Operation {
    Add {
        dataset: Box<DatasetEntry>,
        timestamp: NaiveTimestamp,
        #[serde(flatten)]
        extra: Map<String, Value>,
    },
    Remove {
        hf_id: String,
        storage_name: String,
        #[serde(default)]
        reason: String,
        timestamp: NaiveTimestamp,
        #[serde(flatten)]
        extra: Map<String, Value>,
    },
}

impl ActiveManifest {
    pub fn find(&self, storage_name: &str) -> Option<&DatasetEntry> {
        self.datasets
            .iter()
            .find(|d| d.storage_name == storage_name)
    }
}
