//! One node's task in a staging job (`hugflow stage-task`, run by `srun` on every node): copy
//! the dataset from the shared storage to `<target>/<storage_name>/`, verify each file
//! against the manifest, and seal the copy.
//!
//! The order keeps every failure safe:
//! 1. The seal is broken first, so from the first write on `hugflow ready` says no.
//! 2. Free space is checked before anything is written: a node whose disk cannot hold what is
//!    missing fails at once, with the figures, and its old files are left alone.
//! 3. Each file is written to `<file>.hugflow-part`, hashed as its bytes go by, fsynced, and
//!    renamed into place only when its hash matches the manifest. A file already in place is
//!    reused when the old seal vouches for it (same look) or when its hash matches.
//! 4. Files the manifest does not list (an older revision's, a stray part) are removed.
//! 5. The manifest is copied next to the files, then the seal is written: verified.
//!
//! Progress goes to the node's entry in the stage record about once a second.

use std::collections::HashSet;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use hugflow_core::cluster::{NodeStage, NodeStageState, now};
use hugflow_core::state::record_lock;
use hugflow_core::units::human_bytes;
use hugflow_download::{Check, Hasher};
use hugflow_sync::DatasetManifest;
use hugflow_sync::storage::HUGFLOW_DIR;

use crate::ClusterError;
use crate::records::StageBook;
use crate::seal::{Look, Seal, SealedFile};

const PART_SUFFIX: &str = ".hugflow-part";
const CHUNK: usize = 4 << 20;
const REPORT_EVERY: Duration = Duration::from_secs(1);

/// What one node's task copies, and where it reports.
#[derive(Debug, Clone)]
pub struct Task {
    /// The dataset's folder on the shared storage, `STORAGE_ROOT/<storage_name>`.
    pub source: PathBuf,
    /// The folder on this node that receives `<storage_name>/`.
    pub target: PathBuf,
    pub storage_name: String,
    /// This node's name (its entry in the record).
    pub node: String,
    pub job_id: Option<String>,
    pub book: StageBook,
    /// Bytes per second this node may read from the shared storage (`None`: as fast as it
    /// goes). A big cluster staging at once can saturate a shared filesystem.
    pub max_rate: Option<u64>,
}

impl Task {
    /// `<target>/<storage_name>`: the node's copy.
    pub fn copy_dir(&self) -> PathBuf {
        self.target.join(&self.storage_name)
    }
}

/// Runs the task and records how it ended in the node's entry; returns that entry. Only a
/// failure to write the record itself is an `Err`.
pub fn run_task(task: &Task) -> Result<NodeStage, ClusterError> {
    let mut progress = Progress::new(task);
    let outcome = copy_and_verify(task, &mut progress);
    let mut stage = progress.stage.clone();
    stage.updated_at = now();
    match outcome {
        Ok(()) => stage.state = NodeStageState::Verified,
        Err(reason) => {
            stage.state = NodeStageState::Failed;
            stage.reason = Some(reason);
        }
    }
    task.book
        .set_node(&task.storage_name, &task.node, stage.clone())?;
    Ok(stage)
}

/// The node's entry while the task runs, written to the record now and then.
struct Progress<'a> {
    task: &'a Task,
    stage: NodeStage,
    last_report: Option<Instant>,
}

impl<'a> Progress<'a> {
    fn new(task: &'a Task) -> Self {
        let mut stage = NodeStage::pending(task.job_id.clone());
        stage.state = NodeStageState::Copying;
        Self {
            task,
            stage,
            last_report: None,
        }
    }

    /// Writes the entry if a report is due (or `force`); a record that cannot be written is
    /// logged, and the copy goes on.
    fn report(&mut self, force: bool) {
        if !force && self.last_report.is_some_and(|t| t.elapsed() < REPORT_EVERY) {
            return;
        }
        self.last_report = Some(Instant::now());
        self.stage.updated_at = now();
        let written =
            self.task
                .book
                .set_node(&self.task.storage_name, &self.task.node, self.stage.clone());
        if let Err(error) = written {
            tracing::warn!(%error, "cannot record this node's progress");
        }
    }
}

