//! The Retrain page: the orchestrator's recorded runs, read from the local checkout's state
//! dir or from a host's checkout over SSH, a metadata repo's version history from its
//! commits, and desktop notifications when a run ends ([`watch`]).

mod watch;

use hugflow_core::checkout::Checkout;
use hugflow_core::retrain::{DatasetVersion, RetrainHistory};
use hugflow_remote::agent as remote_agent;
use serde::Deserialize;

#[cfg(test)]
pub(crate) use watch::retrain_notice;

use crate::hosts::agent_error;
use crate::{ApiError, ErrorCode, HugflowApp};

/// How many runs the page lists.
const HISTORY_LIMIT: usize = 200;
/// How many of a metadata repo's commits the chart reads (each is one request).
const VERSIONS_LIMIT: usize = 60;

#[derive(Debug, Deserialize)]
struct VersionFields {
    version_tag: Option<String>,
    num_samples: Option<u64>,
}

impl HugflowApp {
    /// The recorded runs on host `host`'s checkout, or in the local checkout when `None`.
    pub async fn retrain_history(&self, host: Option<&str>) -> Result<RetrainHistory, ApiError> {
        match host {
            Some(name) => {
                let (target, info, checkout) = self.agent_ready(name)?;
                remote_agent::reports::retrain_history(&self.hosts.ssh, &target, &info, &checkout)
                    .await
                    .map_err(agent_error)
            }
            None => {
                let Some(root) = self.local_checkout()? else {
                    return Err(ApiError::new(
                        ErrorCode::NoCheckout,
                        "no local checkout is open: choose it on the Local datasets page, or pick a host",
                    ));
                };
                let checkout = Checkout::open(std::path::Path::new(&root))?;
                tokio::task::spawn_blocking(move || {
                    hugflow_ops::retrain::history(checkout.state.path(), HISTORY_LIMIT)
                        .map_err(store_error)
                })
                .await
                .map_err(|e| ApiError::new(ErrorCode::Io, e.to_string()))?
            }
        }
    }

    /// Each version of `repo`'s `dataset_metadata.json` over its newest commits, oldest first,
    /// at the commit that introduced it. Commits without the file are left out.
    pub async fn dataset_versions(&self, repo: &str) -> Result<Vec<DatasetVersion>, ApiError> {
        let hub = self.hub()?;
        let commits = hub.dataset_commits(repo, "main").await?;
        let mut versions = Vec::new();
        for commit in commits.into_iter().take(VERSIONS_LIMIT) {
            if let Ok(fields) = hub
                .dataset_json::<VersionFields>(repo, &commit.id, "dataset_metadata.json")
                .await
            {
                versions.push(DatasetVersion {
                    commit: commit.id,
                    date: commit.date,
                    version_tag: fields.version_tag,
                    num_samples: fields.num_samples,
                });
            }
        }
        versions.reverse();
        // Commits that touched other files repeat the version before them.
        versions.dedup_by(|later, earlier| {
            later.version_tag == earlier.version_tag && later.num_samples == earlier.num_samples
        });
        Ok(versions)
    }
}

fn store_error(error: hugflow_retrain::StoreError) -> ApiError {
    ApiError::new(ErrorCode::Database, error.to_string())
}

#[cfg(test)]
mod tests;
