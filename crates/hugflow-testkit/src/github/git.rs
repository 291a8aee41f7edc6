//! A bare repository driven with git's own plumbing, so every branch the fake GitHub shows
//! holds real commits: `git clone` of [`Git::dir`] fetches exactly what the API wrote.

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
        let index = tempfile::NamedTempFile::new()?;
        let index_path = index.path().to_string_lossy().to_string();
        // `read-tree` wants to create the index itself.
        drop(index);
        let env = [("GIT_INDEX_FILE", index_path.as_str())];
        match parent {
            Some(parent) => self.run(&["read-tree", parent], None, &env)?,
            None => self.run(&["read-tree", "--empty"], None, &env)?,
        };
        for (path, bytes) in files {
            let blob = self.text(&["hash-object", "-w", "--stdin"], Some(bytes), &[])?;
            let info = format!("100644,{blob},{path}");
            self.run(&["update-index", "--add", "--cacheinfo", &info], None, &env)?;
        }
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

fn signature_env<'a>(author: Signature<'a>) -> [(&'static str, &'a str); 4] {
    [
        ("GIT_AUTHOR_NAME", author.name),
        ("GIT_AUTHOR_EMAIL", author.email),
        ("GIT_COMMITTER_NAME", author.name),
        ("GIT_COMMITTER_EMAIL", author.email),
    ]
}
