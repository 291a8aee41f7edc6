//! The Slurm cluster page, end to end: a real 3-node Slurm cluster from the testkit, its login
//! node (this machine's root namespaces) behind a real sshd whose remote commands see the
//! cluster's `SLURM_CONF` and have `hugflow` on their PATH, a GitOps checkout whose
//! STORAGE_ROOT and STATE_DIR are on the cluster's shared storage holding a dataset from the
//! fake Hub. The real app adds the login node as a cluster, shows its 3 nodes, stages the
//! dataset on them, shows every node verified in the matrix, and notifies once.

use std::time::Duration;

use hugflow_e2e::{AppHome, Desktop};
use hugflow_testkit::process::workspace_bin;
use hugflow_testkit::session::NotificationDaemon;
use hugflow_testkit::slurm::NVME;
use hugflow_testkit::slurm::login::LoginNode;
use hugflow_testkit::wait;

const BINARY: &str = env!("CARGO_BIN_EXE_hugflow-desktop");

#[tokio::test(flavor = "multi_thread")]
async fn the_cluster_page_shows_three_nodes_and_stages_a_dataset_verified_on_each() {
    let Some(site) = LoginNode::start_or_skip(&workspace_bin("hugflow")) else {
        return;
    };
    let (login, storage_name) = (&site.sshd, site.storage_name.clone());

    let home = AppHome::new();
    let daemon = NotificationDaemon::start_on(home.session.address());
    let ssh_config = home.dir.path().join("ssh_config");
    login.write_client_config(&ssh_config, false);
    let env = [
        ("HUGFLOW_SSH_CONFIG", ssh_config.to_str().unwrap()),
        ("HUGFLOW_MONITOR_INTERVAL_MS", "500"),
        ("HUGFLOW_HOST_POLL_MS", "500"),
    ];
    let desktop = Desktop::launch_with(&home, BINARY, &env).await;
    desktop.click("nav-hosts").await;
    desktop.type_into("add-host-name", login.alias()).await;
    desktop
        .type_into(
            "add-host-checkout",
            &site.checkout.path().display().to_string(),
        )
        .await;
    desktop.click("add-host-cluster").await;
    desktop.add_host_trusting(&login.fingerprint()).await;
    desktop.click("host-open").await;

    // Its 3 nodes, as Slurm lists them.
    desktop.wait_count("cluster-node", 3).await;
    let nodes: Vec<String> = desktop
        .attribute_and_text("cluster-node", "data-node")
        .await
        .into_iter()
        .map(|(node, _)| node)
        .collect();
    assert_eq!(nodes, ["n1", "n2", "n3"]);
    desktop.wait_count("stage-matrix-empty", 1).await;

    // A value Rust refuses is shown, and nothing is submitted.
    desktop.type_into("stage-dataset", &storage_name).await;
    desktop.type_into("stage-nodes", "n1;reboot").await;
    let target = format!("{NVME}/datasets");
    desktop.type_into("stage-target", &target).await;
    desktop.click("stage-submit").await;
    desktop
        .wait_text_containing("stage-error", "is not allowed")
        .await;
    desktop.find("stage-nodes").await.clear().await.unwrap();
    desktop.type_into("stage-nodes", "n[1-3]").await;
    desktop.click("stage-submit").await;
    desktop
        .wait_text_containing("stage-submitted", "Submitted staging job")
        .await;

    // Every node's cell turns verified, and the copies are on the nodes' own disks.
    for node in ["n1", "n2", "n3"] {
        let cell = format!("[data-testid='stage-cell'][data-node='{node}'][data-state='verified']");
        desktop.wait_css(&cell).await;
    }
    desktop.screenshot("cluster-staged").await;
    for node in ["n1", "n2", "n3"] {
        let copy = site.copy_on(node, &target);
        assert!(
            copy.join("data/train-00001.parquet").is_file(),
            "{node}: {}",
            copy.display()
        );
    }

    // One notification that the staging job completed.
    let staged = || {
        daemon
            .notifications()
            .iter()
            .filter(|line| line.contains(&format!("{storage_name} staged on login")))
            .count()
    };
    wait::until("the staged notification", Duration::from_secs(20), || {
        (staged() > 0).then_some(())
    });
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(staged(), 1, "{:#?}", daemon.notifications());
    desktop.quit().await;
}
