//! The Runs, Retrain and Spaces pages: flow and artifact runs read on this computer or on a
//! host, the retrain orchestrator's recorded runs, and the team's Spaces.

mod types;

pub use types::{RetrainSpace, RunSource, SpacesSettings, WorkerSpace};
