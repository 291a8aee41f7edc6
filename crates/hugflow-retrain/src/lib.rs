//! The retrain orchestrator (`hugflow retrain`): teams retrain a model when enough reviewed
//! misclassifications pile up. This crate counts them (PostgreSQL or SQLite), restarts the
//! dataset-prepare Space, waits for the new `dataset_metadata.json` version, restarts the
//! label's retrain Space, and records every run with its steps and timings. GUI-free: the CLI
//! prints the run, the desktop reads the history.

pub mod config;
pub mod database;
pub mod lock;
pub mod log;
pub mod metadata;
pub mod orchestrator;
pub mod store;

pub use config::{ConfigError, LabelConfig, RetrainConfig};
pub use log::RunLog;
pub use orchestrator::run;
pub use store::{RunStore, StoreError};
