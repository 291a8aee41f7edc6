//! A parallel walk of a folder tree with a few std threads.
//!
//! Workers share one stack of folders still to list. Each lists a folder, hands it to the
//! [`Visitor`] (which reads what it needs right there, so file reads run in parallel too) and
//! pushes the subfolders the visitor wants. Symbolic links to folders are not followed (so a
//! link cannot make the walk loop), as Python's `Path.rglob` does not follow them either;
//! links to files are listed as files. Folders named in [`SKIPPED`] are never entered.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

/// Folders that never hold runs and can be huge.
pub const SKIPPED: [&str; 6] = [
    ".git",
    // Hugflow's own records in a run folder (a re-run's log and state).
    crate::artifacts::RECORD_DIR,
    "node_modules",
    "__pycache__",
    ".ipynb_checkpoints",
    ".venv",
];

/// One listed folder.
pub struct Dir {
    pub path: PathBuf,
    /// Relative to the walk's root with `/` separators; `""` for the root itself.
    pub rel: String,
    /// Names of the files in it (and of links to files) that are valid UTF-8, sorted.
    pub files: Vec<String>,
    /// Names of its subfolders, skipped ones left out, sorted.
    pub dirs: Vec<OsString>,
}

impl Dir {
    /// The root-relative path of an entry of this folder.
    pub fn child_rel(&self, name: &str) -> String {
        join_rel(&self.rel, name)
    }

    pub fn has_file(&self, name: &str) -> bool {
        self.files
            .binary_search_by(|f| f.as_str().cmp(name))
            .is_ok()
    }

    pub fn has_dir(&self, name: &str) -> bool {
        self.dirs.iter().any(|d| d == name)
    }
}

pub fn join_rel(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}/{name}")
    }
}

/// What the walk does with each folder. Each worker keeps its own `Acc`; the walk returns them.
pub trait Visitor: Sync {
    type Acc: Default + Send;
    /// Looks at a listed folder; returns whether to enter its subfolders.
    fn visit(&self, acc: &mut Self::Acc, dir: &Dir) -> bool;
    /// A folder below the root that could not be listed.
    fn unreadable(&self, acc: &mut Self::Acc, rel: &str, error: &io::Error);
}

struct Queue {
    stack: Vec<(PathBuf, String)>,
    busy: usize,
}

/// Walks `root` (already known to be a readable folder) with `workers` threads.
pub fn walk<V: Visitor>(root: &Path, workers: usize, visitor: &V) -> Vec<V::Acc> {
    let queue = Mutex::new(Queue {
        stack: vec![(root.to_path_buf(), String::new())],
        busy: 0,
    });
    let changed = Condvar::new();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers.max(1))
            .map(|_| scope.spawn(|| worker(&queue, &changed, visitor)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

fn worker<V: Visitor>(queue: &Mutex<Queue>, changed: &Condvar, visitor: &V) -> V::Acc {
    let mut acc = V::Acc::default();
    loop {
        let (path, rel) = {
            let mut q = queue.lock().unwrap_or_else(|p| p.into_inner());
            loop {
                if let Some(next) = q.stack.pop() {
                    q.busy += 1;
                    break next;
                }
                if q.busy == 0 {
                    changed.notify_all();
                    return acc;
                }
                q = changed.wait(q).unwrap_or_else(|p| p.into_inner());
            }
        };
        let children = match list(&path, rel) {
            Ok(dir) => {
                let enter = visitor.visit(&mut acc, &dir);
                if enter {
                    dir.dirs
                        .iter()
                        .map(|name| {
                            let rel = join_rel(&dir.rel, &name.to_string_lossy());
                            (dir.path.join(name), rel)
                        })
                        .collect()
                } else {
                    Vec::new()
                }
            }
            Err((rel, error)) => {
                visitor.unreadable(&mut acc, &rel, &error);
                Vec::new()
            }
        };
        let mut q = queue.lock().unwrap_or_else(|p| p.into_inner());
        q.busy -= 1;
        let pushed = !children.is_empty();
        // Reversed, so the stack pops them in name order (cheaper on the directory cache).
        q.stack.extend(children.into_iter().rev());
        if pushed || q.busy == 0 {
            changed.notify_all();
        }
    }
}

fn list(path: &Path, rel: String) -> Result<Dir, (String, io::Error)> {
    let entries = match fs::read_dir(path) {
        Ok(entries) => entries,
        Err(error) => return Err((rel, error)),
    };
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => return Err((rel, error)),
        };
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name();
        let is_file = if kind.is_symlink() {
            // A link to a file counts as the file; a link to a folder is not entered.
            fs::metadata(entry.path()).is_ok_and(|m| m.is_file())
        } else if kind.is_dir() {
            if !SKIPPED.iter().any(|s| name == *s) {
                dirs.push(name);
            }
            continue;
        } else {
            kind.is_file()
        };
        if is_file && let Ok(name) = name.into_string() {
            files.push(name);
        }
    }
    files.sort_unstable();
    dirs.sort_unstable();
    Ok(Dir {
        path: path.to_path_buf(),
        rel,
        files,
        dirs,
    })
}
