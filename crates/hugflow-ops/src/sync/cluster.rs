//! The CI's [`Stager`] over Slurm: `sync --ci-mode` on a cluster's login node stages requests
//! that carry `stage:` with the same calls as `hugflow stage --wait` and `hugflow unstage
//! --wait`, and each node runs this same `hugflow` binary (it must sit at the same path on
//! the nodes, as for `hugflow stage`).

use std::path::PathBuf;
use std::time::Duration;

use hugflow_cluster::records::StageBook;
use hugflow_cluster::stage::{StageRequest, follow, submit};
use hugflow_cluster::unstage::{UnstageRequest, follow_unstage, submit_unstage};
use hugflow_core::checkout::Checkout;
use hugflow_core::cluster::{StageOutcome, StageRecord, StageSpec};
use hugflow_sync::Stager;

/// How often the CI asks Slurm about its job.
const POLL: Duration = Duration::from_secs(2);

pub struct ClusterStager {
    storage_root: PathBuf,
    state_dir: PathBuf,
    program: PathBuf,
}

impl ClusterStager {
    pub fn new(checkout: &Checkout) -> std::io::Result<Self> {
        Ok(Self {
            storage_root: checkout.storage_root.clone(),
            state_dir: checkout.state.path().to_path_buf(),
            program: std::env::current_exe()?,
        })
    }
}

impl Stager for ClusterStager {
    fn stage(
        &self,
        storage_name: &str,
        spec: &StageSpec,
        progress: &mut dyn FnMut(&str, &str, &StageRecord),
    ) -> Result<StageOutcome, String> {
        let request = StageRequest {
            storage_name: storage_name.to_string(),
            storage_root: self.storage_root.clone(),
            state_dir: self.state_dir.clone(),
            spec: spec.clone(),
            program: self.program.clone(),
            max_rate: None,
        };
        let (job_id, record) = submit(&request).map_err(|e| e.to_string())?;
        progress(&job_id, "PENDING", &record);
        let book = StageBook::new(&self.state_dir);
        follow(&book, storage_name, &job_id, POLL, |record, job| {
            progress(&job_id, job.map_or("ENDED", |j| j.state.as_str()), record)
        })
        .map_err(|e| e.to_string())
    }

    fn unstage(&self, storage_name: &str) -> Result<Vec<String>, String> {
        let book = StageBook::new(&self.state_dir);
        if book
            .read(storage_name)
            .map_err(|e| e.to_string())?
            .is_none()
        {
            return Ok(Vec::new());
        }
        let request = UnstageRequest {
            storage_name: storage_name.to_string(),
            state_dir: self.state_dir.clone(),
            nodes: None,
            program: self.program.clone(),
        };
        let (job_id, nodes) = submit_unstage(&request).map_err(|e| e.to_string())?;
        let outcome = follow_unstage(&book, storage_name, &job_id, &nodes, POLL, |_| {})
            .map_err(|e| e.to_string())?;
        if outcome.left.is_empty() {
            Ok(nodes)
        } else {
            Err(format!(
                "clean-up job {job_id} ended {} and left copies on {}; see {}",
                outcome.job_state,
                outcome.left.join(", "),
                book.log_dir().display()
            ))
        }
    }
}
