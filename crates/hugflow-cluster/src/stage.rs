//! The login node's side of a stage: submit one Slurm job whose tasks copy the dataset to
//! every node ([`submit`]), follow it ([`follow`]), and when it ends, mark every node that did
//! not verify its copy as failed, with Slurm's word on why ([`reconcile`]).
//!
//! The job is `sbatch --nodes=N --ntasks-per-node=1 --no-kill --no-requeue` around one
//! `srun --kill-on-bad-exit=0 hugflow stage-task …`: a node that fails (its disk, its link,
//! the node itself) does not stop the others, Slurm does not requeue the job onto other nodes
//! behind our back, and the job ends `FAILED` unless every task succeeded, so a training job
//! submitted with `--dependency=afterok:<id>` starts only after every node verified.

use std::path::{Path, PathBuf};
use std::time::Duration;

use hugflow_core::cluster::{
    NodeStage, NodeStageState, STAGE_JOB_PREFIX, StageOutcome, StageRecord, StageSpec,
    job_state_is_final, now,
};
use hugflow_core::path_io::FromPathIo;
use hugflow_sync::DatasetManifest;

use crate::ClusterError;
use crate::error::check_storage_name;
use crate::records::StageBook;
use crate::slurm::{self, JobInfo};

/// What `hugflow stage` asks for.
#[derive(Debug, Clone)]
pub struct StageRequest {
    pub storage_name: String,
    /// `STORAGE_ROOT`, as the nodes see it (the same path on the shared filesystem).
    pub storage_root: PathBuf,
    /// `STATE_DIR`, shared too.
    pub state_dir: PathBuf,
    pub spec: StageSpec,
    /// The `hugflow` each node runs: this one, which must sit at the same path on the nodes
    /// (on the shared filesystem, or installed alike everywhere).
    pub program: PathBuf,
    /// Bytes per second each node may read from the shared storage.
    pub max_rate: Option<u64>,
}

impl StageRequest {
    fn source(&self) -> PathBuf {
        self.storage_root.join(&self.storage_name)
    }
}

/// Checks the request, records every named node as pending, submits the job and returns
/// its id and the record.
pub fn submit(request: &StageRequest) -> Result<(String, StageRecord), ClusterError> {
    check_storage_name(&request.storage_name)?;
    request.spec.check()?;
    let source = request.source();
    let manifest = DatasetManifest::read(&source).ok_or_else(|| ClusterError::NotSynced {
        storage_name: request.storage_name.clone(),
        path: source.clone(),
    })?;
    let named: Vec<String> = match &request.spec.nodes {
        Some(nodes) => slurm::expand_hostlist(nodes)?,
        None => Vec::new(),
    };
    let book = StageBook::new(&request.state_dir);
    refuse_while_running(&book, &request.storage_name)?;
    let log_dir = book.log_dir();
    std::fs::create_dir_all(&log_dir).map_err(ClusterError::io("create", &log_dir))?;
    record_pending(&book, request, &manifest, &named, None)?;
    let job_id = slurm::sbatch(&sbatch_args(request, &named, &log_dir), &script(request)?)?;
    let record = record_pending(&book, request, &manifest, &named, Some(&job_id))?;
    Ok((job_id, record))
}

/// One staging job per dataset at a time: two would write the same files on a node.
fn refuse_while_running(book: &StageBook, storage_name: &str) -> Result<(), ClusterError> {
    let Some(job_id) = book.read(storage_name)?.and_then(|record| record.job_id) else {
        return Ok(());
    };
    match slurm::show_job(&job_id)? {
        Some(job) if !job_state_is_final(&job.state) => Err(ClusterError::Busy {
            storage_name: storage_name.to_string(),
            job_id,
            state: job.state,
        }),
        _ => Ok(()),
    }
}

/// Starts (or continues) the dataset's record for this stage: nodes staged before at the same
/// target and commit keep their entries; the named ones become pending.
fn record_pending(
    book: &StageBook,
    request: &StageRequest,
    manifest: &DatasetManifest,
    named: &[String],
    job_id: Option<&str>,
) -> Result<StageRecord, ClusterError> {
    let updated = book.update(&request.storage_name, |slot| {
        let same = slot.as_ref().is_some_and(|record| {
            record.target == request.spec.target && record.commit == manifest.commit
        });
        if !same {
            *slot = Some(StageRecord {
                schema: StageRecord::SCHEMA,
                storage_name: request.storage_name.clone(),
                hf_id: manifest.hf_id.clone(),
                commit: manifest.commit.clone(),
                target: request.spec.target.clone(),
                job_id: None,
                submitted_at: now(),
                nodes: Default::default(),
            });
        }
        let record = slot.as_mut().expect("set above");
        record.job_id = job_id.map(str::to_string);
        record.submitted_at = now();
        for node in named {
            record
                .nodes
                .insert(node.clone(), NodeStage::pending(record.job_id.clone()));
        }
    })?;
    Ok(updated.expect("the record was written"))
}

