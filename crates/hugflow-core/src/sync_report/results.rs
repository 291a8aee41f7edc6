//! `results.json`: what one `hugflow sync` run did with each request file, for the workflow's
//! later steps (merge, Slack) and for people reading the run's artifacts.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::comment::{DatasetRef, SyncError};
use crate::state::write_atomic;

/// The whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncResults {
    /// 1; a reader refuses other values rather than misreading them.
    pub schema: u32,
    /// RFC 3339 instants.
    pub started_at: String,
    pub finished_at: String,
    pub results: Vec<RequestResult>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RequestAction {
    Add,
    Remove,
}

/// One request file and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestResult {
    /// The request file, relative to the repository (`requests/add/x.yaml`).
    pub request: String,
    pub action: RequestAction,
    pub dataset: DatasetRef,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    Complete {
        path: String,
        size_bytes: u64,
        file_count: u64,
    },
    Removed {
        path: String,
    },
    /// Nothing to do (already present, or already removed).
    Skipped {
        reason: String,
    },
    Failed {
        error: SyncError,
    },
}

/// Reading `results.json` failed; the message names the file.
#[derive(Debug, thiserror::Error)]
pub enum ResultsError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a Hugflow results.json: {message}")]
    Invalid { path: String, message: String },
}

impl SyncResults {
    pub const SCHEMA: u32 = 1;

    /// Whether every request succeeded or had nothing to do.
    pub fn succeeded(&self) -> bool {
        !self
            .results
            .iter()
            .any(|r| matches!(r.outcome, Outcome::Failed { .. }))
    }

    /// Writes `path` atomically: a reader sees the old file or the new one.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let mut json = serde_json::to_vec_pretty(self).expect("results serialize");
        json.push(b'\n');
        write_atomic(path, &json)
    }

    pub fn read(path: &Path) -> Result<Self, ResultsError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| ResultsError::Io {
            path: name.clone(),
            source,
        })?;
        let results: Self = serde_json::from_slice(&bytes).map_err(|e| ResultsError::Invalid {
            path: name.clone(),
            message: e.to_string(),
        })?;
        if results.schema != Self::SCHEMA {
            return Err(ResultsError::Invalid {
                path: name,
                message: format!(
                    "schema {} (this Hugflow reads schema {}); update Hugflow",
                    results.schema,
                    Self::SCHEMA
                ),
            });
        }
        Ok(results)
    }
}

#[cfg(test)]
mod tests {
    use super::super::comment::tests::dataset;
    use super::*;

    fn results() -> SyncResults {
        let result = |request: &str, action, outcome| RequestResult {
            request: request.into(),
            action,
            dataset: dataset(),
            outcome,
        };
        SyncResults {
            schema: SyncResults::SCHEMA,
            started_at: "2026-11-21T20:40:29Z".into(),
            finished_at: "2026-11-21T21:42:54Z".into(),
            results: vec![
                result(
                    "requests/add/common_voice.yaml",
                    RequestAction::Add,
                    Outcome::Complete {
                        path: "/data/x".into(),
                        size_bytes: 42,
                        file_count: 2,
                    },
                ),
                result(
                    "requests/remove/old.yaml",
                    RequestAction::Remove,
                    Outcome::Removed {
                        path: "/data/old".into(),
                    },
                ),
                result(
                    "requests/add/again.yaml",
                    RequestAction::Add,
                    Outcome::Skipped {
                        reason: "already present".into(),
                    },
                ),
            ],
        }
    }

    #[test]
    fn results_round_trip_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("results.json");
        let mut written = results();
        written.write(&path).unwrap();
        assert_eq!(SyncResults::read(&path).unwrap(), written);
        assert!(written.succeeded());
        written.results[0].outcome = Outcome::Failed {
            error: SyncError {
                kind: "disk_full".into(),
                message: "no space left on /data".into(),
                suggestion: "Free space or remove a dataset.".into(),
            },
        };
        written.write(&path).unwrap();
        let read = SyncResults::read(&path).unwrap();
        assert!(!read.succeeded());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"status\": \"failed\""), "{text}");
    }

    #[test]
    fn a_foreign_or_newer_file_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("results.json");
        std::fs::write(
            &path,
            r#"{"schema": 2, "started_at": "", "finished_at": "", "results": []}"#,
        )
        .unwrap();
        let error = SyncResults::read(&path).unwrap_err().to_string();
        assert!(
            error.contains("results.json") && error.contains("update Hugflow"),
            "{error}"
        );
        std::fs::write(&path, "[]").unwrap();
        assert!(
            SyncResults::read(&path)
                .unwrap_err()
                .to_string()
                .contains("not a Hugflow results.json")
        );
    }
}
