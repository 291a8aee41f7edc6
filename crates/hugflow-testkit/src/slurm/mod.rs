//! A real multi-node Slurm cluster on this machine (DESIGN §5), started and stopped by the test
//! that owns it. It follows the measured recipe in `../shared/recipes/slurm-cluster/`.
//!
//! [`SlurmCluster::start`] runs Debian's own Slurm 22.05 daemons as children of the test
//! process: `munged` with a private key and socket (the system's munge is not touched), one
//! `slurmctld`, and one `slurmd` per node (`n1`, `n2`, …). Each `slurmd` has its own
//!
//! - network namespace: a veth to a bridge in the root namespace, on `10.77.k.0/24`, so each node
//!   has its own address and all of them keep the default slurmd port;
//! - UTS namespace: its own hostname, which is how a slurmd knows which node it is;
//! - mount namespace: a per-node directory bind-mounted over [`NVME`] (`/local/nvme`), so the
//!   same path is a different "local NVMe" on every node. [`SlurmCluster::nvme_dir`] is its host
//!   side; [`SlurmCluster::shared_dir`] is seen at one path by every node and the host.
//!
//! `slurmctld` stays in the root network namespace, with a UTS namespace of its own (hostname
//! `ctl`, as `SlurmctldHost` says). Clients there (the test, the tool under test: the "login
//! node") need only `SLURM_CONF`: [`SlurmCluster::command`]. Jobs get it even with
//! `--export=NONE`, so `srun` inside a batch script works.
//!
//! Facts from the recipe that shaped this:
//! - slurmd 22.05 initialises its cgroup plugin even with `proctrack/linuxproc` and `task/none`,
//!   and `ip netns exec` remounts /sys without the cgroup mounts, so slurmd fails there. Nodes
//!   enter their netns with `nsenter --net` and keep the host's /sys. No cgroups are used: no
//!   memory limits, no OOM kills, and no PID namespace (a job on n1 can see n2's processes).
//! - munged wants execute permission for all on every directory of its socket path.
//! - `batch_sched_delay=0` starts a batch job within the 1 s scheduler tick instead of 3 s. The
//!   first scheduling pass still comes about 3 s after slurmctld starts, so the first `sbatch`
//!   of a cluster waits up to that long.
//! - `DependencyParameters=kill_invalid_depend`: a job whose dependency failed is cancelled, not
//!   left PENDING (22.05 ignores the option in `SchedulerParameters`, where the recipe had it).
//! - No slurmdbd: `sacct` fails. `scontrol show job` keeps a finished job for 300 s
//!   (`MinJobAge`); `jobcomp/filetxt` ([`SlurmCluster::jobcomp_log`]) records every one.
//! - A zombie counts as alive for `kill -0`, and PID 1 reaps slowly here: a harness that spawns
//!   the daemons as its own children and waits on them stops in a fraction of a second.
//!
//! Many clusters can live at once. Each holds a slot `k` (a `flock`ed file under
//! `/run/hugflow-slurm/`, free again when its process dies however it dies), and `k` names what
//! the cluster creates in the machine: the subnet `10.77.k.0/24`, the bridge `hfsl<k>br`, the
//! veths `hfsl<k>v<node>`, the netns `hfsl<k>-<owner pid>-<node>` and the runtime directory
//! `$TMPDIR/hugflow-slurm-hfsl<k>-*`. A start first sweeps the leftovers of slots nobody
//! holds (a test process that was killed). The daemons are spawned with `PR_SET_PDEATHSIG`
//! ([`crate::process::spawn_owned`]) so they die with the test process; `Drop` kills every
//! process in the cluster's namespaces, waits for its children, and removes the rest.
//! slurmctld listens on `17000 + k` (on all addresses, so it must differ per cluster); slurmd
//! keeps 6818, each in its own netns.

mod boot;
pub mod checkout;
mod conf;
mod jobs;
pub mod login;
mod net;
mod node;
mod procs;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

pub use procs::alive;
use tools::{preconditions, program};