fn sbatch_args(request: &StageRequest, named: &[String], log_dir: &Path) -> Vec<String> {
    let spec = &request.spec;
    let mut args = job_args(STAGE_JOB_PREFIX, &request.storage_name, log_dir);
    if let Some(partition) = &spec.partition {
        args.push(format!("--partition={partition}"));
    }
    if let Some(nodes) = &spec.nodes {
        args.push(format!("--nodelist={nodes}"));
    }
    let count = spec
        .nodes_count
        .or_else(|| (!named.is_empty()).then_some(named.len() as u32));
    if let Some(count) = count {
        args.push(format!("--nodes={count}"));
    }
    args
}

/// What every Hugflow job asks of `sbatch`: its name, a task per node, no kill of the job when
/// one node fails, no requeue onto other nodes, and its output in the stage log folder.
pub(crate) fn job_args(prefix: &str, storage_name: &str, log_dir: &Path) -> Vec<String> {
    vec![
        format!("--job-name={prefix}{storage_name}"),
        "--ntasks-per-node=1".to_string(),
        // A failed node must not end the job for the others, nor move it to other nodes.
        "--no-kill".to_string(),
        "--no-requeue".to_string(),
        format!("--chdir={}", log_dir.display()),
        format!("--output={}/{storage_name}-%j.out", log_dir.display()),
    ]
}

/// The staging job's batch script.
fn script(request: &StageRequest) -> Result<String, ClusterError> {
    let source = request.source();
    let target = Path::new(&request.spec.target);
    let rate = request.max_rate.map(|rate| rate.to_string());
    let mut options: Vec<(&str, &Path)> = vec![
        ("--source", &source),
        ("--target", target),
        ("--state-dir", &request.state_dir),
    ];
    if let Some(rate) = &rate {
        options.push(("--max-rate", Path::new(rate)));
    }
    batch_script(
        &request.program,
        "stage-task",
        &options,
        &request.storage_name,
        &format!(
            "copies {name} to {}/{name} on every node of this job and verifies it",
            request.spec.target,
            name = request.storage_name
        ),
    )
}

/// A batch script that runs `program task OPTIONS --job-id $SLURM_JOB_ID -- STORAGE_NAME` on
/// every node: fixed text, and every value one quoted word.
pub(crate) fn batch_script(
    program: &Path,
    task: &'static str,
    options: &[(&str, &Path)],
    storage_name: &str,
    purpose: &str,
) -> Result<String, ClusterError> {
    let word = |what: &'static str, value: &Path| -> Result<String, ClusterError> {
        let text = value.to_str().filter(|t| !t.chars().any(char::is_control));
        let text = text.ok_or(ClusterError::Unsafe {
            what,
            value: value.display().to_string(),
            why: "a path in a batch script must be UTF-8 without control characters",
        })?;
        Ok(shell_words::quote(text).into_owned())
    };
    let mut line = format!(
        "exec srun --no-kill --kill-on-bad-exit=0 --ntasks-per-node=1 {} {task}",
        word("hugflow program", program)?
    );
    for (option, value) in options {
        line += &format!(" {option} {}", word("path", value)?);
    }
    line += &format!(
        " --job-id \"$SLURM_JOB_ID\" -- {}",
        shell_words::quote(storage_name)
    );
    let purpose: String = purpose.chars().filter(|c| !c.is_control()).collect();
    Ok(format!(
        "#!/bin/sh\n# Written by Hugflow: {purpose}; `hugflow cluster` shows each node.\n{line}\n"
    ))
}

/// Follows job `job_id` until Slurm says it ended (or forgot it), calling `seen` with the
/// record and the job at every poll; then [`reconcile`]s and returns the outcome.
pub fn follow(
    book: &StageBook,
    storage_name: &str,
    job_id: &str,
    poll: Duration,
    mut seen: impl FnMut(&StageRecord, Option<&JobInfo>),
) -> Result<StageOutcome, ClusterError> {
    loop {
        let job = slurm::show_job(job_id)?;
        if let Some(record) = book.read(storage_name)? {
            seen(&record, job.as_ref());
        }
        match job {
            Some(job) if !job_state_is_final(&job.state) => std::thread::sleep(poll),
            job => return reconcile(book, storage_name, job_id, job.as_ref()),
        }
    }
}

