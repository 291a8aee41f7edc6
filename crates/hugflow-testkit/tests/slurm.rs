//! The Slurm harness starts a real cluster whose nodes are separate hosts to the jobs (their own
//! hostname and /local/nvme), runs several clusters at once, and leaves nothing behind.
//! Skipped (with a line on stderr) without root or Slurm, unless HUGFLOW_REQUIRE_SLURM=1.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use hugflow_testkit::slurm::{NVME, SlurmCluster, alive};

const JOB_TIMEOUT: Duration = Duration::from_secs(60);

fn run(cluster: &SlurmCluster, program: &str, args: &[&str]) -> Output {
    cluster
        .command(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"))
}

/// `srun ARGS`'s output lines, sorted; panics with its stderr and the logs if it fails.
fn srun_lines(cluster: &SlurmCluster, args: &[&str]) -> Vec<String> {
    let output = run(cluster, "srun", args);
    assert!(
        output.status.success(),
        "srun {args:?}: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        cluster.logs()
    );
    let mut lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

#[test]
fn three_nodes_are_three_hosts_with_their_own_nvme() {
    let Some(cluster) = SlurmCluster::start_or_skip(3) else {
        return;
    };
    eprintln!(
        "3-node cluster {} up in {:?}",
        cluster.tag(),
        cluster.started_in()
    );
    assert_eq!(cluster.nodes(), ["n1", "n2", "n3"]);

    let t = Instant::now();
    assert_eq!(
        srun_lines(&cluster, &["-N3", "hostname"]),
        ["n1", "n2", "n3"]
    );
    eprintln!("srun -N3 hostname: {:?}", t.elapsed());

    // A batch job on all three nodes: each task writes the same path on its own node's disk.
    let shared = cluster.shared_dir();
    let t = Instant::now();
    let job = cluster.sbatch(&[
        "-N3",
        "-o",
        &shared.join("nvme-%j.out").display().to_string(),
        "--wrap",
        &format!("srun sh -c 'hostname > {NVME}/mine && ls {NVME}'"),
    ]);
    assert_eq!(cluster.wait_job(&job, JOB_TIMEOUT), ["COMPLETED"]);
    eprintln!("first sbatch -N3 until COMPLETED: {:?}", t.elapsed());
    for node in cluster.nodes() {
        let dir = cluster.nvme_dir(node);
        assert_eq!(read(&dir.join("mine")).trim(), node, "{}", dir.display());
    }
    assert!(
        !Path::new(NVME).join("mine").exists(),
        "the host's {NVME} saw a node's file"
    );
    // Each node listed only its own file.
    assert_eq!(
        read(&shared.join(format!("nvme-{job}.out"))).trim(),
        "mine\nmine\nmine"
    );

    // afterok: the dependant starts only after its dependency finished well.
    let order = shared.join("order");
    let t = Instant::now();
    let first = cluster.sbatch(&[
        "-o",
        "/dev/null",
        "--wrap",
        &format!("sleep 1; echo first >> {}", order.display()),
    ]);
    // A job that appends `word` to `order` once job `on` has succeeded.
    let after_ok = |on: &str, word: &str| {
        cluster.sbatch(&[
            &format!("--dependency=afterok:{on}"),
            "-o",
            "/dev/null",
            "--wrap",
            &format!("echo {word} >> {}", order.display()),
        ])
    };
    let second = after_ok(&first, "second");
    assert_eq!(cluster.wait_job(&second, JOB_TIMEOUT), ["COMPLETED"]);
    assert_eq!(cluster.job_states(&first), ["COMPLETED"]);
    assert_eq!(read(&order), "first\nsecond\n");
    eprintln!("job then afterok job until COMPLETED: {:?}", t.elapsed());

    // afterok on a failed job: cancelled (kill_invalid_depend), never run.
    let failed = cluster.sbatch(&["-o", "/dev/null", "--wrap", "exit 3"]);
    let never = after_ok(&failed, "never");
    assert_eq!(cluster.wait_job(&failed, JOB_TIMEOUT), ["FAILED"]);
    assert_eq!(cluster.wait_job(&never, JOB_TIMEOUT), ["CANCELLED"]);
    assert_eq!(read(&order), "first\nsecond\n");
    // The permanent record has every finished job.
    let record = read(&cluster.jobcomp_log());
    for id in [&job, &first, &second, &failed] {
        assert!(record.contains(&format!("JobId={id} ")), "{record}");
    }
    let t = Instant::now();
    drop(cluster);
    eprintln!("stop of a 3-node cluster: {:?}", t.elapsed());
}

#[test]
fn a_node_can_lose_its_link_and_its_slurmd() {
    let Some(mut cluster) = SlurmCluster::start_or_skip(2) else {
        return;
    };
    let operstate = |cluster: &SlurmCluster| {
        let veth = format!("{}vn2", cluster.tag());
        read(&Path::new("/sys/class/net").join(veth).join("operstate"))
    };
    cluster.link_down("n2");
    assert_eq!(operstate(&cluster).trim(), "down");
    cluster.link_up("n2");
    hugflow_testkit::wait::until("n2's link up", Duration::from_secs(5), || {
        (operstate(&cluster).trim() == "up").then_some(())
    });

    let before = cluster.daemon_pids();
    cluster.kill_slurmd("n2");
    assert_eq!(cluster.daemon_pids().len(), before.len() - 1);
    assert!(!alive(before[3]), "n2's slurmd survived");
    cluster.restart_slurmd("n2");
    // slurmctld never noticed (SlurmdTimeout is 60 s), and the new slurmd serves steps.
    assert_eq!(srun_lines(&cluster, &["-N2", "hostname"]), ["n1", "n2"]);
}

#[test]
fn two_clusters_run_at_once() {
    let starts: Vec<_> = (0..2)
        .map(|_| std::thread::spawn(|| SlurmCluster::start_or_skip(2)))
        .collect();
    let clusters: Vec<SlurmCluster> = starts
        .into_iter()
        .filter_map(|start| start.join().expect("a start panicked"))
        .collect();
    if clusters.len() < 2 {
        return;
    }
    let (a, b) = (&clusters[0], &clusters[1]);
    eprintln!(
        "two clusters {} and {} up in {:?} and {:?}",
        a.tag(),
        b.tag(),
        a.started_in(),
        b.started_in()
    );
    assert_ne!(a.tag(), b.tag());
    assert_ne!(a.port(), b.port());
    std::thread::scope(|scope| {
        for cluster in &clusters {
            scope.spawn(move || {
                for _ in 0..3 {
                    assert_eq!(srun_lines(cluster, &["-N2", "hostname"]), ["n1", "n2"]);
                }
                let out = cluster.shared_dir().join("who");
                let who = out.display().to_string();
                srun_lines(
                    cluster,
                    &["-w", "n2", "sh", "-c", &format!("hostname > {who}")],
                );
                assert_eq!(read(&out).trim(), "n2");
            });
        }
    });
    // Each sinfo sees its own two nodes only.
    for cluster in &clusters {
        let output = run(cluster, "sinfo", &["-h", "-N", "-o", "%N"]);
        assert_eq!(String::from_utf8_lossy(&output.stdout), "n1\nn2\n");
    }
}

#[test]
fn a_stopped_cluster_leaves_nothing_behind() {
    let Some(cluster) = SlurmCluster::start_or_skip(2) else {
        return;
    };
    // A job running on n2 when the cluster stops: slurmstepd and the job's own processes.
    let job = cluster.sbatch(&["-w", "n2", "-o", "/dev/null", "--wrap", "sleep 300"]);
    let mut job_pids = Vec::new();
    hugflow_testkit::wait::until("the job to run", JOB_TIMEOUT, || {
        job_pids = pids_in_netns(&cluster.netns("n2"));
        (cluster.job_states(&job) == ["RUNNING"] && job_pids.len() >= 3).then_some(())
    });
    let tag = cluster.tag();
    let spaces: Vec<String> = cluster.nodes().iter().map(|n| cluster.netns(n)).collect();
    let bridge = cluster.bridge();
    let dir = cluster.runtime_dir().to_path_buf();
    let mut pids = cluster.daemon_pids();
    assert_eq!(pids.len(), 4, "munged, slurmctld, 2 slurmd");
    pids.extend(job_pids);
    assert!(pids.iter().all(|pid| alive(*pid)));
    let leftovers = || -> Vec<String> {
        let mut found: Vec<String> = std::fs::read_dir("/sys/class/net")
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name == &bridge || name.starts_with(&format!("{tag}v")))
            .collect();
        found.extend(
            spaces
                .iter()
                .filter(|ns| Path::new("/run/netns").join(ns).exists())
                .cloned(),
        );
        found
    };
    assert_eq!(leftovers().len(), 1 + 2 + 2, "{:?}", leftovers());

    let t = Instant::now();
    drop(cluster);
    eprintln!("stop with a running job: {:?}", t.elapsed());
    let survivors: Vec<u32> = pids.into_iter().filter(|pid| alive(*pid)).collect();
    assert!(survivors.is_empty(), "still running: {survivors:?}");
    assert_eq!(leftovers(), Vec::<String>::new());
    assert!(!dir.exists(), "{} is left", dir.display());
}

#[test]
fn a_sized_nvme_fills_up() {
    let Some(cluster) = SlurmCluster::builder()
        .nodes(1)
        .nvme_size(1 << 20)
        .start_or_skip()
    else {
        return;
    };
    let dir = cluster.nvme_dir("n1");
    let output = run(
        &cluster,
        "srun",
        &[
            "-w",
            "n1",
            "dd",
            "if=/dev/zero",
            &format!("of={NVME}/big"),
            "bs=1M",
            "count=2",
        ],
    );
    assert!(!output.status.success(), "2 MiB fit in a 1 MiB disk");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("No space left on device"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let size = std::fs::metadata(dir.join("big")).map(|m| m.size());
    assert!(matches!(size, Ok(s) if s <= 1 << 20), "{size:?}");
    drop(cluster);
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap();
    assert!(
        !mounts.contains(&dir.display().to_string()),
        "the tmpfs is still mounted"
    );
}

/// The pids in `/run/netns/<name>`, as `ip netns pids` gives them.
fn pids_in_netns(name: &str) -> Vec<u32> {
    let output = std::process::Command::new("ip")
        .args(["netns", "pids", name])
        .output()
        .expect("run ip netns pids");
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .filter_map(|pid| pid.parse().ok())
        .collect()
}