/// The path where every node sees its own "local NVMe".
pub const NVME: &str = "/local/nvme";

/// Options of a cluster: [`SlurmCluster::builder`].
#[derive(Clone, Debug)]
pub struct SlurmBuilder {
    nodes: usize,
    cpus_per_node: u32,
    nvme_size: Option<u64>,
    slurmd_timeout: u32,
}

impl SlurmBuilder {
    /// How many nodes (`n1`…`nN`); 3 unless set.
    pub fn nodes(mut self, nodes: usize) -> Self {
        self.nodes = nodes;
        self
    }

    /// The CPUs each node says it has (2 unless set; they all share the machine's cores).
    pub fn cpus_per_node(mut self, cpus: u32) -> Self {
        self.cpus_per_node = cpus;
        self
    }

    /// Gives each node's `/local/nvme` a capacity: a tmpfs of `bytes` (for "disk full" tests).
    /// Without it, it is a plain directory of the machine's disk.
    pub fn nvme_size(mut self, bytes: u64) -> Self {
        self.nvme_size = Some(bytes);
        self
    }

    /// `SlurmdTimeout` in seconds (60 unless set): how long an unreachable node stays up.
    /// With 5, a node whose link went down is `down*` after about 14 s.
    pub fn slurmd_timeout(mut self, seconds: u32) -> Self {
        self.slurmd_timeout = seconds;
        self
    }

    /// Starts the cluster; panics with what to install when Slurm or root is missing.
    pub fn start(self) -> SlurmCluster {
        if let Err(missing) = preconditions() {
            panic!("{missing}");
        }
        SlurmCluster::boot(self)
    }

    /// Starts the cluster, or, when Slurm or root is missing, prints why to stderr and returns
    /// `None`, unless `HUGFLOW_REQUIRE_SLURM=1` (CI sets it): then it panics.
    pub fn start_or_skip(self) -> Option<SlurmCluster> {
        match preconditions() {
            Ok(()) => Some(SlurmCluster::boot(self)),
            Err(missing) if std::env::var("HUGFLOW_REQUIRE_SLURM").as_deref() == Ok("1") => {
                panic!("{missing} (HUGFLOW_REQUIRE_SLURM=1 asks for a real Slurm cluster)")
            }
            Err(missing) => {
                eprintln!("skipped: {missing}");
                None
            }
        }
    }
}

/// A running cluster; dropping it stops it and removes everything it made.
pub struct SlurmCluster {
    options: SlurmBuilder,
    /// Dropped last: the slot's leftovers belong to whoever takes it next.
    slot: Option<net::Slot>,
    dir: Option<TempDir>,
    root: PathBuf,
    nodes: Vec<String>,
    port: u16,
    network: bool,
    tmpfs: Vec<PathBuf>,
    munged: Option<Child>,
    slurmctld: Option<Child>,
    /// slurmctld's UTS namespace, held open (pinned) until everything in it is killed.
    ctld_uts: Option<(std::fs::File, procs::NsId)>,
    slurmd: Vec<Option<Child>>,
    started_in: Duration,
}

impl SlurmCluster {
    pub fn builder() -> SlurmBuilder {
        SlurmBuilder {
            nodes: 3,
            cpus_per_node: 2,
            nvme_size: None,
            slurmd_timeout: 60,
        }
    }

    /// Starts `nodes` nodes with the defaults; panics when Slurm or root is missing.
    pub fn start(nodes: usize) -> Self {
        Self::builder().nodes(nodes).start()
    }

    /// Starts `nodes` nodes, or skips (see [`SlurmBuilder::start_or_skip`]).
    pub fn start_or_skip(nodes: usize) -> Option<Self> {
        Self::builder().nodes(nodes).start_or_skip()
    }

