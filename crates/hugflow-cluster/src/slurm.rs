//! Slurm's own commands, run as the user runs them (`SLURM_CONF` and PATH from the
//! environment), and their output read as untrusted text.
//!
//! Shapes recorded from Slurm 22.05.8 (Debian 12, openapi v0.0.38): `sinfo --json` gives
//! `nodes[]` with `name`, `state` (a lowercase string), `cpus`, `gres`, `partitions[]`,
//! `reason`; `squeue --json` gives `jobs[]` with `job_id`, `name`, `job_state` (a string),
//! `nodes`, `state_reason`. Slurm 23.02 and later write `state`/`job_state` as arrays of
//! uppercase flags and numbers as `{"set", "infinite", "number"}`: both are read.
//! `scontrol show job -o ID` prints one line of `Key=Value` words (there is no
//! `scontrol --json` in 22.05); a finished job stays for `MinJobAge` (300 s by default).

use std::io::Write;
use std::process::{Command, Output, Stdio};

use hugflow_core::cluster::{ClusterNode, STAGE_JOB_PREFIX, StageJob, UNSTAGE_JOB_PREFIX};
use serde_json::Value;

use crate::ClusterError;

/// Environment variables never handed to a Slurm job: Slurm saves a batch job's environment
/// in its state directory, and a staging task needs no token (it copies from shared storage).
pub const SECRET_VARIABLES: [&str; 6] = [
    "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN",
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "SLACK_WEBHOOK_URL",
    "DATABASE_URL",
];

fn run(program: &str, args: &[&str], stdin: Option<&str>) -> Result<Output, ClusterError> {
    let mut command = Command::new(program);
    command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for name in SECRET_VARIABLES {
        command.env_remove(name);
    }
    command.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = command.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ClusterError::SlurmMissing {
            program: program.to_string(),
        },
        _ => ClusterError::Slurm {
            command: program.to_string(),
            message: e.to_string(),
        },
    })?;
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(text.as_bytes())
            .map_err(|e| ClusterError::Slurm {
                command: program.to_string(),
                message: format!("cannot write its input: {e}"),
            })?;
    }
    child.wait_with_output().map_err(|e| ClusterError::Slurm {
        command: program.to_string(),
        message: e.to_string(),
    })
}

/// Runs `program args` and returns its stdout, or its stderr as the error.
fn run_ok(program: &str, args: &[&str], stdin: Option<&str>) -> Result<String, ClusterError> {
    let output = run(program, args, stdin)?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(ClusterError::Slurm {
            command: format!("{program} {}", args.join(" ")),
            message: one_line(&stderr),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// What Slurm printed, made safe to show: control characters out, length capped.
fn clean(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(500)
        .collect()
}

/// [`clean`], or words saying there was nothing.
fn one_line(text: &str) -> String {
    let clean = clean(text);
    if clean.is_empty() {
        "it printed nothing".to_string()
    } else {
        clean
    }
}

/// Submits `script` (a batch script, on sbatch's stdin) with `args`; returns the job id.
pub fn sbatch(args: &[String], script: &str) -> Result<String, ClusterError> {
    let mut all: Vec<&str> = vec!["--parsable"];
    all.extend(args.iter().map(String::as_str));
    let stdout = run_ok("sbatch", &all, Some(script))?;
    // `--parsable` prints `ID` or `ID;CLUSTER`.
    let id = stdout.trim().split(';').next().unwrap_or_default();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ClusterError::SlurmOutput {
            command: "sbatch --parsable".into(),
            why: format!("expected a job id, got {:?}", one_line(&stdout)),
        });
    }
    Ok(id.to_string())
}

/// A job as `scontrol show job -o` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobInfo {
    pub id: String,
    pub name: String,
    pub state: String,
    pub reason: String,
    /// The allocated nodes as a hostlist (`n[1-3]`), empty while pending.
    pub node_list: String,
    /// `ExitCode=3:0`.
    pub exit_code: String,
}

/// Job `id`, or `None` when slurmctld no longer knows it (finished more than `MinJobAge` ago).
pub fn show_job(id: &str) -> Result<Option<JobInfo>, ClusterError> {
    let output = run("scontrol", &["show", "job", "-o", id], None)?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() || stdout.trim().is_empty() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("Invalid job id") {
            return Ok(None);
        }
        return Err(ClusterError::Slurm {
            command: format!("scontrol show job -o {id}"),
            message: one_line(&stderr),
        });
    }
    Ok(Some(parse_job_line(&stdout)))
}

