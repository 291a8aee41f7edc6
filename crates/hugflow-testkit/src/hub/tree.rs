//! A commit's files as the tree endpoint lists them: directories and files, depth first,
//! directories before files at each level (the Hub's order), and the slice of that listing
//! that one `tree/{revision}/{path}` request covers.

use std::collections::BTreeMap;

use super::prng::fake_sha;

/// One entry of a commit's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeItem {
    pub path: String,
    pub kind: TreeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeKind {
    /// Index into the commit's sorted files.
    File(usize),
    /// A directory and its (derived) tree id.
    Directory { oid: String },
    /// An entry of another type (`"type": "unknown"`), with a derived id.
    Unknown { oid: String },
}

#[derive(Default)]
struct Node<'a> {
    dirs: BTreeMap<&'a str, Node<'a>>,
    files: Vec<usize>,
    unknown: Vec<&'a str>,
}

impl TreeItem {
    /// The full listing of `files` (sorted by path) in commit `sha`.
    pub fn walk(sha: &str, files: &[impl HasPath]) -> Vec<TreeItem> {
        Self::walk_with_unknown(sha, files, &[])
    }

    /// The listing of `files` and of entries of unknown type at the paths `unknown` (after the
    /// files of their directory).
    pub fn walk_with_unknown(
        sha: &str,
        files: &[impl HasPath],
        unknown: &[String],
    ) -> Vec<TreeItem> {
        let mut root = Node::default();
        fn parent<'a, 'n>(mut node: &'n mut Node<'a>, path: &'a str) -> &'n mut Node<'a> {
            if let Some((dirs, _)) = path.rsplit_once('/') {
                for part in dirs.split('/') {
                    node = node.dirs.entry(part).or_default();
                }
            }
            node
        }
        for (index, file) in files.iter().enumerate() {
            parent(&mut root, file.path_str()).files.push(index);
        }
        for path in unknown {
            parent(&mut root, path).unknown.push(path);
        }
        let mut out = Vec::with_capacity(files.len());
        emit(sha, &root, "", files, &mut out);
        out
    }

    /// The directory holding this entry (`""` at the root).
    pub fn parent(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(parent, _)| parent)
    }
}

fn emit(sha: &str, node: &Node, prefix: &str, files: &[impl HasPath], out: &mut Vec<TreeItem>) {
    for (name, child) in &node.dirs {
        let path = if prefix.is_empty() {
            (*name).to_string()
        } else {
            format!("{prefix}/{name}")
        };
        out.push(TreeItem {
            path: path.clone(),
            kind: TreeKind::Directory {
                oid: fake_sha(&["tree", sha, &path]),
            },
        });
        emit(sha, child, &path, files, out);
    }
    for &index in &node.files {
        out.push(TreeItem {
            path: files[index].path_str().to_string(),
            kind: TreeKind::File(index),
        });
    }
    for &path in &node.unknown {
        out.push(TreeItem {
            path: path.to_string(),
            kind: TreeKind::Unknown {
                oid: fake_sha(&["unknown", sha, path]),
            },
        });
    }
}

/// Anything with a repository path (a file of a commit).
pub trait HasPath {
    fn path_str(&self) -> &str;
}

impl HasPath for super::dataset::FakeFile {
    fn path_str(&self) -> &str {
        &self.path
    }
}

impl HasPath for String {
    fn path_str(&self) -> &str {
        self
    }
}

/// The entries one listing request covers: the children of directory `dir` (`""` is the
/// root), or all its descendants when `recursive`. `None` when `dir` is not a directory.
pub fn select<'a>(items: &'a [TreeItem], dir: &str, recursive: bool) -> Option<Vec<&'a TreeItem>> {
    let dir = dir.trim_matches('/');
    if !dir.is_empty()
        && !items
            .iter()
            .any(|item| item.path == dir && matches!(item.kind, TreeKind::Directory { .. }))
    {
        return None;
    }
    Some(
        items
            .iter()
            .filter(|item| {
                if recursive {
                    dir.is_empty()
                        || item
                            .path
                            .strip_prefix(dir)
                            .is_some_and(|rest| rest.starts_with('/'))
                } else {
                    item.parent() == dir
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(items: &[&TreeItem]) -> Vec<String> {
        items.iter().map(|i| i.path.clone()).collect()
    }

    #[test]
    fn directories_come_first_depth_first() {
        let files: Vec<String> = ["README.md", "a/x.txt", "a/b/y.txt", "c/z.txt", "d.txt"]
            .into_iter()
            .map(String::from)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let items = TreeItem::walk("sha", &files);
        let all: Vec<&TreeItem> = items.iter().collect();
        assert_eq!(
            paths(&all),
            [
                "a",
                "a/b",
                "a/b/y.txt",
                "a/x.txt",
                "c",
                "c/z.txt",
                "README.md",
                "d.txt"
            ]
        );
        assert_eq!(
            paths(&select(&items, "", false).unwrap()),
            ["a", "c", "README.md", "d.txt"]
        );
        assert_eq!(
            paths(&select(&items, "a", true).unwrap()),
            ["a/b", "a/b/y.txt", "a/x.txt"]
        );
        assert!(select(&items, "d.txt", false).is_none());
        assert!(select(&items, "nope", true).is_none());
    }

    #[test]
    fn unknown_entries_follow_the_files_of_their_directory() {
        let files: Vec<String> = vec!["a/x.txt".into(), "b.txt".into()];
        let unknown = vec!["a/module".into(), "vendor/lib".into(), "top".into()];
        let items = TreeItem::walk_with_unknown("sha", &files, &unknown);
        let all: Vec<&TreeItem> = items.iter().collect();
        assert_eq!(
            paths(&all),
            [
                "a",
                "a/x.txt",
                "a/module",
                "vendor",
                "vendor/lib",
                "b.txt",
                "top"
            ]
        );
        assert!(matches!(items[2].kind, TreeKind::Unknown { ref oid } if oid.len() == 40));
    }
}
