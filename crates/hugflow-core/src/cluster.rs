//! Slurm clusters: the shapes `hugflow stage`, `hugflow ready` and `hugflow cluster --json`
//! write (and the desktop reads), and the rules for what a stage names: nodes, a partition, a
//! target folder. Only shapes and rules; the work is in `hugflow-cluster`.
//!
//! A stage copies a dataset from the shared `STORAGE_ROOT` to `<target>/<storage_name>/` on
//! every node of one Slurm job. Each node's task records where it stands in
//! `STATE_DIR/stage/<storage_name>.json` ([`StageRecord`]), on the shared filesystem, so the
//! login node and every node read the same answer while the job runs.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The folder under `STATE_DIR` holding one [`StageRecord`] per dataset.
pub const STAGE_DIR: &str = "stage";
/// Slurm's job name prefix for staging jobs: `hugflow-stage:<storage_name>`.
pub const STAGE_JOB_PREFIX: &str = "hugflow-stage:";
/// Slurm's job name prefix for clean-up jobs (a removal): `hugflow-unstage:<storage_name>`.
pub const UNSTAGE_JOB_PREFIX: &str = "hugflow-unstage:";

/// Where a request asks to stage its dataset: a request's optional `stage:` block, or the
/// options of `hugflow stage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StageSpec {
    /// The Slurm partition to run on; Slurm picks the nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<String>,
    /// The nodes, as Slurm writes them (`n1,n2`, `gpu[01-08]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes: Option<String>,
    /// How many nodes (with a partition: Slurm picks them; with nodes: their count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes_count: Option<u32>,
    /// The folder on each node that receives `<storage_name>/`, e.g. `/local/nvme/datasets`.
    pub target: String,
}

/// A value a stage cannot take, with the field it came from and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} {value:?}: {why}")]
pub struct StageSpecError {
    pub field: &'static str,
    pub value: String,
    pub why: String,
}

impl StageSpec {
    /// Checks every field (see [`check_nodes`], [`check_partition`], [`check_target`]) and
    /// that the stage says where to run: nodes, or a partition.
    pub fn check(&self) -> Result<(), StageSpecError> {
        if let Some(nodes) = &self.nodes {
            check_nodes(nodes)?;
        }
        if let Some(partition) = &self.partition {
            check_partition(partition)?;
        }
        if self.nodes.is_none() && self.partition.is_none() {
            return Err(StageSpecError {
                field: "stage",
                value: String::new(),
                why: "name the nodes (nodes: n1,n2) or a partition (partition: gpu) to stage on"
                    .into(),
            });
        }
        if self.nodes_count == Some(0) {
            return Err(StageSpecError {
                field: "nodes_count",
                value: "0".into(),
                why: "stage on at least one node, or leave nodes_count out".into(),
            });
        }
        check_target(&self.target)
    }
}

/// Node names or a Slurm hostlist (`n1,n2`, `gpu[01-04,07]`): letters, digits, `-_.`, and the
/// `[` `]` `,` of hostlists; nothing a shell or `sbatch` could read as anything else.
pub fn check_nodes(value: &str) -> Result<(), StageSpecError> {
    check_word("nodes", value, |c| {
        c.is_ascii_alphanumeric() || "-_.[],".contains(c)
    })
}

/// A Slurm partition (or a comma list of them): letters, digits, `-_.,`.
pub fn check_partition(value: &str) -> Result<(), StageSpecError> {
    check_word("partition", value, |c| {
        c.is_ascii_alphanumeric() || "-_.,".contains(c)
    })
}

/// One node's name as Slurm reports it (`SLURMD_NODENAME`, sinfo): it names a record entry.
pub fn check_node_name(value: &str) -> Result<(), StageSpecError> {
    check_word("node", value, |c| {
        c.is_ascii_alphanumeric() || "-_.".contains(c)
    })
}

/// A dataset's storage name as a stage names it: one plain folder name (it names a record
/// file and a folder on every node), not starting with `.` or `-` (nothing a command line could
/// read as an option), without `/`, `\` or control characters.
pub fn check_storage_name(value: &str) -> Result<(), StageSpecError> {
    let fail = |why: &str| StageSpecError {
        field: "storage name",
        value: value.to_string(),
        why: why.to_string(),
    };
    if value.is_empty() || value.len() > 255 {
        return Err(fail(
            "give the dataset's storage name (1 to 255 characters), as `hugflow status` lists it",
        ));
    }
    if value.starts_with(['.', '-']) {
        return Err(fail("a storage name cannot start with . or -"));
    }
    if value.contains(['/', '\\']) || value.chars().any(char::is_control) {
        return Err(fail(
            "a storage name is one folder name, without / or control characters",
        ));
    }
    Ok(())
}

