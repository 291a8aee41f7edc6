//! `hugflow stage`, `ready` and `cluster` against a real Slurm cluster (the testkit's: one
//! slurmctld and slurmd per node in their own network, UTS and mount namespaces, each node
//! with its own `/local/nvme`), with a dataset downloaded from the fake Hub onto the shared
//! storage. The tool runs on the "login node" (the root namespaces); `ready` runs on the nodes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use hugflow_core::sync_report::{CommentKind, STAGING_MARKER, SyncComment};
use hugflow_testkit::github::{ACTIONS_BOT, FakeGithub, GithubOptions};
use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub};
use hugflow_testkit::slurm::checkout::{REQUEST, shared_checkout, sync_request};
use hugflow_testkit::slurm::{NVME, SlurmCluster};
use serde_json::Value;
use sha2::{Digest, Sha256};

#[path = "common/mod.rs"]
mod common;

const ID: &str = "acme/speech";
const STORAGE_NAME: &str = "acme__speech__rev_main";

/// A GitOps checkout whose STORAGE_ROOT and STATE_DIR are on the cluster's shared storage,
/// with a request for [`ID`] and the Hub it comes from.
struct Site {
    cluster: SlurmCluster,
    hub: FakeHub,
    work: tempfile::TempDir,
}

impl Site {
    fn start(cluster: SlurmCluster, files: u64, file_size: u64) -> Self {
        let mut builder = FakeDataset::builder(ID).file("README.md", "# Speech\n");
        for i in 0..files {
            builder = builder.noise_file(&format!("data/train-{i:05}.parquet"), file_size);
        }
        let mut corpus = Corpus::new();
        corpus.insert(builder.build());
        let hub = FakeHub::start(corpus);
        let work = tempfile::tempdir().unwrap();
        shared_checkout(&cluster, work.path(), ID);
        Self { cluster, hub, work }
    }

    fn hugflow(&self) -> Command {
        let mut command = self
            .cluster
            .command(assert_cmd::cargo::cargo_bin("hugflow"));
        command
            .current_dir(self.work.path())
            .env("HF_ENDPOINT", self.hub.url())
            .env("HF_TOKEN", self.hub.token())
            .env_remove("STORAGE_ROOT")
            .env_remove("STATE_DIR")
            .stdin(Stdio::null());
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.hugflow().args(args).output().unwrap()
    }

    /// `hugflow stage … --wait --json`: its outcome and exit code.
    fn stage(&self, dataset: &str, nodes: &str, extra: &[&str]) -> (Value, i32) {
        let target = format!("{NVME}/datasets");
        let mut args = vec![
            "stage", dataset, "--nodes", nodes, "--target", &target, "--wait", "--json",
        ];
        args.extend_from_slice(extra);
        let output = self.run(&args);
        let text = String::from_utf8_lossy(&output.stdout);
        // The sync's event lines, if it synced, then the outcome.
        let last = serde_json::Deserializer::from_str(&text)
            .into_iter::<Value>()
            .last()
            .unwrap_or(Ok(Value::Null));
        let outcome = last.unwrap_or_else(|e| {
            panic!(
                "stage printed no outcome ({e}): {text}\n{}\n{}",
                String::from_utf8_lossy(&output.stderr),
                self.cluster.logs()
            )
        });
        (outcome, output.status.code().unwrap_or(-1))
    }

    /// `hugflow stage NAME --nodes NODES` without waiting: the job's id.
    fn submit(&self, name: &str, nodes: &str) -> String {
        let target = format!("{NVME}/datasets");
        let output = self.run(&[
            "stage", name, "--nodes", nodes, "--target", &target, "--json",
        ]);
        assert!(output.status.success(), "{output:?}");
        let submitted: Value = serde_json::from_slice(&output.stdout).unwrap();
        submitted["job_id"].as_str().unwrap().to_string()
    }

    /// `hugflow local-sync` of the request onto the shared storage; its storage name.
    fn sync_to_shared(&self) -> String {
        let hugflow = assert_cmd::cargo::cargo_bin("hugflow");
        sync_request(&self.cluster, &self.hub, self.work.path(), &hugflow)
    }

    fn storage_name(&self) -> String {
        let datasets = self.cluster.shared_dir().join("datasets");
        let entry = std::fs::read_dir(&datasets)
            .unwrap()
            .flatten()
            .next()
            .expect("a synced dataset");
        entry.file_name().to_string_lossy().into_owned()
    }

