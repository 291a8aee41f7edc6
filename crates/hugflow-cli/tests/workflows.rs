//! Every GitHub Actions workflow we ship passes actionlint: the repository's own
//! (`.github/workflows/`, the release) and the ones `hugflow init --workflow` writes into a
//! user's GitOps repository, run for real so what is linted is what users get.
//!
//! actionlint comes from `make deps-actionlint` (`target/tools/actionlint/`), else from `PATH`.
//! Without it these tests fail: a workflow that is not checked must not pass as checked. When
//! `shellcheck` (or `pyflakes`) is on `PATH`, actionlint also checks the `run:` scripts with it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root")
}

fn actionlint() -> PathBuf {
    let local = workspace_root().join("target/tools/actionlint/bin/actionlint");
    if local.is_file() {
        return local;
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("actionlint"))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "actionlint is not installed (looked for {} and on PATH): run `make deps-actionlint`",
                local.display()
            )
        })
}

/// The workflow files of a repository, sorted; at least one.
fn workflows(repository: &Path) -> Vec<PathBuf> {
    let dir = repository.join(".github/workflows");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "yml" || ext == "yaml")
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no workflow under {}", dir.display());
    files
}

/// Runs actionlint over `files` from the repository they belong to; fails with its report.
fn assert_lints_clean(repository: &Path, files: &[PathBuf]) {
    let linter = actionlint();
    let output = Command::new(&linter)
        .arg("-no-color")
        .args(files)
        .current_dir(repository)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", linter.display()));
    assert!(
        output.status.success(),
        "actionlint ({}) found problems in {} ({}):\n{}{}",
        linter.display(),
        repository.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
}

#[test]
fn the_repositorys_workflows_pass_actionlint() {
    let root = workspace_root();
    let files = workflows(&root);
    assert!(
        files.iter().any(|file| file.ends_with("release.yml")),
        "{files:?}"
    );
    assert_lints_clean(&root, &files);
}

#[test]
fn the_workflows_hugflow_init_writes_pass_actionlint() {
    let dir = tempfile::tempdir().unwrap();
    let repository = dir.path().join("gitops");
    assert_cmd::Command::cargo_bin("hugflow")
        .unwrap()
        .args(["init", "--workflow", "--root"])
        .arg(&repository)
        .assert()
        .success();
    let files = workflows(&repository);
    let names: Vec<_> = files
        .iter()
        .map(|file| file.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["dataset-sync.yml", "retrain.yml"]);
    assert_lints_clean(&repository, &files);
}