/// A file of the manifest, checked to stay inside the copy.
struct Wanted {
    path: String,
    size: u64,
    check: Option<Check>,
}

impl Wanted {
    fn content_id(&self) -> &str {
        self.check.as_ref().map_or("", Check::content_id)
    }
}

fn copy_and_verify(task: &Task, progress: &mut Progress) -> Result<(), String> {
    let manifest = DatasetManifest::read(&task.source).ok_or_else(|| {
        format!(
            "{} has no readable .hugflow/manifest.json on this node: is the shared storage mounted at the same path here?",
            task.source.display()
        )
    })?;
    let wanted = wanted_files(&manifest)?;
    let copy_dir = task.copy_dir();
    let node = &task.node;
    std::fs::create_dir_all(copy_dir.join(HUGFLOW_DIR))
        .map_err(|e| format!("cannot create {} on {node}: {e}", copy_dir.display()))?;
    // One task per copy on a node at a time (two staging jobs of one dataset, or a job and a
    // hand-run task): the second waits, then finds everything in place.
    let lock_path = copy_dir.join(HUGFLOW_DIR).join(".stage.lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .and_then(|file| record_lock::lock_exclusive(&file).map(|()| file))
        .map_err(|e| format!("cannot lock {} on {node}: {e}", lock_path.display()))?;
    let old_seal = Seal::read(&copy_dir).filter(|seal| seal.commit == manifest.commit);
    Seal::remove(&copy_dir).map_err(|e| e.to_string())?;

    progress.stage.bytes_total = wanted.iter().map(|w| w.size).sum();
    progress.stage.files_total = wanted.len() as u32;
    progress.report(true);

    // What is already there and vouched for needs no reading; what else has the right size
    // may still match once hashed. Only the rest must fit on the disk.
    let looks: Vec<Option<Look>> = wanted
        .iter()
        .map(|w| Look::of(&copy_dir.join(&w.path)))
        .collect();
    let missing: u64 = wanted
        .iter()
        .zip(&looks)
        .filter(|(w, look)| look.is_none_or(|look| look.size != w.size))
        .map(|(w, _)| w.size)
        .sum();
    check_space(&copy_dir, missing, node)?;

    let mut sealed = Vec::with_capacity(wanted.len());
    let mut pacer = Pacer::new(task.max_rate);
    for (file, look) in wanted.iter().zip(looks) {
        let dest = copy_dir.join(&file.path);
        let vouched = old_seal
            .as_ref()
            .is_some_and(|seal| seal.vouches_for(&file.path, file.content_id(), look));
        let reused = vouched
            || (look.is_some_and(|l| l.size == file.size)
                && hash_file(&dest, file, &mut pacer).is_ok_and(|ok| ok));
        if reused {
            progress.stage.files_reused += 1;
        } else {
            copy_file(
                &task.source.join(&file.path),
                &dest,
                file,
                &mut pacer,
                progress,
                node,
            )?;
        }
        progress.stage.files_done += 1;
        if reused {
            progress.stage.bytes_done += file.size;
        }
        progress.report(false);
        let look = Look::of(&dest)
            .ok_or_else(|| format!("{} vanished on {node} while it was staged", file.path))?;
        sealed.push(SealedFile {
            path: file.path.clone(),
            content_id: file.content_id().to_string(),
            look,
        });
    }
    let keep: HashSet<PathBuf> = wanted.iter().map(|w| copy_dir.join(&w.path)).collect();
    remove_others(&copy_dir, &copy_dir, &keep)
        .map_err(|e| format!("cannot tidy {} on {node}: {e}", copy_dir.display()))?;
    manifest
        .write(&copy_dir)
        .map_err(|e| format!("cannot write the manifest on {node}: {e}"))?;
    Seal {
        schema: Seal::SCHEMA,
        storage_name: task.storage_name.clone(),
        commit: manifest.commit.clone(),
        verified_at: now(),
        job_id: task.job_id.clone(),
        files: sealed,
    }
    .write(&copy_dir)
    .map_err(|e| format!("cannot seal the copy on {node}: {e}"))?;
    progress.stage.bytes_done = progress.stage.bytes_total;
    drop(lock);
    Ok(())
}

/// The manifest's files, each path checked to be plain relative parts: the manifest sits on a
/// shared filesystem many can write, and a `..` would reach outside the copy.
fn wanted_files(manifest: &DatasetManifest) -> Result<Vec<Wanted>, String> {
    manifest
        .files
        .iter()
        .map(|file| {
            let plain = !file.path.is_empty()
                && Path::new(&file.path)
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)))
                && !file.path.contains('\\')
                && !file.path.ends_with(PART_SUFFIX)
                && file.path.split('/').next() != Some(HUGFLOW_DIR);
            if !plain {
                return Err(format!(
                    "the manifest lists {:?}, which is not a plain relative path; sync the dataset again",
                    file.path
                ));
            }
            let check = match (&file.sha256, &file.git_oid) {
                (Some(sha), _) => Some(Check::Sha256(sha.clone())),
                (None, Some(oid)) => Some(Check::GitSha1(oid.clone())),
                (None, None) => None,
            };
            if let Some(check) = &check {
                check
                    .validate()
                    .map_err(|e| format!("the manifest's hash of {}: {e}", file.path))?;
            }
            Ok(Wanted {
                path: file.path.clone(),
                size: file.size,
                check,
            })
        })
        .collect()
}