    /// `hugflow ready NAME` run on `node`: exit code and what it printed.
    fn ready_on(&self, node: &str, storage_name: &str) -> (i32, String) {
        let output = self
            .cluster
            .on_node(node, assert_cmd::cargo::cargo_bin("hugflow"))
            .args(["ready", storage_name, "--json", "--root"])
            .arg(self.work.path())
            .env_remove("STORAGE_ROOT")
            .env_remove("STATE_DIR")
            .output()
            .unwrap();
        let answer = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.code().unwrap_or(-1), answer)
    }

    /// The host side of `node`'s copy.
    fn copy_on(&self, node: &str, storage_name: &str) -> PathBuf {
        self.cluster
            .nvme_dir(node)
            .join("datasets")
            .join(storage_name)
    }

    fn cluster_json(&self) -> Value {
        let output = self.run(&["cluster", "--json"]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }
}

/// Three nodes whose `/local/nvme` holds `bytes` at most.
fn small_disks(bytes: u64) -> Option<SlurmCluster> {
    SlurmCluster::builder()
        .nodes(3)
        .nvme_size(bytes)
        .start_or_skip()
}

fn tree_hashes(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if entry.file_name() == ".hugflow" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, format!("{:x}", Sha256::digest(&bytes))));
            }
        }
    }
    out.sort();
    out
}

fn node_entry<'a>(outcome: &'a Value, node: &str) -> &'a Value {
    &outcome["record"]["nodes"][node]
}

