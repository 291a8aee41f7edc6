//! A bare repository driven with git's own plumbing, so every branch the fake GitHub shows
//! holds real commits: `git clone` of [`Git::dir`] fetches exactly what the API wrote.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Who a commit is by.
#[derive(Debug, Clone, Copy)]
pub struct Signature<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

#[derive(Debug, Clone)]
pub struct Git {
    dir: PathBuf,
}

/// Two branches change the same lines.
#[derive(Debug)]
pub struct MergeConflict;

impl Git {
    /// `git init --bare` with `branch` as HEAD.
    pub fn init_bare(dir: &Path, branch: &str) -> io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let git = Self {
            dir: dir.to_path_buf(),
        };
        git.run(&["init", "--quiet", "--bare", "-b", branch], None, &[])?;
        Ok(git)
    }

    /// `git clone --bare` of `source` into `dir` (a fork).
    pub fn clone_bare(source: &Git, dir: &Path) -> io::Result<Self> {
        let status = Command::new("git")
            .args(["clone", "--quiet", "--bare"])
            .arg(&source.dir)
            .arg(dir)
            .stdin(Stdio::null())
            .status()?;
        if !status.success() {
            return Err(io::Error::other(format!(
                "git clone --bare {} failed",
                source.dir.display()
            )));
        }
        Ok(Self {
            dir: dir.to_path_buf(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn run(
        &self,
        args: &[&str],
        stdin: Option<&[u8]>,
        env: &[(&str, &str)],
    ) -> io::Result<Vec<u8>> {
        let mut command = Command::new("git");
        command
            .arg("--git-dir")
            .arg(&self.dir)
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .envs(env.iter().copied())
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn()?;
        if let Some(input) = stdin {
            child
                .stdin
                .take()
                .expect("stdin is piped")
                .write_all(input)?;
        }
        let output = child.wait_with_output()?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            Err(io::Error::other(format!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            )))
        }
    }

    fn text(
        &self,
        args: &[&str],
        stdin: Option<&[u8]>,
        env: &[(&str, &str)],
    ) -> io::Result<String> {
        let out = self.run(args, stdin, env)?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// The commit `name` (a full ref or a sha) points to.
    pub fn resolve(&self, name: &str) -> Option<String> {
        self.text(
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{name}^{{commit}}"),
            ],
            None,
            &[],
        )
        .ok()
        .filter(|sha| !sha.is_empty())
    }

    /// A new commit on top of `parent` (none for the first) that writes `files`.
    pub fn commit_files(
        &self,
        parent: Option<&str>,
        files: &[(&str, &[u8])],
        message: &str,
        author: Signature<'_>,
    ) -> io::Result<String> {
        let changes: Vec<(&str, Option<&[u8]>)> = files
            .iter()
            .map(|(path, bytes)| (*path, Some(*bytes)))
            .collect();
        self.commit_changes(parent, &changes, message, author)
    }

    /// A new commit on top of `parent` (none for the first) that writes each `(path, Some(bytes))`
    /// and removes each `(path, None)`, staged with one `update-index --index-info`.
    pub fn commit_changes(
        &self,
        parent: Option<&str>,
        changes: &[(&str, Option<&[u8]>)],
        message: &str,
        author: Signature<'_>,
    ) -> io::Result<String> {
        let index = tempfile::NamedTempFile::new()?;
        let index_path = index.path().to_string_lossy().to_string();
        // `read-tree` wants to create the index itself.
        drop(index);
        let env = [("GIT_INDEX_FILE", index_path.as_str())];
        match parent {
            Some(parent) => self.run(&["read-tree", parent], None, &env)?,
            None => self.run(&["read-tree", "--empty"], None, &env)?,
        };
        let mut info = String::new();
        for (path, bytes) in changes {
            if path.contains(['\n', '\t']) {
                return Err(io::Error::other(format!(
                    "the fake GitHub cannot store a path with a tab or newline: {path:?}"
                )));
            }
            match bytes {
                Some(bytes) => {
                    let blob = self.text(&["hash-object", "-w", "--stdin"], Some(bytes), &[])?;
                    info.push_str(&format!("100644 {blob}\t{path}\n"));
                }
                // Mode 0 drops the path from the index.
                None => info.push_str(&format!("0 {}\t{path}\n", "0".repeat(40))),
            }
        }
        self.run(
            &["update-index", "--index-info"],
            Some(info.as_bytes()),
            &env,
        )?;
        let tree = self.text(&["write-tree"], None, &env)?;
        let _ = std::fs::remove_file(&index_path);
        let mut args = vec!["commit-tree", tree.as_str(), "-m", message];
        if let Some(parent) = parent {
            args.extend(["-p", parent]);
        }
        self.text(&args, None, &signature_env(author))
    }

    /// Moves `name` to `new` if it still points at `old` (`None`: it must not exist).
    pub fn update_ref(&self, name: &str, new: &str, old: Option<&str>) -> io::Result<()> {
        let zero = "0".repeat(40);
        let old = old.unwrap_or(&zero);
        self.run(&["update-ref", name, new, old], None, &[])
            .map(drop)
    }

    pub fn delete_ref(&self, name: &str) -> io::Result<()> {
        self.run(&["update-ref", "-d", name], None, &[]).map(drop)
    }

    /// A file's blob id and bytes at `commit`.
    pub fn file_at(&self, commit: &str, path: &str) -> Option<(String, Vec<u8>)> {
        let spec = format!("{commit}:{path}");
        let blob = self
            .text(&["rev-parse", "--verify", "--quiet", &spec], None, &[])
            .ok()?;
        let kind = self.text(&["cat-file", "-t", &blob], None, &[]).ok()?;
        if kind != "blob" {
            return None;
        }
        let bytes = self.run(&["cat-file", "blob", &blob], None, &[]).ok()?;
        Some((blob, bytes))
    }

    /// Commits on `head` that `base` does not have.
    pub fn commits_between(&self, base: &str, head: &str) -> io::Result<u64> {
        let count = self.text(
            &["rev-list", "--count", &format!("{base}..{head}")],
            None,
            &[],
        )?;
        Ok(count.parse().unwrap_or(0))
    }

    /// The best common ancestor of two commits.
    pub fn merge_base(&self, a: &str, b: &str) -> io::Result<String> {
        self.text(&["merge-base", a, b], None, &[])
    }

    /// What changed from `base` to `head`, renames detected, in git's path order.
    pub fn diff(&self, base: &str, head: &str) -> io::Result<Vec<FileChange>> {
        let raw = self.run(
            &["diff", "-z", "--raw", "--no-abbrev", "-M", base, head],
            None,
            &[],
        )?;
        let numstat = self.run(&["diff", "-z", "--numstat", "-M", base, head], None, &[])?;
        let mut changes = parse_raw(&raw)?;
        let counts = parse_numstat(&numstat);
        for change in &mut changes {
            if let Some(&(added, deleted)) = counts.get(&change.path) {
                change.additions = added;
                change.deletions = deleted;
            }
        }
        Ok(changes)
    }

    /// A merge commit of `head` into `base`, as GitHub's "Create a merge commit" makes.
    pub fn merge(
        &self,
        base: &str,
        head: &str,
        message: &str,
        author: Signature<'_>,
    ) -> Result<String, MergeConflict> {
        let tree = self
            .text(&["merge-tree", "--write-tree", base, head], None, &[])
            .map_err(|_| MergeConflict)?;
        let tree = tree.lines().next().unwrap_or_default().to_string();
        self.text(
            &["commit-tree", &tree, "-p", base, "-p", head, "-m", message],
            None,
            &signature_env(author),
        )
        .map_err(|_| MergeConflict)
    }

    /// Copies `source_ref` of `other` into `target_ref` here (a fork's branch into
    /// `refs/pull/N/head`, as GitHub does).
    pub fn fetch(&self, other: &Git, source_ref: &str, target_ref: &str) -> io::Result<()> {
        let other_dir = other.dir.to_string_lossy().to_string();
        let spec = format!("+{source_ref}:{target_ref}");
        self.run(&["fetch", "--quiet", &other_dir, &spec], None, &[])
            .map(drop)
    }
}

/// One file of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// `A`, `D`, `M`, `R` or `T` (git's letters; `R` without its score).
    pub status: char,
    pub path: String,
    /// The path before a rename.
    pub old_path: Option<String>,
    /// The blob before (`None` when added).
    pub old_blob: Option<String>,
    /// The blob after (`None` when removed).
    pub new_blob: Option<String>,
    /// Lines; 0 for binary files, as GitHub counts them.
    pub additions: u64,
    pub deletions: u64,
}

