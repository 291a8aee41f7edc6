//! The retrain orchestrator's recorded runs in a checkout's state (`hugflow retrain history`,
//! the desktop's Retrain page for this computer; a host's comes over SSH from the former).

use std::path::Path;

use hugflow_core::retrain::{RETRAIN_SCHEMA, RetrainHistory};
use hugflow_retrain::{RunStore, StoreError};

/// The newest `limit` runs recorded under `state_dir`, newest first; none when the
/// orchestrator never ran there.
pub fn history(state_dir: &Path, limit: usize) -> Result<RetrainHistory, StoreError> {
    let runs = match RunStore::open_existing(state_dir)? {
        Some(store) => store.history(limit)?,
        None => Vec::new(),
    };
    Ok(RetrainHistory {
        schema: RETRAIN_SCHEMA,
        runs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_where_the_orchestrator_never_ran_has_no_runs_and_stays_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let history = history(dir.path(), 10).unwrap();
        assert_eq!(history.schema, RETRAIN_SCHEMA);
        assert!(history.runs.is_empty());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
