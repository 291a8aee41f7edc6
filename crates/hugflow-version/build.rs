//! Gives the crate the git commit it is built from, as `HUGFLOW_GIT_COMMIT`: `git rev-parse
//! --short HEAD` in a git checkout, else `unknown` (a source tarball, or no git installed).
//!
//! It lives in this leaf crate so that a new commit rebuilds only this crate and relinks its
//! users, instead of recompiling the CLI or the desktop's API crate.
//!
//! Reruns only when the commit can have changed: on `HEAD` (a checkout of another branch or
//! commit) and on the file of the branch it points to (a commit, a pull), or `packed-refs`
//! when the branch is packed. Paths come from `git rev-parse --git-path`, right in a worktree
//! too. Outside git it never reruns for this.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let commit = git(&["rev-parse", "--short", "HEAD"])
        .filter(|c| c.len() >= 7 && c.chars().all(|ch| ch.is_ascii_hexdigit()))
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=HUGFLOW_GIT_COMMIT={commit}");

    let mut watched = vec![git_path("HEAD")];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git_path(&branch));
        watched.push(git_path("packed-refs"));
    }
    let watched: Vec<PathBuf> = watched.into_iter().flatten().collect();
    // A missing file would make cargo rerun this on every build: watch only what exists.
    for path in watched.iter().filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    if watched.is_empty() {
        println!("cargo:rerun-if-changed=build.rs");
    }
}

/// What git prints for `args`, run in this crate's folder; `None` without git or a checkout.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

/// The file git keeps `name` in (`HEAD`, `refs/heads/main`, `packed-refs`), absolute.
fn git_path(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(git(&["rev-parse", "--git-path", name])?);
    Some(if path.is_absolute() {
        path
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
    })
}