/// After job `job_id` ended: every node of the job (and every node the record still has
/// pending or copying for it) that is not verified is failed, with why.
pub fn reconcile(
    book: &StageBook,
    storage_name: &str,
    job_id: &str,
    job: Option<&JobInfo>,
) -> Result<StageOutcome, ClusterError> {
    let allocated = match job.map(|j| j.node_list.as_str()) {
        Some(list) if !list.is_empty() => slurm::expand_hostlist(list)?,
        _ => Vec::new(),
    };
    // Why each unfinished node stopped, in Slurm's words where it has any.
    let node_states = slurm::nodes().unwrap_or_default();
    let ended = job.map_or_else(
        || "ended (Slurm no longer lists it)".to_string(),
        |j| match j.reason.as_str() {
            "" | "None" => format!("ended {}", j.state),
            reason => format!("ended {} ({reason})", j.state),
        },
    );
    let record = book.update(storage_name, |slot| {
        let Some(record) = slot else { return };
        for node in &allocated {
            record
                .nodes
                .entry(node.clone())
                .or_insert_with(|| NodeStage::pending(Some(job_id.to_string())));
        }
        for (node, stage) in record.nodes.iter_mut() {
            let ours = stage.job_id.as_deref() == Some(job_id) || allocated.contains(node);
            let open = matches!(
                stage.state,
                NodeStageState::Pending | NodeStageState::Copying
            );
            if !(ours && open) {
                continue;
            }
            let slurm_says = node_states
                .iter()
                .find(|n| &n.name == node)
                .filter(|n| !matches!(n.state.as_str(), "idle" | "mixed" | "allocated"))
                .map(|n| match &n.reason {
                    Some(reason) => format!("; Slurm says {node} is {} ({reason})", n.state),
                    None => format!("; Slurm says {node} is {}", n.state),
                })
                .unwrap_or_default();
            stage.reason = Some(format!(
                "the staging job {job_id} {ended} while this node was {stage}{slurm_says}; run `hugflow stage` again once the node is back"
            ));
            stage.state = NodeStageState::Failed;
            stage.updated_at = now();
        }
    })?;
    let record = record.ok_or_else(|| ClusterError::Unsafe {
        what: "stage of",
        value: storage_name.to_string(),
        why: "its record vanished from STATE_DIR/stage/ while the job ran",
    })?;
    Ok(StageOutcome {
        schema: 1,
        storage_name: storage_name.to_string(),
        job_id: job_id.to_string(),
        job_state: job.map_or_else(|| "UNKNOWN".to_string(), |j| j.state.clone()),
        succeeded: job_nodes_verified(&record, job_id, &allocated),
        record,
    })
}

/// Whether every node this job staged (or was allocated) is verified.
fn job_nodes_verified(record: &StageRecord, job_id: &str, allocated: &[String]) -> bool {
    let mut ours = record
        .nodes
        .iter()
        .filter(|(node, stage)| stage.job_id.as_deref() == Some(job_id) || allocated.contains(node))
        .peekable();
    ours.peek().is_some() && ours.all(|(_, stage)| stage.state == NodeStageState::Verified)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(storage_name: &str, target: &str) -> StageRequest {
        StageRequest {
            storage_name: storage_name.into(),
            storage_root: "/shared/datasets".into(),
            state_dir: "/shared/state".into(),
            spec: StageSpec {
                partition: Some("gpu".into()),
                nodes: None,
                nodes_count: Some(4),
                target: target.into(),
            },
            program: "/shared/bin/hugflow".into(),
            max_rate: Some(1000),
        }
    }

    #[test]
    fn the_script_quotes_every_value() {
        let text = script(&request("acme_it's", "/local/nvme/my data")).unwrap();
        let line = text.lines().last().unwrap();
        assert!(line.contains("--target '/local/nvme/my data'"), "{line}");
        assert!(line.ends_with("-- 'acme_it'\\''s'"), "{line}");
        assert!(line.contains("--max-rate 1000"));
        let words = shell_words::split(line).unwrap();
        assert_eq!(words.last().unwrap(), "acme_it's");
    }

    #[test]
    fn sbatch_gets_a_named_job_that_survives_a_failed_node() {
        let args = sbatch_args(
            &request("acme_x", "/nvme"),
            &[],
            Path::new("/shared/state/stage/logs"),
        );
        for expected in [
            "--job-name=hugflow-stage:acme_x",
            "--no-kill",
            "--no-requeue",
            "--partition=gpu",
            "--nodes=4",
            "--ntasks-per-node=1",
        ] {
            assert!(args.iter().any(|a| a == expected), "{expected} in {args:?}");
        }
    }
}
