//! `hugflow init`: lays out a GitOps checkout (request folders, storage and state) and,
//! optionally, the GitHub Actions workflows that run the sync and the retrain orchestrator on
//! a self-hosted runner.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::checkout::Checkout;
use crate::state::StateError;

pub const WORKFLOW_PATH: &str = ".github/workflows/dataset-sync.yml";

/// The workflow `hugflow init --workflow` writes.
pub const WORKFLOW: &str = include_str!("init/dataset-sync.yml");

pub const RETRAIN_WORKFLOW_PATH: &str = ".github/workflows/retrain.yml";

/// The scheduled (and manually triggerable) retrain orchestrator workflow, written alongside.
pub const RETRAIN_WORKFLOW: &str = include_str!("init/retrain.yml");

const GITIGNORE_LINES: &[&str] = &[".hugflow-state/", "datasets/", ".env"];

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("cannot create {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error(transparent)]
    State(#[from] StateError),
}

/// What `init` did; nothing existing is overwritten.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct InitReport {
    pub created: Vec<PathBuf>,
    pub kept: Vec<PathBuf>,
}

pub fn init_checkout(checkout: &Checkout, with_workflow: bool) -> Result<InitReport, InitError> {
    let mut report = InitReport::default();
    let root = &checkout.root;
    for folder in ["requests/add", "requests/remove"] {
        let dir = root.join(folder);
        create_dir(&dir, &mut report)?;
        write_new(&dir.join(".gitkeep"), "", &mut report)?;
    }
    create_dir(&checkout.storage_root, &mut report)?;
    report.created.extend(checkout.state.init()?);
    ensure_gitignore(root, &mut report)?;
    if with_workflow {
        for (path, content) in [
            (WORKFLOW_PATH, WORKFLOW),
            (RETRAIN_WORKFLOW_PATH, RETRAIN_WORKFLOW),
        ] {
            let path = root.join(path);
            if let Some(parent) = path.parent() {
                create_dir(parent, &mut report)?;
            }
            write_new(&path, content, &mut report)?;
        }
    }
    Ok(report)
}

fn create_dir(dir: &Path, report: &mut InitReport) -> Result<(), InitError> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(dir).map_err(|source| InitError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    report.created.push(dir.to_path_buf());
    Ok(())
}

fn write_new(path: &Path, content: &str, report: &mut InitReport) -> Result<(), InitError> {
    if path.exists() {
        report.kept.push(path.to_path_buf());
        return Ok(());
    }
    fs::write(path, content).map_err(|source| InitError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    report.created.push(path.to_path_buf());
    Ok(())
}

/// Keeps state, data and secrets out of git: the runner's state is per host.
fn ensure_gitignore(root: &Path, report: &mut InitReport) -> Result<(), InitError> {
    let path = root.join(".gitignore");
    let existing = fs::read_to_string(&path).unwrap_or_default();
    let missing: Vec<&str> = GITIGNORE_LINES
        .iter()
        .copied()
        .filter(|line| !existing.lines().any(|l| l.trim() == *line))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut content = existing.clone();
    if !content.is_empty() && !content.ends_with('\n') {
        content.push('\n');
    }
    content.push_str("# Hugflow: per-host state, downloaded data and secrets\n");
    for line in missing {
        content.push_str(line);
        content.push('\n');
    }
    fs::write(&path, content).map_err(|source| InitError::Io {
        path: path.clone(),
        source,
    })?;
    if existing.is_empty() {
        report.created.push(path);
    }
    Ok(())
}
