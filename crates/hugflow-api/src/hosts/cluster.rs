//! Slurm clusters: a saved host marked as a cluster's login node. Its page reads
//! `hugflow cluster --json` through the host's agent ([`HugflowApp::host_cluster`]) and stages a
//! dataset onto nodes ([`HugflowApp::stage_on_cluster`]); the host's follower reads the cluster
//! on every look and notifies when a staging job ends ([`StageWatch`]).
//!
//! Which hosts are login nodes is one setting (a JSON list of host names), so the hosts table
//! and its migrations stay as they are.

use std::collections::HashMap;

use hugflow_core::cluster::{
    ClusterStatus, NodeStageState, StageOutcome, StageRecord, StageSpec, check_storage_name,
};
use hugflow_remote::agent::cluster as remote_cluster;

use super::{agent_error, unknown_host};
use crate::{ApiError, ErrorCode, HugflowApp};

/// The setting holding the login nodes' host names.
const CLUSTER_HOSTS: &str = "cluster_hosts";

impl HugflowApp {
    /// The saved hosts marked as Slurm login nodes.
    pub(crate) fn cluster_hosts(&self) -> Result<Vec<String>, ApiError> {
        Ok(self
            .db
            .setting(CLUSTER_HOSTS)?
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default())
    }

    /// Marks `name` as a login node (or not).
    pub(crate) fn mark_cluster(&self, name: &str, cluster: bool) -> Result<(), ApiError> {
        let mut names = self.cluster_hosts()?;
        names.retain(|n| n != name);
        if cluster {
            names.push(name.to_string());
        }
        let text = serde_json::to_string(&names).expect("names serialize");
        self.db.set_setting(CLUSTER_HOSTS, &text)?;
        Ok(())
    }

    /// `name`'s cluster now: nodes, staging jobs, and each staged dataset node by node.
    pub async fn host_cluster(&self, name: &str) -> Result<ClusterStatus, ApiError> {
        let checkout = self.cluster_checkout(name)?;
        let (target, info) = self.agent_on(name)?;
        remote_cluster::status(&self.hosts.ssh, &target, &info, checkout.as_deref())
            .await
            .map_err(agent_error)
    }

    /// Submits one Slurm job on `name`'s cluster copying `storage_name` (on the shared
    /// storage) to `spec.target` on the nodes; answers at once with the job and each node's
    /// first state. The host's follower notifies when the job ends.
    pub async fn stage_on_cluster(
        &self,
        name: &str,
        storage_name: &str,
        spec: &StageSpec,
    ) -> Result<StageOutcome, ApiError> {
        let checkout = self.cluster_checkout(name)?;
        check_storage_name(storage_name)
            .and_then(|()| spec.check())
            .map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))?;
        let (target, info) = self.agent_on(name)?;
        let outcome = remote_cluster::stage(
            &self.hosts.ssh,
            &target,
            &info,
            checkout.as_deref(),
            storage_name,
            spec,
        )
        .await
        .map_err(agent_error)?;
        tracing::info!(
            host = name,
            storage_name,
            job = outcome.job_id,
            "staging job submitted"
        );
        self.retry_host(name)?;
        Ok(outcome)
    }

    /// The saved login node's checkout (where STATE_DIR is resolved), or why it is not one.
    fn cluster_checkout(&self, name: &str) -> Result<Option<String>, ApiError> {
        let record = self.db.host(name)?.ok_or_else(|| unknown_host(name))?;
        if !self.cluster_hosts()?.iter().any(|n| n == name) {
            return Err(ApiError::new(
                ErrorCode::NotConfigured,
                format!(
                    "{name} is not marked as a Slurm login node; edit it on the Hosts page and tick \"Slurm login node\""
                ),
            ));
        }
        Ok(record.checkout)
    }
}

/// Where each dataset's last staging job stood at the previous look, to notify its end once.
#[derive(Debug, Default)]
pub(crate) struct StageWatch {
    /// storage name → (job id, still running).
    seen: HashMap<String, (Option<String>, bool)>,
}

/// A staging job that ended: (title, body, succeeded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StageEnding {
    pub title: String,
    pub body: String,
    pub succeeded: bool,
}

impl StageWatch {
    /// Whether a stage was running (a node pending or copying) at the last look.
    pub fn any_running(&self) -> bool {
        self.seen.values().any(|(_, running)| *running)
    }

    /// The staging jobs that ended since the last look: a record whose nodes were pending or
    /// copying and are now all settled, or one submitted after `since` and settled by the
    /// first look.
    pub fn endings(&mut self, host: &str, status: &ClusterStatus, since: &str) -> Vec<StageEnding> {
        let mut endings = Vec::new();
        for record in &status.datasets {
            let running = record
                .nodes
                .values()
                .any(|n| matches!(n.state, NodeStageState::Pending | NodeStageState::Copying));
            let now = (record.job_id.clone(), running);
            let before = self.seen.insert(record.storage_name.clone(), now.clone());
            let was_running = before.as_ref() == Some(&(now.0.clone(), true));
            let new_and_done = before.as_ref().is_none_or(|b| b.0 != now.0)
                && record.submitted_at.as_str() >= since;
            if !running && (was_running || new_and_done) {
                endings.push(ending(host, record));
            }
        }
        endings
    }
}

fn ending(host: &str, record: &StageRecord) -> StageEnding {
    let job = record.job_id.as_deref().unwrap_or("?");
    if record.all_verified() {
        StageEnding {
            title: format!("{} staged on {host}", record.storage_name),
            body: format!(
                "Job {job}: verified on {} node(s) in {}/{}.",
                record.nodes.len(),
                record.target,
                record.storage_name
            ),
            succeeded: true,
        }
    } else {
        let failures = record.failures();
        StageEnding {
            title: format!("Staging {} failed on {host}", record.storage_name),
            body: format!(
                "Job {job}: {}",
                if failures.is_empty() {
                    "not every node holds a verified copy; see the cluster page".to_string()
                } else {
                    failures.join("; ")
                }
            ),
            succeeded: false,
        }
    }
}

#[cfg(test)]
#[path = "cluster_tests.rs"]
mod tests;
