//! What the Runs, Retrain and Spaces pages send and keep: where runs are read from, and which
//! Spaces the team watches.

use serde::{Deserialize, Serialize};

/// A folder of flow or artifact runs: on this computer (`host: null`) or on a host over SSH.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RunSource {
    /// A host's name as added on the Hosts page; `null` for a folder on this computer.
    pub host: Option<String>,
    /// The folder to scan (absolute; on the host for a host source).
    pub path: String,
}

/// The Spaces the Spaces page watches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SpacesSettings {
    /// The retrain orchestrator's dataset-prepare Space.
    pub prepare: Option<String>,
    /// One retrain Space per label.
    pub retrain: Vec<RetrainSpace>,
    /// Worker Spaces, each with the dataset its iterations land in.
    pub workers: Vec<WorkerSpace>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RetrainSpace {
    pub label: String,
    pub space: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct WorkerSpace {
    pub space: String,
    /// `owner/name` of the dataset it pushes `iteration_N.json` files to.
    pub results_dataset: Option<String>,
}