fn check_word(
    field: &'static str,
    value: &str,
    allowed: impl Fn(char) -> bool,
) -> Result<(), StageSpecError> {
    let fail = |why: String| StageSpecError {
        field,
        value: value.to_string(),
        why,
    };
    if value.is_empty() || value.len() > 1024 {
        return Err(fail("give 1 to 1024 characters".into()));
    }
    if value.starts_with(['-', ',', '.']) {
        return Err(fail(format!(
            "a {field} cannot start with {:?}",
            &value[..1]
        )));
    }
    if let Some(c) = value.chars().find(|c| !allowed(*c)) {
        return Err(fail(format!(
            "{c:?} is not allowed; Slurm names use letters, digits and -_."
        )));
    }
    Ok(())
}

/// The folder on each node: an absolute path, without `..`, control characters or a trailing
/// `/`, and not `/` itself (its `<storage_name>/` is replaced on every stage).
pub fn check_target(value: &str) -> Result<(), StageSpecError> {
    let fail = |why: &str| StageSpecError {
        field: "target",
        value: value.to_string(),
        why: why.to_string(),
    };
    if !value.starts_with('/') {
        return Err(fail(
            "give an absolute path on the nodes, e.g. /local/nvme/datasets",
        ));
    }
    if value.len() > 4096 {
        return Err(fail("the path is longer than 4096 bytes"));
    }
    if value.chars().any(char::is_control) {
        return Err(fail("remove the control characters"));
    }
    if value.split('/').any(|part| part == ".." || part == ".") {
        return Err(fail("write the path without . or .. parts"));
    }
    if value.trim_end_matches('/').is_empty() {
        return Err(fail(
            "stage into a folder, not /; e.g. /local/nvme/datasets",
        ));
    }
    Ok(())
}

/// Where one node's copy stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum NodeStageState {
    /// Submitted; the node's task has not started.
    Pending,
    Copying,
    /// Every file is there with its size and hash: `hugflow ready` answers yes on the node.
    Verified,
    Failed,
}

/// One node's entry in a [`StageRecord`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NodeStage {
    pub state: NodeStageState,
    /// Bytes in place and verified so far (reused ones included).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes_done: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes_total: u64,
    pub files_done: u32,
    pub files_total: u32,
    /// Files that were already there and verified, so not copied again.
    pub files_reused: u32,
    /// Why it failed, in words that say what to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The Slurm job that wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

impl NodeStage {
    pub fn pending(job_id: Option<String>) -> Self {
        Self {
            state: NodeStageState::Pending,
            bytes_done: 0,
            bytes_total: 0,
            files_done: 0,
            files_total: 0,
            files_reused: 0,
            reason: None,
            job_id,
            updated_at: now(),
        }
    }

    /// Whole percent of bytes in place (100 for an empty dataset that is done).
    pub fn percent(&self) -> u8 {
        match (self.bytes_total, self.state) {
            (_, NodeStageState::Verified) => 100,
            (0, _) => 0,
            (total, _) => ((self.bytes_done.min(total) * 100) / total) as u8,
        }
    }
}

impl fmt::Display for NodeStage {
    /// `pending`, `copying 40 %`, `verified`, `failed: why`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.state {
            NodeStageState::Pending => f.write_str("pending"),
            NodeStageState::Copying => write!(f, "copying {} %", self.percent()),
            NodeStageState::Verified => f.write_str("verified"),
            NodeStageState::Failed => write!(
                f,
                "failed: {}",
                self.reason.as_deref().unwrap_or("no reason recorded")
            ),
        }
    }
}

/// `STATE_DIR/stage/<storage_name>.json`: one dataset's stage, node by node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StageRecord {
    pub schema: u32,
    pub storage_name: String,
    pub hf_id: String,
    /// The commit of the copy on the shared storage that the nodes copy.
    pub commit: String,
    /// The folder on each node; the copy is `<target>/<storage_name>/`.
    pub target: String,
    /// The last staging job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    pub submitted_at: String,
    pub nodes: BTreeMap<String, NodeStage>,
}

impl StageRecord {
    pub const SCHEMA: u32 = 1;

    /// Whether every node holds a verified copy (and there is at least one).
    pub fn all_verified(&self) -> bool {
        !self.nodes.is_empty()
            && self
                .nodes
                .values()
                .all(|n| n.state == NodeStageState::Verified)
    }

    /// The nodes that failed, with their reasons: `n2 (failed: …)`.
    pub fn failures(&self) -> Vec<String> {
        self.nodes
            .iter()
            .filter(|(_, n)| n.state == NodeStageState::Failed)
            .map(|(node, n)| format!("{node} ({n})"))
            .collect()
    }
}

/// A Slurm job's state, as `squeue`/`scontrol` name it (`PENDING`, `RUNNING`, `COMPLETED`,
/// `FAILED`, `NODE_FAIL`, `CANCELLED`, `TIMEOUT`, …).
pub fn job_state_is_final(state: &str) -> bool {
    !matches!(
        state,
        "PENDING"
            | "RUNNING"
            | "CONFIGURING"
            | "COMPLETING"
            | "REQUEUED"
            | "REQUEUE_HOLD"
            | "REQUEUE_FED"
            | "RESIZING"
            | "SUSPENDED"
            | "STAGE_OUT"
            | "SIGNALING"
    )
}

