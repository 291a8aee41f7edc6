//! Removing a dataset's node copies (a removal request, or `hugflow unstage`): one Slurm job
//! with a task per node that breaks the seal, deletes `<target>/<storage_name>/` and drops the
//! node from the record; the record goes when no node is left.

use std::path::{Path, PathBuf};

use hugflow_core::cluster::UNSTAGE_JOB_PREFIX;
use hugflow_core::path_io::FromPathIo;
use hugflow_sync::storage::HUGFLOW_DIR;

use crate::ClusterError;
use crate::error::check_storage_name;
use crate::records::StageBook;
use crate::seal::Seal;
use crate::slurm;
use crate::stage::{batch_script, job_args};

/// What `hugflow unstage` asks for.
#[derive(Debug, Clone)]
pub struct UnstageRequest {
    pub storage_name: String,
    pub state_dir: PathBuf,
    /// A hostlist; `None`: every node the record lists.
    pub nodes: Option<String>,
    /// The `hugflow` each node runs (see [`crate::stage::StageRequest::program`]).
    pub program: PathBuf,
}

/// Submits the clean-up job; returns its id and the nodes it cleans.
pub fn submit_unstage(request: &UnstageRequest) -> Result<(String, Vec<String>), ClusterError> {
    check_storage_name(&request.storage_name)?;
    let book = StageBook::new(&request.state_dir);
    let record = book.read(&request.storage_name)?.ok_or_else(|| ClusterError::Unsafe {
        what: "unstage of",
        value: request.storage_name.clone(),
        why: "it was never staged (no record in STATE_DIR/stage/); `hugflow cluster` lists what was",
    })?;
    // The record sits on a filesystem many can write: its target names what gets deleted.
    hugflow_core::cluster::check_target(&record.target)?;
    let nodes = match &request.nodes {
        Some(list) => slurm::expand_hostlist(list)?,
        None => record.nodes.keys().cloned().collect(),
    };
    if nodes.is_empty() {
        return Err(ClusterError::Unsafe {
            what: "unstage of",
            value: request.storage_name.clone(),
            why: "no node holds a copy",
        });
    }
    let log_dir = book.log_dir();
    std::fs::create_dir_all(&log_dir).map_err(ClusterError::io("create", &log_dir))?;
    let hostlist = nodes.join(",");
    let mut args = job_args(UNSTAGE_JOB_PREFIX, &request.storage_name, &log_dir);
    args.push(format!("--nodelist={hostlist}"));
    args.push(format!("--nodes={}", nodes.len()));
    let script = batch_script(
        &request.program,
        "unstage-task",
        &[
            ("--target", Path::new(&record.target)),
            ("--state-dir", &request.state_dir),
        ],
        &request.storage_name,
        &format!(
            "removes {}/{} from every node of this job",
            record.target, request.storage_name
        ),
    )?;
    let job_id = slurm::sbatch(&args, &script)?;
    Ok((job_id, nodes))
}

/// How a clean-up job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnstageOutcome {
    /// Slurm's last word on the job (`UNKNOWN` once it forgot it).
    pub job_state: String,
    /// Nodes of the job that still hold a recorded copy (empty: all cleaned).
    pub left: Vec<String>,
    /// What is left of the record, if anything.
    pub record: Option<hugflow_core::cluster::StageRecord>,
}

/// Follows clean-up job `job_id` over `nodes` to its end, calling `seen` with its state.
pub fn follow_unstage(
    book: &StageBook,
    storage_name: &str,
    job_id: &str,
    nodes: &[String],
    poll: std::time::Duration,
    mut seen: impl FnMut(&str),
) -> Result<UnstageOutcome, ClusterError> {
    let job_state = loop {
        match slurm::show_job(job_id)? {
            Some(job) if !hugflow_core::cluster::job_state_is_final(&job.state) => {
                seen(&job.state);
                std::thread::sleep(poll);
            }
            Some(job) => break job.state,
            None => break "UNKNOWN".to_string(),
        }
    };
    seen(&job_state);
    let record = book.read(storage_name)?;
    let left = record
        .iter()
        .flat_map(|r| r.nodes.keys())
        .filter(|node| nodes.contains(node))
        .cloned()
        .collect();
    Ok(UnstageOutcome {
        job_state,
        left,
        record,
    })
}

/// One node's clean-up: breaks the seal, deletes the copy, drops the node from the record.
/// A folder that is not a Hugflow copy (no `.hugflow/`) is left alone.
pub fn remove_copy(
    book: &StageBook,
    target: &Path,
    storage_name: &str,
    node: &str,
) -> Result<(), String> {
    check_storage_name(storage_name).map_err(|e| e.to_string())?;
    let copy = target.join(storage_name);
    let is_dir = std::fs::symlink_metadata(&copy).is_ok_and(|m| m.is_dir());
    if is_dir {
        if !copy.join(HUGFLOW_DIR).is_dir() {
            return Err(format!(
                "{} on {node} is not a Hugflow copy (no {HUGFLOW_DIR}/); left alone, remove it by hand",
                copy.display()
            ));
        }
        Seal::remove(&copy).map_err(|e| e.to_string())?;
        std::fs::remove_dir_all(&copy)
            .map_err(|e| format!("cannot delete {} on {node}: {e}", copy.display()))?;
    }
    book.update(storage_name, |slot| {
        if let Some(record) = slot {
            record.nodes.remove(node);
            if record.nodes.is_empty() {
                *slot = None;
            }
        }
    })
    .map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hugflow_core::cluster::{NodeStage, StageRecord};

    fn book_with(dir: &Path, target: &str) -> StageBook {
        let book = StageBook::new(dir);
        book.update("acme_speech", |r| {
            let mut record = StageRecord {
                schema: 1,
                storage_name: "acme_speech".into(),
                hf_id: "acme/speech".into(),
                commit: "c0ffee".into(),
                target: target.into(),
                job_id: None,
                submitted_at: hugflow_core::cluster::now(),
                nodes: Default::default(),
            };
            record.nodes.insert("n1".into(), NodeStage::pending(None));
            *r = Some(record);
        })
        .unwrap();
        book
    }

    #[test]
    fn a_record_whose_target_was_tampered_with_deletes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        for target in ["/", "relative", "/data/../etc"] {
            book_with(dir.path(), target);
            let request = UnstageRequest {
                storage_name: "acme_speech".into(),
                state_dir: dir.path().into(),
                nodes: None,
                program: "/usr/bin/hugflow".into(),
            };
            let error = submit_unstage(&request).unwrap_err().to_string();
            assert!(error.starts_with("target"), "{target}: {error}");
        }
    }

    #[test]
    fn only_a_hugflow_copy_is_deleted_and_the_last_node_takes_the_record() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("nvme");
        let book = book_with(&dir.path().join("state"), target.to_str().unwrap());
        std::fs::create_dir_all(target.join("acme_speech/data")).unwrap();
        let refused = remove_copy(&book, &target, "acme_speech", "n1").unwrap_err();
        assert!(refused.contains("not a Hugflow copy"), "{refused}");
        assert!(target.join("acme_speech/data").exists());
        std::fs::create_dir_all(target.join("acme_speech").join(HUGFLOW_DIR)).unwrap();
        remove_copy(&book, &target, "acme_speech", "n1").unwrap();
        assert!(!target.join("acme_speech").exists());
        assert_eq!(
            book.read("acme_speech").unwrap(),
            None,
            "no node left, no record"
        );
    }
}
