//! A Slurm cluster's login node as the desktop reaches it: a real 3-node cluster, a real sshd
//! on loopback whose remote commands see the cluster's `SLURM_CONF` (through the harness's
//! `SetEnv`, so nothing in the system's `/etc` changes) and find `hugflow` on their PATH, and a
//! GitOps checkout whose `.env` puts STORAGE_ROOT and STATE_DIR on the cluster's shared
//! storage, holding one dataset downloaded from the fake Hub (as `local-sync` puts it there).

use std::path::Path;

use tempfile::TempDir;

use super::SlurmCluster;
use super::checkout::{shared_checkout, sync_request};
use crate::hub::{Corpus, FakeDataset, FakeHub};
use crate::sshd::Sshd;

/// The dataset on the shared storage.
pub const DATASET: &str = "acme/speech";

pub struct LoginNode {
    pub cluster: SlurmCluster,
    pub hub: FakeHub,
    /// The checkout on the login node (give it as the host's checkout path).
    pub checkout: TempDir,
    /// The login node's sshd, named `login` in the client config it writes.
    pub sshd: Sshd,
    /// [`DATASET`]'s storage name on the shared storage.
    pub storage_name: String,
}

impl LoginNode {
    /// `None` (with the testkit's "skipped" message) where Slurm cannot start. `hugflow`: the
    /// binary the login node runs (the workspace's).
    pub fn start_or_skip(hugflow: &Path) -> Option<Self> {
        let cluster = SlurmCluster::start_or_skip(3)?;
        let mut corpus = Corpus::new();
        corpus.insert(
            FakeDataset::builder(DATASET)
                .file("README.md", "# Speech\n")
                .noise_file("data/train-00000.parquet", 1 << 20)
                .noise_file("data/train-00001.parquet", 1 << 20)
                .build(),
        );
        let hub = FakeHub::start(corpus);
        let checkout = tempfile::tempdir().expect("a temp checkout");
        shared_checkout(&cluster, checkout.path(), DATASET);
        let storage_name = sync_request(&cluster, &hub, checkout.path(), hugflow);
        let conf = cluster.conf_path().display().to_string();
        let sshd = Sshd::start("login", &[("SLURM_CONF", conf.as_str())]);
        sshd.install_program("hugflow", hugflow);
        Some(Self {
            cluster,
            hub,
            checkout,
            sshd,
            storage_name,
        })
    }

    /// Where node `node` holds its staged copy under `target` (seen from this machine).
    pub fn copy_on(&self, node: &str, target: &str) -> std::path::PathBuf {
        let under = target
            .trim_start_matches(super::NVME)
            .trim_start_matches('/');
        self.cluster
            .nvme_dir(node)
            .join(under)
            .join(&self.storage_name)
    }
}