/// Reads the `Key=Value` words of one `scontrol show job -o` line (the first, for an array).
pub fn parse_job_line(text: &str) -> JobInfo {
    let line = text.lines().next().unwrap_or_default();
    let field = |key: &str| {
        line.split_whitespace()
            .find_map(|word| word.strip_prefix(key)?.strip_prefix('='))
            .map(clean)
            .filter(|value| value != "(null)")
            .unwrap_or_default()
    };
    JobInfo {
        id: field("JobId"),
        name: field("JobName"),
        state: field("JobState"),
        reason: field("Reason"),
        node_list: field("NodeList"),
        exit_code: field("ExitCode"),
    }
}

/// The node names in a hostlist (`n[1-3]` → n1 n2 n3), as Slurm expands it.
pub fn expand_hostlist(hostlist: &str) -> Result<Vec<String>, ClusterError> {
    hugflow_core::cluster::check_nodes(hostlist)?;
    let stdout = run_ok("scontrol", &["show", "hostnames", hostlist], None)?;
    let names: Vec<String> = stdout.split_whitespace().map(str::to_string).collect();
    if let Some(bad) = names
        .iter()
        .find(|n| hugflow_core::cluster::check_node_name(n).is_err())
    {
        return Err(ClusterError::SlurmOutput {
            command: "scontrol show hostnames".into(),
            why: format!("{:?} is not a node name", one_line(bad)),
        });
    }
    Ok(names)
}

/// The cluster's nodes, from `sinfo --json`.
pub fn nodes() -> Result<Vec<ClusterNode>, ClusterError> {
    let stdout = run_ok("sinfo", &["--json"], None)?;
    parse_sinfo(&stdout)
}

pub fn parse_sinfo(text: &str) -> Result<Vec<ClusterNode>, ClusterError> {
    let nodes = json_list(text, "sinfo --json", "nodes")?;
    let mut out = Vec::new();
    for node in nodes {
        let name = string(&node["name"]);
        if hugflow_core::cluster::check_node_name(&name).is_err() {
            continue;
        }
        let gres = string(&node["gres"]);
        out.push(ClusterNode {
            gpus: gpus_in_gres(&gres),
            name,
            state: state_of(&node["state"]).to_lowercase(),
            cpus: number(&node["cpus"]) as u32,
            gres,
            partitions: node["partitions"]
                .as_array()
                .map(|list| list.iter().map(string).filter(|p| !p.is_empty()).collect())
                .unwrap_or_default(),
            reason: Some(string(&node["reason"])).filter(|r| !r.is_empty()),
        });
    }
    out.sort_by_key(|node| natural_key(&node.name));
    Ok(out)
}

/// Hugflow's staging and clean-up jobs, from `squeue --json` (finished ones while slurmctld
/// keeps them).
pub fn stage_jobs() -> Result<Vec<StageJob>, ClusterError> {
    let stdout = run_ok("squeue", &["--json", "--states=all"], None)?;
    parse_squeue(&stdout)
}

pub fn parse_squeue(text: &str) -> Result<Vec<StageJob>, ClusterError> {
    let jobs = json_list(text, "squeue --json", "jobs")?;
    let mut out = Vec::new();
    for job in jobs {
        let name = string(&job["name"]);
        let (kind, storage_name) = if let Some(rest) = name.strip_prefix(STAGE_JOB_PREFIX) {
            ("stage", rest)
        } else if let Some(rest) = name.strip_prefix(UNSTAGE_JOB_PREFIX) {
            ("unstage", rest)
        } else {
            continue;
        };
        out.push(StageJob {
            job_id: number(&job["job_id"]).to_string(),
            kind: kind.to_string(),
            storage_name: clean(storage_name),
            state: state_of(&job["job_state"]),
            nodes: string(&job["nodes"]),
            reason: Some(string(&job["state_reason"])).filter(|r| !r.is_empty() && r != "None"),
        });
    }
    out.sort_by_key(|job| std::cmp::Reverse(job.job_id.parse::<u64>().unwrap_or(0)));
    Ok(out)
}

/// The list under `key` of the JSON document `command` printed.
fn json_list(text: &str, command: &str, key: &str) -> Result<Vec<Value>, ClusterError> {
    let bad = |why: String| ClusterError::SlurmOutput {
        command: command.to_string(),
        why,
    };
    let mut document: Value = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
    match document.get_mut(key).map(Value::take) {
        Some(Value::Array(list)) => Ok(list),
        _ => Err(bad(format!("no {key} list"))),
    }
}

fn string(value: &Value) -> String {
    value.as_str().map(clean).unwrap_or_default()
}

/// A number as 22.05 writes it, or as 23.02+ does (`{"set": true, "number": 8}`).
fn number(value: &Value) -> u64 {
    value
        .as_u64()
        .or_else(|| value["number"].as_u64())
        .unwrap_or(0)
}

/// A state as 22.05 writes it (`"idle"`, `"RUNNING"`) or as 23.02+ does (`["IDLE", "DRAIN"]`).
fn state_of(value: &Value) -> String {
    match value {
        Value::Array(flags) => flags.iter().map(string).collect::<Vec<_>>().join("+"),
        other => string(other),
    }
}

