//! What can go wrong on a cluster, each in words that name the input and the fix.

use std::path::PathBuf;

use hugflow_core::path_io::PathIoError;

#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error(
        "`{program}` was not found: Hugflow reaches the cluster through Slurm's own commands, so run this on a login node where they work, or install Slurm's client (Debian: slurm-client) and put it on PATH"
    )]
    SlurmMissing { program: String },
    #[error("`{command}` failed: {message}")]
    Slurm { command: String, message: String },
    #[error(
        "Slurm's `{command}` printed something Hugflow cannot read ({why}); is this Slurm 22.05 or newer?"
    )]
    SlurmOutput { command: String, why: String },
    #[error("{0}")]
    Spec(#[from] hugflow_core::cluster::StageSpecError),
    #[error(
        "{storage_name} is not on the shared storage ({path} has no .hugflow/manifest.json): sync it first (`hugflow local-sync REQUEST.yaml`, or give `hugflow stage` the request file)"
    )]
    NotSynced { storage_name: String, path: PathBuf },
    #[error(
        "staging job {job_id} for {storage_name} is still {state}: wait for it (`hugflow cluster` shows it) or cancel it with `scancel {job_id}`, then stage again"
    )]
    Busy {
        storage_name: String,
        job_id: String,
        state: String,
    },
    #[error("{what} {value:?} is unsafe: {why}")]
    Unsafe {
        what: &'static str,
        value: String,
        why: &'static str,
    },
    #[error(transparent)]
    Io(#[from] PathIoError),
    #[error("{path} is not a valid stage record ({source}); delete it and stage again")]
    Corrupt {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// A storage name that is one plain folder name: the core's rule, as this crate's error.
pub(crate) fn check_storage_name(name: &str) -> Result<(), ClusterError> {
    hugflow_core::cluster::check_storage_name(name).map_err(ClusterError::from)
}