/// `git diff -z --raw`: `:old_mode new_mode old_sha new_sha STATUS\0path\0[new_path\0]`.
fn parse_raw(raw: &[u8]) -> io::Result<Vec<FileChange>> {
    let fields: Vec<String> = raw
        .split(|b| *b == 0)
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    let mut fields = fields.into_iter().filter(|f| !f.is_empty());
    let mut changes = Vec::new();
    let zero = "0".repeat(40);
    while let Some(header) = fields.next() {
        let parts: Vec<&str> = header.trim_start_matches(':').split(' ').collect();
        let [_, _, old_blob, new_blob, status] = parts.as_slice() else {
            return Err(io::Error::other(format!(
                "git diff --raw printed {header:?}, not `:mode mode sha sha status`"
            )));
        };
        let letter = status.chars().next().unwrap_or('M');
        let first = fields.next().ok_or_else(|| {
            io::Error::other(format!("git diff --raw printed no path after {header:?}"))
        })?;
        let (old_path, path) = if matches!(letter, 'R' | 'C') {
            let second = fields.next().ok_or_else(|| {
                io::Error::other(format!("git diff --raw printed no new path for {first:?}"))
            })?;
            (Some(first), second)
        } else {
            (None, first)
        };
        let blob = |sha: &str| (*sha != zero).then(|| sha.to_string());
        changes.push(FileChange {
            status: letter,
            path,
            old_path,
            old_blob: blob(old_blob),
            new_blob: blob(new_blob),
            additions: 0,
            deletions: 0,
        });
    }
    Ok(changes)
}

/// `git diff -z --numstat`: `added\tdeleted\tpath\0`, or for a rename
/// `added\tdeleted\t\0old\0new\0`; binary files count `-`. Keyed by the new path.
fn parse_numstat(raw: &[u8]) -> HashMap<String, (u64, u64)> {
    let fields: Vec<String> = raw
        .split(|b| *b == 0)
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    let mut fields = fields.into_iter();
    let mut counts = HashMap::new();
    while let Some(record) = fields.next() {
        let mut parts = record.splitn(3, '\t');
        let (Some(added), Some(deleted), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let path = if path.is_empty() {
            let _old = fields.next();
            fields.next().unwrap_or_default()
        } else {
            path.to_string()
        };
        counts.insert(
            path,
            (added.parse().unwrap_or(0), deleted.parse().unwrap_or(0)),
        );
    }
    counts
}

fn signature_env<'a>(author: Signature<'a>) -> [(&'static str, &'a str); 4] {
    [
        ("GIT_AUTHOR_NAME", author.name),
        ("GIT_AUTHOR_EMAIL", author.email),
        ("GIT_COMMITTER_NAME", author.name),
        ("GIT_COMMITTER_EMAIL", author.email),
    ]
}
