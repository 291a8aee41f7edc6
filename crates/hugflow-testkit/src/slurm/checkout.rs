//! A GitOps checkout on a cluster's login node: its `.env` puts STORAGE_ROOT and STATE_DIR on
//! the cluster's shared storage, and it holds one request, `requests/add/speech.yaml`, which
//! [`sync_request`] downloads from a fake Hub onto that storage (as `local-sync` does).

use std::path::Path;
use std::process::Stdio;

use super::SlurmCluster;
use crate::hub::FakeHub;

/// The request file every such checkout holds.
pub const REQUEST: &str = "requests/add/speech.yaml";

/// Writes the checkout into `dir`: the `.env` and a request for `hf_id`.
pub fn shared_checkout(cluster: &SlurmCluster, dir: &Path, hf_id: &str) {
    std::fs::create_dir_all(dir.join("requests/add")).expect("requests/add");
    std::fs::write(
        dir.join(REQUEST),
        format!("hf_id: {hf_id}\ndescription: staged on a cluster\n"),
    )
    .expect("the request");
    std::fs::write(
        dir.join(".env"),
        format!(
            "STORAGE_ROOT={0}/datasets\nSTATE_DIR={0}/state\n",
            cluster.shared_dir().display()
        ),
    )
    .expect("the .env");
}

/// `hugflow local-sync` of the checkout's request from `hub` onto the shared storage; the
/// dataset's storage name.
pub fn sync_request(cluster: &SlurmCluster, hub: &FakeHub, dir: &Path, hugflow: &Path) -> String {
    let output = cluster
        .command(hugflow)
        .args(["local-sync", REQUEST, "--root"])
        .arg(dir)
        .current_dir(dir)
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
    let entry = std::fs::read_dir(cluster.shared_dir().join("datasets"))
        .expect("the shared datasets")
        .flatten()
        .next()
        .expect("the synced dataset on the shared storage");
    entry.file_name().to_string_lossy().into_owned()
}
