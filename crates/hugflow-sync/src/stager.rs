//! The CI's hand-off to a Slurm cluster. A request with `stage:` is synced to this host's
//! (shared) storage, then staged onto the nodes through a [`Stager`]: implemented over Slurm
//! in `hugflow-ops` (`hugflow-cluster` reads this crate's manifests, so this crate cannot
//! depend on it). Both calls block until Slurm's job ended; the CI runs them off its runtime.

use hugflow_core::cluster::{StageOutcome, StageRecord, StageSpec};

pub trait Stager: Send + Sync {
    /// Submits the staging of `storage_name` as `spec` says and follows the job to its end,
    /// calling `progress` with the job's id, its Slurm state and the record at every poll.
    /// `Err` when it could not be submitted or followed (no Slurm, a refused job), in words
    /// that say what to do.
    fn stage(
        &self,
        storage_name: &str,
        spec: &StageSpec,
        progress: &mut dyn FnMut(&str, &str, &StageRecord),
    ) -> Result<StageOutcome, String>;

    /// Deletes the node copies of `storage_name` if it was staged, and waits for the job:
    /// the nodes it cleaned (empty when it was never staged).
    fn unstage(&self, storage_name: &str) -> Result<Vec<String>, String>;
}
