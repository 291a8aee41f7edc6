//! A Slurm cluster's login node as the desktop reaches it: a real 3-node cluster, a real sshd
//! on loopback whose remote commands see the cluster's `SLURM_CONF` (through the harness's
//! `SetEnv`, so nothing in the system's `/etc` changes) and find `hugflow` on their PATH, and a
//! GitOps checkout whose `.env` puts STORAGE_ROOT and STATE_DIR on the cluster's shared
//! storage, holding one dataset downloaded from the fake Hub (as `local-sync` puts it there).

use std::path::Path;
use std::process::Stdio;

use tempfile::TempDir;

use super::SlurmCluster;
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
        let storage_name = sync_to_shared(&cluster, &hub, checkout.path(), hugflow);
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

/// Writes the checkout (a request for [`DATASET`], the `.env`), syncs it onto the shared
/// storage, and returns its storage name.
fn sync_to_shared(cluster: &SlurmCluster, hub: &FakeHub, work: &Path, hugflow: &Path) -> String {
    std::fs::create_dir_all(work.join("requests/add")).expect("requests/add");
    std::fs::write(
        work.join("requests/add/speech.yaml"),
        format!("hf_id: {DATASET}\ndescription: staged from the desktop\n"),
    )
    .expect("the request");
    let shared = cluster.shared_dir();
    std::fs::write(
        work.join(".env"),
        format!(
            "STORAGE_ROOT={0}/datasets\nSTATE_DIR={0}/state\n",
            shared.display()
        ),
    )
    .expect("the .env");
    let output = cluster
        .command(hugflow)
        .args(["local-sync", "requests/add/speech.yaml", "--root"])
        .arg(work)
        .current_dir(work)
        .env("HF_ENDPOINT", hub.url())
        .env("HF_TOKEN", hub.token())
        .env_remove("STORAGE_ROOT")
        .env_remove("STATE_DIR")
        .stdin(Stdio::null())
        .output()
        .expect("run hugflow local-sync");
    assert!(
        output.status.success(),
        "local-sync: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let entry = std::fs::read_dir(shared.join("datasets"))
        .expect("the shared datasets")
        .flatten()
        .next()
        .expect("the synced dataset on the shared storage");
    entry.file_name().to_string_lossy().into_owned()
}