    fn boot(options: SlurmBuilder) -> Self {
        assert!(
            (1..=200).contains(&options.nodes),
            "a test cluster has 1 to 200 nodes"
        );
        let t0 = Instant::now();
        let slot = net::Slot::acquire();
        let k = slot.k;
        let dir = tempfile::Builder::new()
            .prefix(&net::temp_prefix(k))
            .tempdir()
            .expect("temp dir");
        let root = dir.path().to_path_buf();
        let nodes: Vec<String> = (1..=options.nodes).map(|i| format!("n{i}")).collect();
        // From here on a panic drops the cluster, which undoes what was done so far.
        let mut cluster = SlurmCluster {
            slurmd: nodes.iter().map(|_| None).collect(),
            options,
            slot: Some(slot),
            dir: Some(dir),
            root,
            nodes,
            port: 0,
            network: false,
            tmpfs: Vec::new(),
            munged: None,
            slurmctld: None,
            ctld_uts: None,
            started_in: Duration::ZERO,
        };
        cluster.prepare_dirs();
        cluster.start_munged();
        cluster.start_network();
        cluster.start_slurmctld();
        for node in cluster.nodes.clone() {
            cluster.start_slurmd(&node);
        }
        cluster.wait_idle();
        cluster.started_in = t0.elapsed();
        cluster
    }

    /// The slot's tag, `hfsl<k>`: every bridge, veth and netns of this cluster starts with it.
    pub fn tag(&self) -> String {
        net::tag(self.k())
    }

    fn k(&self) -> u8 {
        self.slot.as_ref().expect("a live cluster holds its slot").k
    }

    /// How long the start took, until every node was idle.
    pub fn started_in(&self) -> Duration {
        self.started_in
    }

    /// The cluster's runtime directory (config, munge, state, logs, node and shared dirs),
    /// removed on drop.
    pub fn runtime_dir(&self) -> &Path {
        &self.root
    }

    /// The cluster's `slurm.conf`.
    pub fn conf_path(&self) -> PathBuf {
        self.root.join("etc/slurm.conf")
    }

    /// What a client process needs in its environment (only `SLURM_CONF`). Set it per
    /// `Command`, never with `std::env::set_var`: tests run in parallel threads.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![(
            "SLURM_CONF".to_string(),
            self.conf_path().display().to_string(),
        )]
    }

    /// `program` (`sbatch`, `squeue`, the tool under test) with this cluster's environment.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command.envs(self.env());
        command
    }

    /// The node names, `n1`…`nN`.
    pub fn nodes(&self) -> &[String] {
        &self.nodes
    }

    /// The host side of `node`'s `/local/nvme`.
    pub fn nvme_dir(&self, node: &str) -> PathBuf {
        self.index(node);
        self.root.join("nodes").join(node).join("nvme")
    }

    /// A directory every node and the host see at this same path (the "shared filesystem":
    /// the machine's disk, without NFS's caching).
    pub fn shared_dir(&self) -> PathBuf {
        self.root.join("shared")
    }

    /// One line per finished job (JobState, ExitCode, …): the record that outlives `MinJobAge`.
    pub fn jobcomp_log(&self) -> PathBuf {
        self.root.join("ctld/jobcomp.log")
    }

    /// The slurmctld port (`17000 + k`, or a free one if that was taken).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `node`'s network namespace, under `/run/netns/`.
    pub fn netns(&self, node: &str) -> String {
        self.index(node);
        net::netns(self.k(), node)
    }

    /// The bridge all nodes hang on, in the root network namespace.
    pub fn bridge(&self) -> String {
        net::bridge(self.k())
    }

    /// Takes `node`'s link down: slurmctld cannot reach it, nor it anything.
    pub fn link_down(&self, node: &str) {
        self.index(node);
        net::set_link(&net::veth(self.k(), node), false).unwrap_or_else(|e| panic!("{e}"));
    }

    pub fn link_up(&self, node: &str) {
        self.index(node);
        net::set_link(&net::veth(self.k(), node), true).unwrap_or_else(|e| panic!("{e}"));
    }

    /// SIGKILLs `node`'s slurmd (a crashed daemon): its running job steps live on.
    pub fn kill_slurmd(&mut self, node: &str) {
        let i = self.index(node);
        if let Some(mut child) = self.slurmd[i].take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts `node`'s slurmd again (after [`Self::kill_slurmd`]) and waits until it listens.
    pub fn restart_slurmd(&mut self, node: &str) {
        self.kill_slurmd(node);
        let log = self.root.join("nodes").join(node).join("slurmd.log");
        let starts = || {
            std::fs::read_to_string(&log)
                .unwrap_or_default()
                .matches("slurmd started on")
                .count()
        };
        let before = starts();
        self.start_slurmd(node);
        // slurmd logs this once its port is open.
        self.wait_for("the new slurmd to start", |_| Ok(starts() > before));
    }

    /// The pids of the daemons the harness started (munged, slurmctld, each slurmd).
    pub fn daemon_pids(&self) -> Vec<u32> {
        self.munged
            .iter()
            .chain(&self.slurmctld)
            .chain(self.slurmd.iter().flatten())
            .map(Child::id)
            .collect()
    }

    /// The tail of every daemon's log, for a failing test's message.
    pub fn logs(&self) -> String {
        let mut files = vec![
            self.root.join("munge/munged.log"),
            self.root.join("munge/stdout"),
            self.root.join("ctld/slurmctld.log"),
            self.root.join("ctld/stdout"),
        ];
        for node in &self.nodes {
            files.push(self.root.join("nodes").join(node).join("slurmd.log"));
            files.push(self.root.join("nodes").join(node).join("stdout"));
        }
        let mut text = String::new();
        for file in files {
            let Ok(content) = std::fs::read_to_string(&file) else {
                continue;
            };
            let lines: Vec<&str> = content.lines().collect();
            let tail = &lines[lines.len().saturating_sub(30)..];
            text += &format!("==> {} <==\n{}\n", file.display(), tail.join("\n"));
        }
        text
    }

    fn run(&self, tool: &str, args: &[&str]) -> Output {
        self.command(program(tool))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("run {tool}: {e}"))
    }

    fn index(&self, node: &str) -> usize {
        self.nodes
            .iter()
            .position(|n| n == node)
            .unwrap_or_else(|| panic!("no node {node} in {:?}", self.nodes))
    }
}

