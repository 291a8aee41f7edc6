//! The Runs, Retrain and Spaces pages: flow and artifact runs read on this computer or on a
//! host, the retrain orchestrator's recorded runs, and the team's Spaces.

mod rerun;
mod retrain;
mod retrain_watch;
mod runs;
mod spaces;
mod types;

#[cfg(test)]
mod rerun_tests;
#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) use retrain_watch::retrain_notice;
pub use types::{RetrainSpace, RunSource, SpacesSettings, WorkerSpace};
