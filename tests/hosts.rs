//! The Hosts page, end to end: the real app under Xvfb adds two loopback "HGX" hosts (two real
//! sshd servers, each with the fake nvidia-smi replaying a different capture), shows each new
//! host key's fingerprint, trusts it on click, and fills the GPU cards side by side.

use hugflow_e2e::{AppHome, Desktop};
use hugflow_testkit::process::workspace_bin;
use hugflow_testkit::sshd::Sshd;

const BINARY: &str = env!("CARGO_BIN_EXE_hugflow-desktop");

fn gpu_server(alias: &str, capture: &str) -> Sshd {
    let server = Sshd::start(alias, &[("FAKE_NVIDIA_SMI_CAPTURE", capture)]);
    server.install_program("nvidia-smi", &workspace_bin("nvidia-smi"));
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn two_loopback_hosts_are_trusted_and_fill_side_by_side() {
    let a = gpu_server("hgx-a", "linux-x86_64__nvidia-h100");
    let b = gpu_server("hgx-b", "linux-x86_64__nvidia-h200");
    let home = AppHome::new();
    let ssh_config = home.dir.path().join("ssh_config");
    a.write_client_config(&ssh_config, false);
    b.write_client_config(&ssh_config, true);
    let storage_root = home.dir.path().display().to_string();
    let env = [
        ("HUGFLOW_SSH_CONFIG", ssh_config.to_str().unwrap()),
        ("HUGFLOW_MONITOR_INTERVAL_MS", "500"),
    ];
    let desktop = Desktop::launch_with(&home, BINARY, &env).await;
    desktop.click("nav-hosts").await;

    for server in [&a, &b] {
        desktop.type_into("add-host-name", server.alias()).await;
        desktop
            .type_into("add-host-storage-root", &storage_root)
            .await;
        // The unknown key is shown with its fingerprint; nothing connects until it is trusted.
        desktop.add_host_trusting(&server.fingerprint()).await;
    }

    desktop.wait_count("host-card", 2).await;
    desktop.wait_at_least("gpu-card", 2).await;
    desktop.screenshot("hosts-side-by-side").await;
    let hosts: Vec<String> = desktop
        .attribute_and_text("host-card", "data-host")
        .await
        .into_iter()
        .map(|(host, _)| host)
        .collect();
    assert_eq!(hosts, ["hgx-a", "hgx-b"]);
    // Each card shows its own capture's GPU (the full model name is the tile's tooltip).
    let gpus: Vec<String> = desktop
        .attribute_and_text("gpu-name", "title")
        .await
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(gpus, ["NVIDIA H100 80GB HBM3", "NVIDIA H200"]);

    // Both keys went to the app's own known_hosts, never to the user's.
    let known_hosts =
        std::fs::read_to_string(home.app_dir().join("known_hosts")).expect("the app's known_hosts");
    assert_eq!(known_hosts.lines().count(), 2, "{known_hosts}");
    desktop.quit().await;
}
