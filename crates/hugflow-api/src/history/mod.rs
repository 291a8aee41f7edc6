//! The Runs, Retrain and Spaces pages: flow and artifact runs read on this computer or on a
//! host, the retrain orchestrator's recorded runs, and the team's Spaces.

mod retrain;
mod runs;
mod spaces;
mod types;

#[cfg(test)]
mod tests;

pub use types::{RetrainSpace, RunSource, SpacesSettings, WorkerSpace};
