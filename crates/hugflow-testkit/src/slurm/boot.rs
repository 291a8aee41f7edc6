//! Starting a cluster, step by step, in the recipe's order: runtime dirs, munged, the
//! network, slurmctld (once it answers `scontrol ping`), the slurmds, then a wait until `sinfo`
//! shows every node idle. Each step leaves the cluster in a state its `Drop` can undo.

use std::fs::File;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::tools::program;
use super::{NVME, SlurmCluster, conf, net, procs};
use crate::process::spawn_owned;

/// How long the daemons get to come up before a start fails with their logs.
const START_TIMEOUT: Duration = Duration::from_secs(30);

impl SlurmCluster {
    pub(super) fn prepare_dirs(&mut self) {
        let root = &self.root;
        // munged: execute for all on every directory of its socket path.
        set_mode(root, 0o755);
        for sub in ["etc", "ctld/state", "shared"] {
            std::fs::create_dir_all(root.join(sub)).expect("runtime dirs");
        }
        std::fs::create_dir_all(root.join("munge")).expect("munge dir");
        set_mode(&root.join("munge"), 0o755);
        for node in &self.nodes {
            for sub in ["spool", "nvme"] {
                std::fs::create_dir_all(root.join("nodes").join(node).join(sub))
                    .expect("node dirs");
            }
        }
        // The mount point the nodes bind their own directory over, each in its own mount
        // namespace. Never removed: other clusters' nodes may be using it.
        std::fs::create_dir_all(NVME).unwrap_or_else(|e| panic!("create {NVME}: {e}"));
    }

    pub(super) fn start_munged(&mut self) {
        let munge = self.root.join("munge");
        let key: Vec<u8> = {
            use std::io::Read;
            let mut key = vec![0u8; 1024];
            File::open("/dev/urandom")
                .and_then(|mut f| f.read_exact(&mut key))
                .expect("read /dev/urandom");
            key
        };
        std::fs::write(munge.join("munge.key"), key).expect("write the munge key");
        set_mode(&munge.join("munge.key"), 0o400);
        let mut command = Command::new(program("munged"));
        command
            .arg("-F")
            .arg(format!("--socket={}", munge.join("munge.sock").display()))
            .arg(format!("--key-file={}", munge.join("munge.key").display()))
            .arg(format!("--pid-file={}", munge.join("munged.pid").display()))
            .arg(format!("--log-file={}", munge.join("munged.log").display()))
            .arg(format!(
                "--seed-file={}",
                munge.join("munged.seed").display()
            ))
            .arg("--num-threads=2");
        self.munged = Some(spawn_logged(command, &munge.join("stdout"), "munged"));
        let socket = munge.join("munge.sock");
        self.wait_for("munged's socket", |cluster| {
            if socket.exists() {
                return Ok(true);
            }
            match cluster.munged.as_mut().map(Child::try_wait) {
                Some(Ok(Some(status))) => Err(format!("munged exited ({status})")),
                _ => Ok(false),
            }
        });
    }

    pub(super) fn start_network(&mut self) {
        let k = self.k();
        let names: Vec<(String, String)> = self
            .nodes
            .iter()
            .map(|node| (net::netns(k, node), net::veth(k, node)))
            .collect();
        let plan: Vec<net::NodeNet> = names
            .iter()
            .enumerate()
            .map(|(i, (netns, veth))| net::NodeNet {
                netns,
                veth,
                address: conf::node_address(k, i),
            })
            .collect();
        // Set before creating: a half-made network is removed on drop too.
        self.network = true;
        net::create(k, &plan).unwrap_or_else(|e| panic!("set up the cluster network: {e}"));
        if let Some(size) = self.options.nvme_size {
            for node in self.nodes.clone() {
                let dir = self.nvme_dir(&node);
                net::mount_tmpfs(&dir, size).unwrap_or_else(|e| panic!("{e}"));
                self.tmpfs.push(dir);
            }
        }
    }

    fn write_conf(&self) {
        let text = conf::slurm_conf(&conf::ConfFacts {
            dir: &self.root,
            k: self.k(),
            port: self.port,
            nodes: &self.nodes,
            cpus_per_node: self.options.cpus_per_node,
            slurmd_timeout: self.options.slurmd_timeout,
        });
        std::fs::write(self.conf_path(), text).expect("write slurm.conf");
    }