/// GPUs in a gres string: `gpu:8`, `gpu:h100:8(S:0-1)`, `gpu:a100:4,nvme:1` → the sum of the
/// `gpu` counts.
pub fn gpus_in_gres(gres: &str) -> u32 {
    gres.split(',')
        .filter(|entry| entry.starts_with("gpu"))
        .filter_map(|entry| {
            let entry = entry.split('(').next().unwrap_or(entry);
            entry.rsplit(':').next()?.parse::<u32>().ok()
        })
        .sum()
}

/// Sorts `n2` before `n10`.
fn natural_key(name: &str) -> (String, u64) {
    let digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (stem, number) = name.split_at(name.len() - digits);
    (stem.to_string(), number.parse().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sinfo_of_slurm_22_05_and_23_02_reads_the_same() {
        // Recorded from Slurm 22.05.8 (trimmed), and the same node as 23.02 writes it.
        let old = r#"{"meta":{},"errors":[],"nodes":[
            {"name":"n10","state":"idle","cpus":2,"gres":"","partitions":["main"],"reason":""},
            {"name":"n2","state":"down","cpus":2,"gres":"gpu:h100:8(S:0-1)","partitions":["main","gpu"],"reason":"Not responding"}]}"#;
        let new = r#"{"nodes":[{"name":"n2","state":["DOWN","NOT_RESPONDING"],"cpus":{"set":true,"number":2},
            "gres":"gpu:h100:8(S:0-1)","partitions":["main","gpu"],"reason":"Not responding"}]}"#;
        let nodes = parse_sinfo(old).unwrap();
        assert_eq!(nodes[0].name, "n2", "n2 sorts before n10");
        assert_eq!(nodes[0].gpus, 8);
        assert_eq!(nodes[0].reason.as_deref(), Some("Not responding"));
        assert_eq!(nodes[1].reason, None);
        let newer = parse_sinfo(new).unwrap();
        assert_eq!(newer[0].state, "down+not_responding");
        assert_eq!(newer[0].cpus, 2);
        assert!(
            parse_sinfo("not json")
                .unwrap_err()
                .to_string()
                .contains("sinfo --json")
        );
        // Hostile shapes are errors, never a panic.
        for odd in ["[1, 2]", "7", "{\"nodes\": 3}"] {
            let error = parse_sinfo(odd).unwrap_err().to_string();
            assert!(error.contains("no nodes list"), "{odd}: {error}");
        }
    }

    #[test]
    fn squeue_lists_only_hugflow_jobs_and_cleans_what_it_shows() {
        let text = r#"{"jobs":[
            {"job_id":7,"name":"train","job_state":"RUNNING","nodes":"n1","state_reason":"None"},
            {"job_id":8,"name":"hugflow-stage:acme_speech","job_state":"RUNNING","nodes":"n[1-3]","state_reason":"None"},
            {"job_id":{"set":true,"number":9},"name":"hugflow-unstage:acme\u001b[2Jspeech","job_state":["PENDING"],"nodes":"","state_reason":"Resources"}]}"#;
        let jobs = parse_squeue(text).unwrap();
        assert_eq!(jobs.len(), 2);
        assert_eq!(jobs[0].job_id, "9");
        assert_eq!(jobs[0].kind, "unstage");
        assert_eq!(
            jobs[0].storage_name, "acme [2Jspeech",
            "no escape reaches a terminal"
        );
        assert_eq!(jobs[0].reason.as_deref(), Some("Resources"));
        assert_eq!(jobs[1].nodes, "n[1-3]");
        assert_eq!(jobs[1].reason, None);
    }

    #[test]
    fn a_scontrol_line_gives_its_fields() {
        let line = "JobId=12 JobName=hugflow-stage:x UserId=root(0) JobState=NODE_FAIL Reason=NodeDown Dependency=(null) ExitCode=0:0 NodeList=n[1-3] BatchHost=n1";
        let job = parse_job_line(line);
        assert_eq!(job.id, "12");
        assert_eq!(job.state, "NODE_FAIL");
        assert_eq!(job.reason, "NodeDown");
        assert_eq!(job.node_list, "n[1-3]");
        assert_eq!(parse_job_line("JobId=3 NodeList=(null)").node_list, "");
    }

    #[test]
    fn gres_counts() {
        assert_eq!(gpus_in_gres(""), 0);
        assert_eq!(gpus_in_gres("gpu:8"), 8);
        assert_eq!(gpus_in_gres("gpu:a100:4,gpu:h100:4(S:1)"), 8);
        assert_eq!(gpus_in_gres("nvme:1"), 0);
    }
}