fn check_space(copy_dir: &Path, needed: u64, node: &str) -> Result<(), String> {
    let Some(free) = free_bytes(copy_dir) else {
        return Ok(());
    };
    if needed > free {
        return Err(format!(
            "disk full on {node}: {} has {} free, the copy needs {} more; free space there or stage to another --target",
            copy_dir.display(),
            human_bytes(free),
            human_bytes(needed)
        ));
    }
    Ok(())
}

/// Bytes an unprivileged writer may still use on `path`'s filesystem.
fn free_bytes(path: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs fills the struct it is given, for a NUL-terminated path.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    (unsafe { libc::statvfs(c_path.as_ptr(), &mut stat) } == 0)
        .then(|| stat.f_bavail as u64 * stat.f_frsize as u64)
}

/// Whether `path`'s bytes hash to what the manifest says (a file without a hash: its size).
fn hash_file(path: &Path, file: &Wanted, pacer: &mut Pacer) -> std::io::Result<bool> {
    let Some(check) = &file.check else {
        return Ok(std::fs::metadata(path)?.len() == file.size);
    };
    let mut hasher = Hasher::new(check, file.size);
    let mut reader = File::open(path)?;
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        pacer.pace(n);
        hasher.update(&buf[..n]);
    }
    Ok(hasher.verify(check).is_ok())
}

fn copy_file(
    source: &Path,
    dest: &Path,
    file: &Wanted,
    pacer: &mut Pacer,
    progress: &mut Progress,
    node: &str,
) -> Result<(), String> {
    let part = PathBuf::from(format!("{}{PART_SUFFIX}", dest.display()));
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {} on {node}: {e}", parent.display()))?;
    }
    let copied = copy_into_part(source, &part, file, pacer, progress);
    let fail = |why: String| {
        let _ = std::fs::remove_file(&part);
        why
    };
    match copied {
        Err(CopyError::Read(e)) => Err(fail(format!(
            "cannot read {} from the shared storage: {e}",
            source.display()
        ))),
        Err(CopyError::Write(e)) if e.raw_os_error() == Some(libc::ENOSPC) => Err(fail(format!(
            "disk full on {node} while writing {}: free space on {} or stage to another --target",
            file.path,
            dest.display()
        ))),
        Err(CopyError::Write(e)) => Err(fail(format!(
            "cannot write {} on {node}: {e}",
            part.display()
        ))),
        Err(CopyError::Mismatch(why)) => Err(fail(format!(
            "the shared copy of {} does not match its manifest ({why}); sync the dataset again on the login node",
            file.path
        ))),
        Ok(()) => std::fs::rename(&part, dest)
            .map_err(|e| fail(format!("cannot put {} in place on {node}: {e}", file.path))),
    }
}

