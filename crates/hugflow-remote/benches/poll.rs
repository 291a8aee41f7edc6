//! Poll latency: one look at an HGX (nvidia-smi, df, load, memory) over the reused, multiplexed
//! connection against a fresh `ssh` per poll, in the same run, against a real sshd on loopback
//! with the fake nvidia-smi. Target (DESIGN §8): < 50 ms per poll over the reused connection.
//!
//! `make bench` (builds the fake nvidia-smi first), or:
//! `cargo build --release -p hugflow-testkit --bins && cargo bench -p hugflow-remote --bench poll`

use std::path::PathBuf;
use std::time::{Duration, Instant};

use hugflow_remote::monitor::{MonitorSettings, parse_snapshot, snapshot_command};
use hugflow_remote::{Ssh, SshSettings, Target};
use hugflow_testkit::process::workspace_bin;
use hugflow_testkit::sshd::Sshd;

const REUSED_POLLS: usize = 100;
const FRESH_POLLS: usize = 30;

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = Sshd::start(
        "hgx-bench",
        &[("FAKE_NVIDIA_SMI_CAPTURE", "linux-x86_64__nvidia-h100")],
    );
    server.install_program("nvidia-smi", &workspace_bin("nvidia-smi"));
    let laptop = tempfile::tempdir().unwrap();
    let config = laptop.path().join("ssh_config");
    server.write_client_config(&config, false);
    let mut settings = SshSettings::in_dir(PathBuf::from("/usr/bin/ssh"), laptop.path());
    settings.config_file = Some(config);
    std::fs::write(&settings.known_hosts, server.known_hosts_line() + "\n").unwrap();
    let ssh = Ssh::new(settings);
    let target = Target::parse("hgx-bench").unwrap();
    let command = snapshot_command(&MonitorSettings {
        storage_root: Some("/".into()),
        ..Default::default()
    });

    runtime.block_on(async {
        let _master = ssh.open_master(&target).await.unwrap();
        let mut reused = Vec::new();
        for _ in 0..REUSED_POLLS {
            let start = Instant::now();
            let output = ssh
                .run(&target, &command, None, Duration::from_secs(10))
                .await
                .unwrap();
            reused.push(start.elapsed());
            assert_eq!(parse_snapshot(&output.stdout_text()).gpus.len(), 1);
        }
        let mut fresh = Vec::new();
        for _ in 0..FRESH_POLLS {
            let start = Instant::now();
            let output = ssh.run_unshared(&target, &command).await.unwrap();
            fresh.push(start.elapsed());
            assert_eq!(parse_snapshot(&output.stdout_text()).gpus.len(), 1);
        }
        let (reused_median, reused_p95) = stats(&mut reused);
        let (fresh_median, fresh_p95) = stats(&mut fresh);
        println!("\npoll latency, one HGX snapshot over ssh on loopback");
        println!("| how | polls | median | p95 |");
        println!("|---|---|---|---|");
        println!(
            "| reused connection (ControlMaster) | {REUSED_POLLS} | {:.1} ms | {:.1} ms |",
            ms(reused_median),
            ms(reused_p95)
        );
        println!(
            "| fresh ssh per poll | {FRESH_POLLS} | {:.1} ms | {:.1} ms |",
            ms(fresh_median),
            ms(fresh_p95)
        );
        println!(
            "reused is {:.1}x faster per poll (target: < 50 ms per poll: {})",
            ms(fresh_median) / ms(reused_median),
            if ms(reused_median) < 50.0 {
                "met"
            } else {
                "MISSED"
            }
        );
    });
}

fn stats(samples: &mut [Duration]) -> (Duration, Duration) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
