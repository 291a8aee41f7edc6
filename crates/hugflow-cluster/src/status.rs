//! `hugflow cluster --json`: the nodes (Slurm's state, GPUs from gres, partitions), the
//! staging and clean-up jobs Slurm still lists, and every staged dataset node by node.

use hugflow_core::cluster::ClusterStatus;

use crate::ClusterError;
use crate::records::StageBook;
use crate::slurm;

pub fn cluster_status(book: &StageBook) -> Result<ClusterStatus, ClusterError> {
    Ok(ClusterStatus {
        schema: 1,
        nodes: slurm::nodes()?,
        jobs: slurm::stage_jobs()?,
        datasets: book.list()?,
    })
}