enum CopyError {
    Read(std::io::Error),
    Write(std::io::Error),
    Mismatch(String),
}

fn copy_into_part(
    source: &Path,
    part: &Path,
    file: &Wanted,
    pacer: &mut Pacer,
    progress: &mut Progress,
) -> Result<(), CopyError> {
    let mut reader = File::open(source).map_err(CopyError::Read)?;
    let mut writer = File::create(part).map_err(CopyError::Write)?;
    let mut hasher = file.check.as_ref().map(|c| Hasher::new(c, file.size));
    let mut buf = vec![0u8; CHUNK];
    let mut copied = 0u64;
    loop {
        let n = reader.read(&mut buf).map_err(CopyError::Read)?;
        if n == 0 {
            break;
        }
        pacer.pace(n);
        writer.write_all(&buf[..n]).map_err(CopyError::Write)?;
        if let Some(hasher) = &mut hasher {
            hasher.update(&buf[..n]);
        }
        copied += n as u64;
        progress.stage.bytes_done += n as u64;
        progress.report(false);
    }
    writer.sync_all().map_err(CopyError::Write)?;
    if copied != file.size {
        return Err(CopyError::Mismatch(format!(
            "{copied} bytes, the manifest says {}",
            file.size
        )));
    }
    match (hasher, &file.check) {
        (Some(hasher), Some(check)) => hasher.verify(check).map_err(CopyError::Mismatch),
        _ => Ok(()),
    }
}