impl Drop for SlurmCluster {
    fn drop(&mut self) {
        let Some(slot) = self.slot.take() else {
            return;
        };
        let k = slot.k;
        // 1. Everything on the nodes: slurmd, slurmstepd, the jobs.
        let spaces: Vec<String> = self.nodes.iter().map(|n| net::netns(k, n)).collect();
        let ids: Vec<procs::NsId> = spaces
            .iter()
            .filter_map(|ns| procs::ns_id(&Path::new("/run/netns").join(ns)))
            .collect();
        let left = procs::kill_all_in("net", &ids, Duration::from_secs(5));
        // 2. slurmctld and what it forked (slurmscriptd), then munged.
        if let Some((pinned, id)) = self.ctld_uts.take() {
            procs::kill_all_in("uts", &[id], Duration::from_secs(5));
            drop(pinned);
        }
        for mut child in self
            .slurmd
            .iter_mut()
            .filter_map(Option::take)
            .chain(self.slurmctld.take())
            .chain(self.munged.take())
        {
            let _ = child.kill();
            let _ = child.wait();
        }
        // 3. The veths (deleted by hand: a netns dies, with its veths, a moment after its
        // deletion), the namespaces, the bridge, the tmpfs mounts, the files.
        if self.network {
            let mut links: Vec<String> = self.nodes.iter().map(|n| net::veth(k, n)).collect();
            links.push(net::bridge(k));
            net::remove(&spaces, &links);
        }
        for dir in self.tmpfs.drain(..) {
            net::unmount(&dir);
        }
        if let Some(dir) = self.dir.take() {
            for point in net::mounts_under(dir.path()) {
                net::unmount(&point);
            }
            drop(dir);
        }
        if !left.is_empty() && !std::thread::panicking() {
            eprintln!(
                "slurm cluster {}: processes {left:?} survived SIGKILL",
                net::tag(k)
            );
        }
        drop(slot);
    }
}