#[test]
fn a_dataset_staged_on_three_nodes_is_ready_on_each_reused_and_repaired() {
    let Some(cluster) = SlurmCluster::start_or_skip(3) else {
        return;
    };
    let site = Site::start(cluster, 3, 2 << 20);
    // The request file: synced to the shared storage first, then staged.
    let (outcome, code) = site.stage(REQUEST, "n[1-3]", &[]);
    assert_eq!(code, 0, "{outcome:#}");
    assert_eq!(outcome["succeeded"], true);
    let name = site.storage_name();
    let shared = tree_hashes(&site.cluster.shared_dir().join("datasets").join(&name));
    assert_eq!(shared.len(), 4, "README and three shards: {shared:?}");
    for node in ["n1", "n2", "n3"] {
        assert_eq!(
            node_entry(&outcome, node)["state"],
            "verified",
            "{outcome:#}"
        );
        assert_eq!(
            tree_hashes(&site.copy_on(node, &name)),
            shared,
            "{node}'s copy"
        );
        let (code, answer) = site.ready_on(node, &name);
        assert_eq!(code, 0, "ready on {node}: {answer}");
    }
    // Nothing outside the nodes' own disks: the login node's /local/nvme stays empty. Asked
    // about a node from here, `ready` answers from the record.
    assert!(!Path::new(NVME).join("datasets").join(&name).exists());
    let asked = site.run(&["ready", &name, "--node", "n2"]);
    assert!(asked.status.success(), "{asked:?}");
    let asked = site.run(&["ready", &name, "--node", "n9"]);
    assert_eq!(asked.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&asked.stderr).contains("not staged on n9 (staged on: n1, n2, n3)"),
        "{asked:?}"
    );

    // A second stage reuses every file, without rewriting one.
    let shard = site.copy_on("n1", &name).join("data/train-00000.parquet");
    let before = std::fs::metadata(&shard).unwrap();
    let (again, code) = site.stage(&name, "n1,n2,n3", &[]);
    assert_eq!(code, 0, "{again:#}");
    for node in ["n1", "n2", "n3"] {
        let entry = node_entry(&again, node);
        assert_eq!(entry["files_reused"], entry["files_total"], "{again:#}");
    }
    let after = std::fs::metadata(&shard).unwrap();
    use std::os::unix::fs::MetadataExt;
    assert_eq!(
        (before.ino(), before.mtime_nsec()),
        (after.ino(), after.mtime_nsec())
    );

    // n2's copy is corrupted after staging: n2 alone is not ready, and a re-stage repairs it.
    let victim = site.copy_on("n2", &name).join("data/train-00001.parquet");
    let mut bytes = std::fs::read(&victim).unwrap();
    bytes[1000] ^= 0xff;
    std::fs::write(&victim, &bytes).unwrap();
    let (code, answer) = site.ready_on("n2", &name);
    assert_eq!(code, 1, "{answer}");
    assert!(answer.contains("changed after it was verified"), "{answer}");
    assert!(answer.contains("data/train-00001.parquet"), "{answer}");
    for node in ["n1", "n3"] {
        assert_eq!(site.ready_on(node, &name).0, 0, "{node} is untouched");
    }
    let (repaired, code) = site.stage(&name, "n2", &[]);
    assert_eq!(code, 0, "{repaired:#}");
    assert_eq!(
        node_entry(&repaired, "n2")["files_reused"],
        3,
        "{repaired:#}"
    );
    assert_eq!(tree_hashes(&site.copy_on("n2", &name)), shared);
    assert_eq!(site.ready_on("n2", &name).0, 0);

    // `hugflow cluster` lists the nodes and the dataset on every one of them.
    let status = site.cluster_json();
    let nodes: Vec<&str> = status["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(nodes, ["n1", "n2", "n3"]);
    let record = &status["datasets"][0];
    assert_eq!(record["storage_name"], name.as_str());
    for node in ["n1", "n2", "n3"] {
        assert_eq!(record["nodes"][node]["state"], "verified", "{status:#}");
    }
    assert!(
        status["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|j| j["kind"] == "stage" && j["storage_name"] == name.as_str()),
        "{status:#}"
    );

    // Unstaging deletes every node's copy and the record; the shared copy stays.
    let output = site.run(&["unstage", &name, "--wait", "--json"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(answer["succeeded"], true, "{answer:#}");
    assert_eq!(answer["record"], Value::Null);
    for node in ["n1", "n2", "n3"] {
        assert!(!site.copy_on(node, &name).exists(), "{node}'s copy is gone");
        let (code, said) = site.ready_on(node, &name);
        assert_eq!(code, 1);
        assert!(said.contains("never staged"), "{said}");
    }
    assert_eq!(
        tree_hashes(&site.cluster.shared_dir().join("datasets").join(&name)),
        shared
    );
    assert_eq!(site.cluster_json()["datasets"], serde_json::json!([]));
}

#[test]
fn a_node_that_dies_during_the_copy_fails_alone() {
    let Some(cluster) = SlurmCluster::builder()
        .nodes(3)
        .slurmd_timeout(5)
        .start_or_skip()
    else {
        return;
    };
    let mut site = Site::start(cluster, 3, 4 << 20);
    let name = site.sync_to_shared();
    // 1 MB/s per node: the 12 MiB copy takes about 12 s, long enough to crash n2 inside it
    // on a busy machine, and for the stage to be still running once it is crashed.
    let target = format!("{NVME}/datasets");
    let stage = site
        .hugflow()
        .args([
            "stage",
            &name,
            "--nodes",
            "n1,n2,n3",
            "--target",
            &target,
            "--max-rate-mb",
            "1",
            "--wait",
            "--json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let record = site
        .cluster
        .shared_dir()
        .join(format!("state/stage/{name}.json"));
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let copying = std::fs::read(&record)
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            .is_some_and(|r| {
                r["nodes"]["n2"]["state"] == "copying"
                    && r["nodes"]["n2"]["bytes_done"].as_u64() > Some(0)
            });
        if copying {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "n2 never started copying\n{}",
            site.cluster.logs()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Crashed at once, while its copy is surely under way.
    site.cluster.crash_node("n2");
    // A second stage of the same dataset while this one runs is refused, with what to do.
    let again = site.run(&["stage", &name, "--nodes", "n1", "--target", &target]);
    assert_eq!(again.status.code(), Some(2), "{again:?}");
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(
        said.contains("is still RUNNING") && said.contains("scancel"),
        "{said}"
    );
    let output = stage.wait_with_output().unwrap();
    let outcome: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert_eq!(output.status.code(), Some(1), "{outcome:#}");
    assert_eq!(outcome["succeeded"], false);
    for node in ["n1", "n3"] {
        assert_eq!(
            node_entry(&outcome, node)["state"],
            "verified",
            "{outcome:#}"
        );
        assert_eq!(site.ready_on(node, &name).0, 0);
    }
    let n2 = node_entry(&outcome, "n2");
    assert_eq!(n2["state"], "failed", "{outcome:#}");
    let reason = n2["reason"].as_str().unwrap();
    assert!(reason.contains("while this node was copying"), "{reason}");
    // Nothing half-written passes for verified: n2's copy has no seal.
    assert!(
        !site
            .copy_on("n2", &name)
            .join(".hugflow/staged.json")
            .exists()
    );
    let status = site.cluster_json();
    assert_eq!(status["datasets"][0]["nodes"]["n2"]["state"], "failed");
    let n2_node = status["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "n2")
        .unwrap()
        .clone();
    assert!(
        n2_node["state"].as_str().unwrap().contains("down"),
        "{n2_node:#}"
    );
}

#[test]
fn a_full_disk_fails_that_node_and_training_never_starts_after_a_failed_stage() {
    let Some(cluster) = small_disks(24 << 20) else {
        return;
    };
    let site = Site::start(cluster, 2, 4 << 20);
    let name = site.sync_to_shared();

    // A training job that waits for the stage and checks the data first.
    let train = |stage_job: &str, marker: &Path| {
        let hugflow = assert_cmd::cargo::cargo_bin("hugflow");
        let script = format!(
            "#!/bin/sh\ncd {work} && {hugflow} ready {name} > {marker} 2>&1; echo \"exit $?\" >> {marker}\n",
            work = site.work.path().display(),
            hugflow = hugflow.display(),
            marker = marker.display(),
        );
        let script_path = marker.with_extension("sh");
        std::fs::write(&script_path, script).unwrap();
        site.cluster.sbatch(&[
            &format!("--dependency=afterok:{stage_job}"),
            "--nodes=1",
            "--nodelist=n3",
            &format!("--output={}.out", marker.display()),
            script_path.to_str().unwrap(),
        ])
    };

    // Every node has room: the stage succeeds and the training job starts after it, ready.
    let stage_job = site.submit(&name, "n1,n2,n3");
    let marker = site.cluster.shared_dir().join("train-ok");
    let train_job = train(&stage_job, &marker);
    assert_eq!(
        site.cluster.wait_job(&train_job, Duration::from_secs(60)),
        ["COMPLETED"]
    );
    assert_eq!(site.cluster.job_states(&stage_job), ["COMPLETED"]);
    let said = std::fs::read_to_string(&marker).unwrap();
    assert!(
        said.ends_with("exit 0\n"),
        "the training job saw the data ready: {said}"
    );

    // n2's disk fills up and loses its copy: staging again fails on n2 with the figures,
    // seals nothing there, and the training job that depends on it never runs.
    std::fs::remove_dir_all(site.copy_on("n2", &name)).unwrap();
    std::fs::write(
        site.cluster.nvme_dir("n2").join("filler"),
        vec![7u8; 20 << 20],
    )
    .unwrap();
    let stage_job = site.submit(&name, "n1,n2,n3");
    let marker = site.cluster.shared_dir().join("train-never");
    let train_job = train(&stage_job, &marker);
    assert_eq!(
        site.cluster.wait_job(&train_job, Duration::from_secs(60)),
        ["CANCELLED"],
        "a dependant of a failed stage is cancelled"
    );
    assert_eq!(site.cluster.job_states(&stage_job), ["FAILED"]);
    assert!(!marker.exists(), "the training job never ran");
    let (code, answer) = site.ready_on("n2", &name);
    assert_eq!(code, 1, "{answer}");
    assert!(answer.contains("disk full on n2"), "{answer}");
    assert!(answer.contains("free"), "{answer}");
    assert!(
        !site
            .copy_on("n2", &name)
            .join(".hugflow/staged.json")
            .exists()
    );
    assert_eq!(site.ready_on("n1", &name).0, 0, "n1 is unaffected");
}

#[test]
fn tasks_on_two_nodes_updating_the_shared_state_at_once_lose_no_entry() {
    let Some(cluster) = SlurmCluster::start_or_skip(2) else {
        return;
    };
    let site = Site::start(cluster, 1, 64 << 10);
    let name = site.sync_to_shared();
    let shared = site.cluster.shared_dir();
    // By partition: Slurm picks the nodes, and each task enters itself in the record.
    let submitted = site.run(&[
        "stage",
        &name,
        "--partition",
        "main",
        "--nodes-count",
        "2",
        "--target",
        &format!("{NVME}/datasets"),
        "--json",
    ]);
    assert!(submitted.status.success(), "{submitted:?}");
    let submitted: Value = serde_json::from_slice(&submitted.stdout).unwrap();
    let job = submitted["job_id"].as_str().unwrap().to_string();
    // Twelve writers on each node's namespaces at once, each its own entry, several writes.
    let mut children = Vec::new();
    for node in ["n1", "n2"] {
        for i in 0..12 {
            let child = site
                .cluster
                .on_node(node, assert_cmd::cargo::cargo_bin("hugflow"))
                .args([
                    "stage-task",
                    "--source",
                    shared.join("datasets").join(&name).to_str().unwrap(),
                    "--target",
                    &format!("{NVME}/writer-{i}"),
                    "--state-dir",
                    shared.join("state").to_str().unwrap(),
                    "--node",
                    &format!("{node}-w{i}"),
                    "--",
                    &name,
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            children.push(child);
        }
    }
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let record: Value = serde_json::from_slice(
        &std::fs::read(shared.join(format!("state/stage/{name}.json"))).unwrap(),
    )
    .unwrap();
    let nodes = record["nodes"].as_object().unwrap();
    assert_eq!(
        site.cluster.wait_job(&job, Duration::from_secs(60)),
        ["COMPLETED"]
    );
    let staged: Value = serde_json::from_slice(
        &std::fs::read(shared.join(format!("state/stage/{name}.json"))).unwrap(),
    )
    .unwrap();
    for node in ["n1", "n2"] {
        assert_eq!(staged["nodes"][node]["state"], "verified", "{staged:#}");
        for i in 0..12 {
            assert_eq!(
                nodes[&format!("{node}-w{i}")]["state"],
                "verified",
                "{record:#}"
            );
        }
    }
}

#[test]
fn without_slurm_every_cluster_command_says_what_to_install() {
    let work = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    for args in [
        vec!["cluster"],
        vec![
            "stage",
            "acme__speech__rev_main",
            "--nodes",
            "n1",
            "--target",
            "/nvme",
        ],
    ] {
        let output = Command::new(assert_cmd::cargo::cargo_bin("hugflow"))
            .current_dir(work.path())
            .args(&args)
            .env("PATH", empty.path())
            .env("STATE_DIR", work.path().join("state"))
            .env("STORAGE_ROOT", work.path().join("datasets"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        if args[0] == "cluster" {
            assert!(stderr.contains("`sinfo` was not found"), "{stderr}");
            assert!(stderr.contains("slurm-client"), "{stderr}");
        } else {
            // Nothing is submitted for a dataset that is not on the shared storage.
            assert!(stderr.contains("sync it first"), "{stderr}");
        }
    }
    // A hostile target or node list is refused before Slurm is asked anything.
    let output = Command::new(assert_cmd::cargo::cargo_bin("hugflow"))
        .current_dir(work.path())
        .args(["stage", "x", "--nodes", "n1;reboot", "--target", "/nvme"])
        .env("PATH", empty.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nodes \"n1;reboot\""), "{stderr}");
}

impl Site {
    /// A request PR for [`ID`] whose file also says `stage:` (n1-n3, `/local/nvme/datasets`),
    /// as a user writes it by hand; returns the PR's number.
    fn stage_request_pr(&self, github: &FakeGithub) -> u64 {
        let output = common::hugflow(&self.hub, github, github.token())
            .args([
                "request",
                "add",
                ID,
                "--description",
                "cluster test",
                "--json",
            ])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        let branch = report["pull"]["branch"].as_str().unwrap();
        let path = format!("requests/add/{STORAGE_NAME}.yaml");
        let yaml = format!(
            "hf_id: {ID}\ndescription: cluster test\nstage:\n  nodes: n[1-3]\n  target: {NVME}/datasets\n"
        );
        github.commit(
            github.repo(),
            branch,
            &[(&path, Some(yaml.as_bytes()))],
            "stage it",
        );
        report["pull"]["number"].as_u64().unwrap()
    }

    /// The workflow's step on the login node: `hugflow sync --ci-mode` on PR `pr`, with
    /// STORAGE_ROOT and STATE_DIR on the shared storage and the cluster's SLURM_CONF.
    fn ci_sync(&self, github: &FakeGithub, pr: u64) -> Output {
        let checkout = self.work.path().join("checkout");
        std::fs::create_dir_all(&checkout).unwrap();
        let shared = self.cluster.shared_dir();
        common::hugflow(&self.hub, github, github.token_of(ACTIONS_BOT))
            .current_dir(checkout)
            .args(["sync", "--ci-mode", "--json", "--results"])
            .arg(self.work.path().join("results.json"))
            .envs(self.cluster.env())
            .env("GITHUB_REPOSITORY", github.repo())
            .env("PR_NUMBER", pr.to_string())
            .env("STORAGE_ROOT", shared.join("datasets"))
            .env("STATE_DIR", shared.join("state"))
            .env_remove("AUTO_MERGE")
            .env_remove("AUTO_CLEANUP_REQUESTS")
            .env_remove("SLACK_WEBHOOK_URL")
            .output()
            .unwrap()
    }
}

/// The bot's comments on PR `pr`, in order.
fn bot_comments(github: &FakeGithub, pr: u64) -> Vec<String> {
    github
        .comments(pr)
        .into_iter()
        .filter(|c| c.user == ACTIONS_BOT)
        .map(|c| c.body)
        .collect()
}

#[test]
fn sync_ci_mode_stages_a_request_on_the_cluster_and_a_removal_cleans_the_nodes() {
    let Some(cluster) = SlurmCluster::start_or_skip(3) else {
        return;
    };
    let site = Site::start(cluster, 3, 1 << 20);
    let github = FakeGithub::start(GithubOptions::default());
    let pr = site.stage_request_pr(&github);
    let output = site.ci_sync(&github, pr);
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    for node in ["n1", "n2", "n3"] {
        assert_eq!(site.ready_on(node, STORAGE_NAME).0, 0, "{node} is ready");
    }
    let comments = bot_comments(&github, pr);
    let staging: Vec<&String> = comments
        .iter()
        .filter(|c| c.contains(STAGING_MARKER))
        .collect();
    assert!(staging.len() >= 2, "submitted, then done: {comments:#?}");
    assert!(staging[0].contains("| n2 | pending |"), "{}", staging[0]);
    let last = staging.last().unwrap();
    assert!(last.starts_with("✅ **Staged on every node**"), "{last}");
    assert!(last.contains("3 of 3 verified"), "{last}");
    // "Complete" comes only after every node verified, and the PR is merged.
    let complete = comments
        .iter()
        .position(|c| SyncComment::parse(c).is_some_and(|c| c.kind() == CommentKind::Complete))
        .expect("a complete comment");
    let staged = comments.iter().position(|c| c == *last).unwrap();
    assert!(complete > staged, "complete after staged: {comments:#?}");
    assert!(github.pulls()[0].merged_at.is_some(), "merged");

    // A removal request deletes the shared copy and, through one Slurm job, the nodes' copies.
    let output = common::hugflow(&site.hub, &github, github.token())
        .args(["request", "remove", ID, "--reason", "done", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let removal: Value = serde_json::from_slice(&output.stdout).unwrap();
    let pr = removal["pull"]["number"].as_u64().unwrap();
    let output = site.ci_sync(&github, pr);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for node in ["n1", "n2", "n3"] {
        assert!(
            !site.copy_on(node, STORAGE_NAME).exists(),
            "{node}'s copy is gone"
        );
    }
    let said = bot_comments(&github, pr).join("\n");
    assert!(said.contains("from the nodes n1, n2, n3"), "{said}");
}

#[test]
fn sync_ci_mode_keeps_the_pr_open_when_a_node_fails_and_names_it() {
    let Some(cluster) = small_disks(16 << 20) else {
        return;
    };
    let site = Site::start(cluster, 3, 2 << 20);
    std::fs::write(
        site.cluster.nvme_dir("n2").join("filler"),
        vec![1u8; 14 << 20],
    )
    .unwrap();
    let github = FakeGithub::start(GithubOptions::default());
    let pr = site.stage_request_pr(&github);
    let output = site.ci_sync(&github, pr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let comments = bot_comments(&github, pr);
    let last = comments
        .iter()
        .rev()
        .find(|c| c.contains(STAGING_MARKER))
        .unwrap();
    assert!(last.starts_with("❌ **Staging failed**"), "{last}");
    assert!(last.contains("| n2 | failed: disk full on n2"), "{last}");
    assert!(last.contains("| n1 | verified |"), "{last}");
    let failed = comments
        .iter()
        .filter_map(|c| SyncComment::parse(c))
        .find(|c| c.kind() == CommentKind::Failed)
        .expect("a failed comment");
    let SyncComment::Failed { error, .. } = failed else {
        unreachable!()
    };
    assert_eq!(error.kind, "staging");
    assert!(
        error.message.contains("n2 (failed: disk full"),
        "{}",
        error.message
    );
    assert!(
        !comments
            .iter()
            .any(|c| SyncComment::parse(c).is_some_and(|c| c.kind() == CommentKind::Complete)),
        "never reported complete"
    );
    assert!(github.pulls()[0].merged_at.is_none(), "the PR stays open");
}