/// Removes every file and link under `dir` that is not in `keep` (and the folders left
/// empty), except the copy's own `.hugflow/` at the top (`root`). Never follows a link.
fn remove_others(root: &Path, dir: &Path, keep: &HashSet<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if dir == root && entry.file_name() == HUGFLOW_DIR {
            continue;
        }
        if entry.file_type()?.is_dir() {
            remove_others(root, &path, keep)?;
            if std::fs::read_dir(&path)?.next().is_none() {
                std::fs::remove_dir(&path)?;
            }
        } else if !keep.contains(&path) {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// Holds reads to `max_rate` bytes per second on average.
struct Pacer {
    max_rate: Option<u64>,
    started: Instant,
    bytes: u64,
}

impl Pacer {
    fn new(max_rate: Option<u64>) -> Self {
        Self {
            max_rate,
            started: Instant::now(),
            bytes: 0,
        }
    }

    fn pace(&mut self, n: usize) {
        let Some(rate) = self.max_rate.filter(|r| *r > 0) else {
            return;
        };
        self.bytes += n as u64;
        let due = Duration::from_secs_f64(self.bytes as f64 / rate as f64);
        if let Some(wait) = due.checked_sub(self.started.elapsed()) {
            std::thread::sleep(wait);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hugflow_core::cluster::StageRecord;

    /// A synced dataset folder with `files` (path, bytes) and a manifest naming their sha256.
    fn synced(dir: &Path, files: &[(&str, &[u8])], listed: &[&str]) {
        let mut entries = Vec::new();
        for (path, bytes) in files {
            let full = dir.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, bytes).unwrap();
            use sha2::Digest;
            let sha = format!("{:x}", sha2::Sha256::digest(bytes));
            entries.push(serde_json::json!({"path": path, "size": bytes.len(), "sha256": sha}));
        }
        for path in listed {
            entries.push(serde_json::json!({"path": path, "size": 1, "sha256": "0".repeat(64)}));
        }
        let manifest = serde_json::json!({
            "schema": 1, "hf_id": "acme/speech", "revision": "main", "commit": "c0ffee",
            "source_revision": "main", "subset": null, "split": "train",
            "storage_name": "acme_speech", "audio_column": "audio", "text_column": "text",
            "started_at": "2026-12-04T10:00:00", "finished_at": "2026-12-04T10:00:01",
            "file_count": entries.len(), "size_bytes": 0, "files": entries,
        });
        std::fs::create_dir_all(dir.join(HUGFLOW_DIR)).unwrap();
        std::fs::write(
            DatasetManifest::path(dir),
            serde_json::to_vec(&manifest).unwrap(),
        )
        .unwrap();
    }

    fn task(root: &Path) -> Task {
        let book = StageBook::new(&root.join("state"));
        book.update("acme_speech", |r| {
            *r = Some(StageRecord {
                schema: 1,
                storage_name: "acme_speech".into(),
                hf_id: "acme/speech".into(),
                commit: "c0ffee".into(),
                target: root.join("nvme").display().to_string(),
                job_id: None,
                submitted_at: now(),
                nodes: Default::default(),
            })
        })
        .unwrap();
        Task {
            source: root.join("shared/acme_speech"),
            target: root.join("nvme"),
            storage_name: "acme_speech".into(),
            node: "n1".into(),
            job_id: Some("7".into()),
            book,
            max_rate: None,
        }
    }

    #[test]
    fn a_copy_is_verified_sealed_tidied_and_reused() {
        let root = tempfile::tempdir().unwrap();
        let task = task(root.path());
        synced(
            &task.source,
            &[("a.txt", b"alpha"), ("data/b.bin", b"bravo!")],
            &[],
        );
        // A stray file from an older revision, and a part left by a killed copy.
        std::fs::create_dir_all(task.copy_dir().join("old")).unwrap();
        std::fs::write(task.copy_dir().join("old/x.bin"), b"old").unwrap();
        std::fs::write(task.copy_dir().join("a.txt.hugflow-part"), b"al").unwrap();
        let stage = run_task(&task).unwrap();
        assert_eq!(stage.state, NodeStageState::Verified, "{stage}");
        assert_eq!(
            std::fs::read(task.copy_dir().join("data/b.bin")).unwrap(),
            b"bravo!"
        );
        assert!(!task.copy_dir().join("old").exists());
        assert!(!task.copy_dir().join("a.txt.hugflow-part").exists());
        let seal = Seal::read(&task.copy_dir()).unwrap();
        assert_eq!(seal.changed(&task.copy_dir()), None);
        let again = run_task(&task).unwrap();
        assert_eq!(again.files_reused, 2);
        // A file corrupted in place (same size) is found by its hash and copied again.
        std::fs::write(task.copy_dir().join("a.txt"), b"ALPHA").unwrap();
        assert!(seal.changed(&task.copy_dir()).unwrap().contains("a.txt"));
        let repaired = run_task(&task).unwrap();
        assert_eq!(
            (repaired.state, repaired.files_reused),
            (NodeStageState::Verified, 1)
        );
        assert_eq!(
            std::fs::read(task.copy_dir().join("a.txt")).unwrap(),
            b"alpha"
        );
    }

    #[test]
    fn a_bad_shared_copy_or_a_hostile_manifest_fails_without_a_seal() {
        let root = tempfile::tempdir().unwrap();
        let task = task(root.path());
        synced(&task.source, &[("a.txt", b"alpha")], &["../../escape"]);
        let stage = run_task(&task).unwrap();
        assert_eq!(stage.state, NodeStageState::Failed);
        assert!(stage.reason.unwrap().contains("not a plain relative path"));
        assert!(Seal::read(&task.copy_dir()).is_none());

        synced(&task.source, &[("a.txt", b"alpha")], &[]);
        std::fs::write(task.source.join("a.txt"), b"alpHa").unwrap();
        let stage = run_task(&task).unwrap();
        assert_eq!(stage.state, NodeStageState::Failed);
        let reason = stage.reason.unwrap();
        assert!(reason.contains("does not match its manifest"), "{reason}");
        assert!(
            !task.copy_dir().join("a.txt").exists(),
            "nothing unverified in place"
        );
        let record = task.book.read("acme_speech").unwrap().unwrap();
        assert_eq!(record.nodes["n1"].state, NodeStageState::Failed);
    }
}