    /// slurmctld, on the slot's port; another process may take a port between our look and
    /// slurmctld's bind, so a start that fails to bind tries a free one.
    pub(super) fn start_slurmctld(&mut self) {
        let log = self.root.join("ctld/stdout");
        for attempt in 1..=3 {
            self.port = if attempt == 1 {
                port_for(self.k())
            } else {
                free_port()
            };
            self.write_conf();
            let mut command = Command::new(program("unshare"));
            command
                .args([
                    "--uts",
                    "sh",
                    "-c",
                    "hostname ctl && exec \"$1\" -D -i -f \"$2\"",
                ])
                .arg("sh")
                .arg(program("slurmctld"))
                .arg(self.conf_path());
            self.slurmctld = Some(spawn_logged(command, &log, "slurmctld"));
            let answered = self.poll(Duration::from_millis(20), |cluster| {
                if cluster.run("scontrol", &["ping"]).status.success() {
                    return Ok(true);
                }
                match cluster.slurmctld.as_mut().map(Child::try_wait) {
                    Some(Ok(Some(status))) => Err(format!("slurmctld exited ({status})")),
                    _ => Ok(false),
                }
            });
            match answered {
                Ok(()) => break,
                Err(_) if attempt < 3 && self.logs().contains("Address already in use") => {
                    if let Some(mut child) = self.slurmctld.take() {
                        let _ = child.kill();
                        let _ = child.wait();
                    }
                }
                Err(why) => panic!("slurmctld did not answer: {why}\n{}", self.logs()),
            }
        }
        let pid = self.slurmctld.as_ref().expect("slurmctld").id();
        self.ctld_uts = procs::pin(Path::new(&format!("/proc/{pid}/ns/uts")));
    }

    pub(super) fn start_slurmd(&mut self, node: &str) {
        let i = self.index(node);
        let dir = self.root.join("nodes").join(node);
        let mut command = Command::new(program("nsenter"));
        command
            .arg(format!("--net=/run/netns/{}", self.netns(node)))
            .arg(program("unshare"))
            .args([
                "--uts",
                "--mount",
                "sh",
                "-c",
                "hostname \"$1\" && mount --bind \"$2\" \"$3\" && exec \"$4\" -D -f \"$5\"",
                "sh",
                node,
            ])
            .arg(dir.join("nvme"))
            .arg(NVME)
            .arg(program("slurmd"))
            .arg(self.conf_path());
        self.slurmd[i] = Some(spawn_logged(command, &dir.join("stdout"), "slurmd"));
    }

    pub(super) fn wait_idle(&mut self) {
        let want = self.nodes.len();
        self.wait_for("every node idle in sinfo", |cluster| {
            let output = cluster.run("sinfo", &["-h", "-N", "-o", "%N %t"]);
            let text = String::from_utf8_lossy(&output.stdout);
            let mut idle: Vec<&str> = text
                .lines()
                .filter_map(|line| line.split_once(' '))
                .filter(|(_, state)| *state == "idle")
                .map(|(node, _)| node)
                .collect();
            idle.sort();
            idle.dedup();
            for (node, child) in cluster.nodes.iter().zip(&mut cluster.slurmd) {
                if let Some(Ok(Some(status))) = child.as_mut().map(Child::try_wait) {
                    return Err(format!("slurmd of {node} exited ({status})"));
                }
            }
            Ok(idle.len() == want)
        });
    }

    /// Calls `check` every `every` until it says done (`Ok(true)`) or fails, for at most
    /// [`START_TIMEOUT`].
    fn poll(
        &mut self,
        every: Duration,
        mut check: impl FnMut(&mut Self) -> Result<bool, String>,
    ) -> Result<(), String> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if check(self)? {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!("timed out after {START_TIMEOUT:?}"));
            }
            std::thread::sleep(every);
        }
    }

    pub(super) fn wait_for(
        &mut self,
        what: &str,
        check: impl FnMut(&mut Self) -> Result<bool, String>,
    ) {
        if let Err(why) = self.poll(Duration::from_millis(20), check) {
            panic!("waiting for {what}: {why}\n{}", self.logs());
        }
    }
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("chmod {mode:o} {}: {e}", path.display()));
}

/// Slot `k`'s own port, `17000 + k`: no other live cluster has the same, and it lies below
/// the ephemeral range, where a client's socket (srun listens on a few) could take it between
/// a look and slurmctld's bind. A free one if something else holds it.
fn port_for(k: u8) -> u16 {
    let own = 17000 + u16::from(k);
    match std::net::TcpListener::bind(("0.0.0.0", own)) {
        Ok(_) => own,
        Err(_) => free_port(),
    }
}

/// A port free on every address (slurmctld listens on 0.0.0.0).
fn free_port() -> u16 {
    std::net::TcpListener::bind("0.0.0.0:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Spawns a daemon with stdin closed and stdout and stderr appended to `log`, so that it dies
/// with the test process.
fn spawn_logged(mut command: Command, log: &Path, what: &str) -> Child {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap_or_else(|e| panic!("open {}: {e}", log.display()));
    let err = file.try_clone().expect("clone a log handle");
    command.stdin(Stdio::null()).stdout(file).stderr(err);
    spawn_owned(command).unwrap_or_else(|e| panic!("start {what}: {e}"))
}
