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

#[cfg(test)]
mod workflow_tests {
    //! The workflows `init --workflow` writes run on a runner that holds the team's tokens:
    //! these tests hold them to the hardening the README's security model promises.

    use yaml_rust2::{Yaml, YamlLoader};

    use super::{RETRAIN_WORKFLOW, WORKFLOW};

    fn load(text: &str) -> Yaml {
        YamlLoader::load_from_str(text)
            .expect("the workflow is YAML")
            .remove(0)
    }

    fn steps(workflow: &Yaml) -> Vec<&Yaml> {
        workflow["jobs"]
            .as_hash()
            .expect("jobs")
            .values()
            .flat_map(|job| job["steps"].as_vec().into_iter().flatten())
            .collect()
    }

    fn checkouts(workflow: &Yaml) -> Vec<&Yaml> {
        steps(workflow)
            .into_iter()
            .filter(|step| {
                step["uses"]
                    .as_str()
                    .is_some_and(|uses| uses.starts_with("actions/checkout"))
            })
            .collect()
    }

    #[test]
    fn the_sync_workflow_runs_the_base_branchs_file_without_the_prs_code() {
        let workflow = load(WORKFLOW);
        let on = workflow["on"].as_hash().expect("on:");
        assert!(on.contains_key(&Yaml::from_str("pull_request_target")));
        assert!(
            !on.contains_key(&Yaml::from_str("pull_request")),
            "`pull_request` would run the PR's own copy of this file"
        );
        assert!(
            checkouts(&workflow).is_empty(),
            "nothing of the PR is checked out"
        );
        let job = &workflow["jobs"]["sync"];
        let gate = job["if"].as_str().expect("the job is gated");
        assert!(
            gate.contains("author_association") && gate.contains("MEMBER"),
            "{gate}"
        );
        let step = steps(&workflow)[0];
        assert_eq!(
            step["working-directory"].as_str(),
            Some("${{ runner.temp }}")
        );
    }

    #[test]
    fn the_workflows_ask_for_least_permissions_and_leave_no_credentials() {
        let sync = load(WORKFLOW);
        let permissions: Vec<(String, String)> = sync["permissions"]
            .as_hash()
            .expect("permissions")
            .iter()
            .map(|(k, v)| (k.as_str().unwrap().into(), v.as_str().unwrap().into()))
            .collect();
        assert_eq!(
            permissions,
            [
                ("contents".to_string(), "write".to_string()),
                ("pull-requests".to_string(), "write".to_string())
            ]
        );
        let retrain = load(RETRAIN_WORKFLOW);
        assert_eq!(retrain["permissions"]["contents"].as_str(), Some("read"));
        let checkouts = checkouts(&retrain);
        assert!(!checkouts.is_empty());
        for checkout in checkouts {
            assert_eq!(
                checkout["with"]["persist-credentials"].as_bool(),
                Some(false),
                "{checkout:?}"
            );
        }
    }

    #[test]
    fn no_script_interpolates_an_expression() {
        // `run: echo ${{ github.event.pull_request.title }}` is script injection; values reach
        // scripts through `env:` only.
        for text in [WORKFLOW, RETRAIN_WORKFLOW] {
            for step in steps(&load(text)) {
                if let Some(run) = step["run"].as_str() {
                    assert!(!run.contains("${{"), "{run}");
                }
            }
        }
    }
}