/// One node of `hugflow cluster --json`, from `sinfo --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClusterNode {
    pub name: String,
    /// Slurm's state, lowercase: `idle`, `mixed`, `allocated`, `down`, `drained`, …
    pub state: String,
    pub cpus: u32,
    /// GPUs from the node's gres (`gpu:h100:8` → 8).
    pub gpus: u32,
    /// The gres as Slurm wrote it.
    pub gres: String,
    pub partitions: Vec<String>,
    /// Why Slurm took the node out, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One staging (or clean-up) job of `hugflow cluster --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StageJob {
    pub job_id: String,
    /// `stage` or `unstage`.
    pub kind: String,
    pub storage_name: String,
    /// Slurm's state (`PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, …).
    pub state: String,
    /// The nodes as Slurm lists them (`n[1-3]`).
    pub nodes: String,
    /// Why it waits or ended, as Slurm says (`None`, `Resources`, `NonZeroExitCode`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `hugflow cluster --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClusterStatus {
    pub schema: u32,
    pub nodes: Vec<ClusterNode>,
    /// Staging and clean-up jobs Slurm still knows (finished ones for `MinJobAge`).
    pub jobs: Vec<StageJob>,
    /// Every staged dataset and, node by node, where its copy stands.
    pub datasets: Vec<StageRecord>,
}

/// `hugflow stage --json` (and the CI's stage step): what was submitted and, with `--wait`,
/// how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StageOutcome {
    pub schema: u32,
    pub storage_name: String,
    pub job_id: String,
    /// Slurm's state of the job when this was written (`PENDING` right after submitting).
    pub job_state: String,
    /// Whether every node holds a verified copy.
    pub succeeded: bool,
    pub record: StageRecord,
}

/// `hugflow ready --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReadyAnswer {
    pub schema: u32,
    pub storage_name: String,
    pub node: String,
    /// The node's copy, `<target>/<storage_name>`.
    pub path: String,
    pub ready: bool,
    /// Why not, and what to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Now, as the records write it: RFC 3339 UTC to the second.
pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(nodes: Option<&str>, partition: Option<&str>, target: &str) -> StageSpec {
        StageSpec {
            partition: partition.map(str::to_string),
            nodes: nodes.map(str::to_string),
            nodes_count: None,
            target: target.to_string(),
        }
    }

    #[test]
    fn good_stages_pass() {
        for good in [
            spec(Some("n1,n2"), None, "/local/nvme/datasets"),
            spec(Some("gpu[01-04,07]"), None, "/raid/data"),
            spec(None, Some("batch"), "/local/nvme/"),
        ] {
            assert_eq!(good.check(), Ok(()), "{good:?}");
        }
    }

    #[test]
    fn hostile_values_are_refused_with_the_field_and_the_fix() {
        let cases = [
            (
                spec(Some("n1;rm -rf /"), None, "/x"),
                "nodes",
                "';' is not allowed",
            ),
            (
                spec(Some("--wrap=id"), None, "/x"),
                "nodes",
                "cannot start with",
            ),
            (
                spec(Some("n1 n2"), None, "/x"),
                "nodes",
                "' ' is not allowed",
            ),
            (
                spec(None, Some("gpu$(id)"), "/x"),
                "partition",
                "'$' is not allowed",
            ),
            (spec(None, None, "/x"), "stage", "name the nodes"),
            (spec(Some("n1"), None, "data"), "target", "absolute path"),
            (
                spec(Some("n1"), None, "/data/../etc"),
                "target",
                "without . or ..",
            ),
            (
                spec(Some("n1"), None, "/data\n/x"),
                "target",
                "control characters",
            ),
            (spec(Some("n1"), None, "/"), "target", "not /"),
            (spec(Some("n1"), None, "//"), "target", "not /"),
        ];
        for (spec, field, why) in cases {
            let error = spec.check().unwrap_err();
            assert_eq!(error.field, field, "{spec:?}");
            assert!(error.why.contains(why), "{spec:?}: {error}");
        }
        assert!(check_node_name("n1[2]").is_err());
        assert!(check_node_name("gpu-01.cluster").is_ok());
        assert!(check_storage_name("acme__speech__rev_main").is_ok());
        for bad in ["", "..", "-rf", "a/b", "a\nb", ".hidden"] {
            assert!(check_storage_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn node_states_read_as_the_pr_comment_writes_them() {
        let mut node = NodeStage::pending(Some("7".into()));
        assert_eq!(node.to_string(), "pending");
        node.state = NodeStageState::Copying;
        node.bytes_total = 1000;
        node.bytes_done = 405;
        assert_eq!(node.to_string(), "copying 40 %");
        node.state = NodeStageState::Failed;
        node.reason = Some("disk full".into());
        assert_eq!(node.to_string(), "failed: disk full");
        let json = serde_json::to_value(&node).unwrap();
        assert_eq!(json["state"], "failed");
    }
}
