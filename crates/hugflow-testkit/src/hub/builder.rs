//! Building a [`FakeDataset`] by hand, for tests that need a precise repository: given files,
//! several branches and tags, gating, a viewer, and the viewer's `refs/convert/parquet`.
//!
//! ```
//! use hugflow_testkit::hub::{FakeDataset, Gated};
//! let dataset = FakeDataset::builder("acme/speech-ms")
//!     .file("README.md", "# Malay speech\n")
//!     .noise_file("data/train-00000-of-00001.parquet", 4096)
//!     .branch("dev", [])
//!     .tag_at("v1.0", "main")
//!     .gated(Gated::Manual)
//!     .access("hf_allowed")
//!     .build();
//! assert_eq!(dataset.main().files.len(), 2);
//! ```

use std::sync::Arc;

use bytes::Bytes;
use serde_json::Value;

use super::dataset::{
    Commit, FakeDataset, FakeFile, Gated, GitRef, RefKind, default_gitattributes,
};
use super::prng::{fake_sha, hash_strs};
use super::time::parse_rfc3339;
use super::viewer::Viewer;

enum Target {
    Files(Vec<FakeFile>),
    SameAs(String),
}

/// Builder for a hand-made dataset; `main` exists from the start.
pub struct DatasetBuilder {
    dataset: FakeDataset,
    refs: Vec<(String, RefKind, Target)>,
    shas: Vec<(String, String)>,
    convert: bool,
    /// Paths of `main`'s entries of unknown type.
    unknown: Vec<String>,
}

impl FakeDataset {
    /// A dataset with an empty `main` branch, public, not gated, created
    /// 2024-01-15T10:00:00.000Z and modified 2025-06-01T12:00:00.000Z.
    pub fn builder(id: &str) -> DatasetBuilder {
        let author = id.split_once('/').map_or("", |(author, _)| author);
        let created_at = parse_rfc3339("2024-01-15T10:00:00.000Z");
        DatasetBuilder {
            dataset: FakeDataset {
                id: id.to_string(),
                author: author.to_string(),
                object_id: object_id(created_at, id),
                created_at,
                last_modified: parse_rfc3339("2025-06-01T12:00:00.000Z"),
                private: false,
                gated: Gated::No,
                gated_access: Vec::new(),
                disabled: false,
                downloads: 0,
                likes: 0,
                tags: Vec::new(),
                description: String::new(),
                card_data: Value::Null,
                refs: Vec::new(),
                viewer: None,
            },
            refs: vec![("main".into(), RefKind::Branch, Target::Files(Vec::new()))],
            shas: Vec::new(),
            convert: false,
            unknown: Vec::new(),
        }
    }
}

/// A Mongo-style object id: the creation time in seconds, then bytes derived from the id.
pub fn object_id(created_at_ms: i64, id: &str) -> String {
    let seconds = (created_at_ms / 1000).clamp(0, i64::from(u32::MAX)) as u32;
    let tail = hash_strs(&["object", id]);
    format!("{seconds:08x}{tail:016x}")
}

impl DatasetBuilder {
    fn main_files(&mut self) -> &mut Vec<FakeFile> {
        match &mut self.refs[0].2 {
            Target::Files(files) => files,
            Target::SameAs(_) => unreachable!("main holds files"),
        }
    }

    /// Adds a file to `main`.
    pub fn add_file(mut self, file: FakeFile) -> Self {
        self.main_files().push(file);
        self
    }

    /// Adds a file with these bytes to `main`.
    pub fn file(self, path: &str, bytes: impl Into<Bytes>) -> Self {
        self.add_file(FakeFile::bytes(path, bytes))
    }

    /// Adds `size` bytes of deterministic noise to `main` (LFS for binary extensions and
    /// files of 10 MB and up).
    pub fn noise_file(self, path: &str, size: u64) -> Self {
        let file = FakeFile::noise(&self.dataset.id, path, size);
        self.add_file(file)
    }

    /// Adds `size` bytes of noise to `main`, stored with Xet: listed with `lfs` and `xetHash`,
    /// resolved with a 302 to the Xet bridge (see the fake's `resolve`).
    pub fn xet_file(self, path: &str, size: u64) -> Self {
        let file = FakeFile::noise(&self.dataset.id, path, size).with_xet();
        self.add_file(file)
    }

    /// Adds to `main`'s tree an entry of type `unknown` at `path` (neither file nor
    /// directory), which `/resolve/` does not serve.
    pub fn unknown_entry(mut self, path: &str) -> Self {
        self.unknown.push(path.into());
        self
    }

    /// Adds the Hub's default `.gitattributes` to `main`.
    pub fn gitattributes(self) -> Self {
        self.file(".gitattributes", default_gitattributes())
    }

    /// Adds a branch with these files.
    pub fn branch(mut self, name: &str, files: impl IntoIterator<Item = FakeFile>) -> Self {
        let files = files.into_iter().collect();
        self.refs
            .push((name.into(), RefKind::Branch, Target::Files(files)));
        self
    }

    /// Adds a tag holding these files.
    pub fn tag(mut self, name: &str, files: impl IntoIterator<Item = FakeFile>) -> Self {
        let files = files.into_iter().collect();
        self.refs
            .push((name.into(), RefKind::Tag, Target::Files(files)));
        self
    }

    /// Adds a tag pointing at the commit of an existing branch.
    pub fn tag_at(mut self, name: &str, branch: &str) -> Self {
        self.refs
            .push((name.into(), RefKind::Tag, Target::SameAs(branch.into())));
        self
    }

    /// Fixes the commit sha of a branch or tag (40 hex digits) instead of deriving it.
    pub fn sha(mut self, git_ref: &str, sha: &str) -> Self {
        self.shas.push((git_ref.into(), sha.into()));
        self
    }

    pub fn private(mut self, private: bool) -> Self {
        self.dataset.private = private;
        self
    }

    pub fn gated(mut self, gated: Gated) -> Self {
        self.dataset.gated = gated;
        self
    }

    /// Grants a token access to the (gated) dataset.
    pub fn access(mut self, token: &str) -> Self {
        self.dataset.gated_access.push(token.into());
        self
    }

    /// Disabled by the Hub: its info answers with `"disabled": true` (and so does the listing),
    /// its tree and files with `403 Access to this resource is disabled.`
    pub fn disabled(mut self) -> Self {
        self.dataset.disabled = true;
        self
    }

    pub fn downloads(mut self, downloads: u64) -> Self {
        self.dataset.downloads = downloads;
        self
    }

    pub fn likes(mut self, likes: u64) -> Self {
        self.dataset.likes = likes;
        self
    }

    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.dataset.tags.extend(tags.into_iter().map(Into::into));
        self
    }

    pub fn description(mut self, description: &str) -> Self {
        self.dataset.description = description.into();
        self
    }

    /// The README's front matter as JSON.
    pub fn card_data(mut self, card_data: Value) -> Self {
        self.dataset.card_data = card_data;
        self
    }

    /// Creation time, RFC 3339 (`2024-01-15T10:00:00.000Z`).
    pub fn created_at(mut self, rfc3339: &str) -> Self {
        self.dataset.created_at = parse_rfc3339(rfc3339);
        self.dataset.object_id = object_id(self.dataset.created_at, &self.dataset.id);
        self
    }

    /// Last modification time, RFC 3339.
    pub fn last_modified(mut self, rfc3339: &str) -> Self {
        self.dataset.last_modified = parse_rfc3339(rfc3339);
        self
    }

    pub fn viewer(mut self, viewer: Viewer) -> Self {
        self.dataset.viewer = Some(viewer);
        self
    }

    /// Adds `refs/convert/parquet` with `<config>/<split>/0000.parquet` for each split the
    /// viewer knows (set the viewer first or later; it is read at `build`).
    pub fn parquet_conversion(mut self) -> Self {
        self.convert = true;
        self
    }

    pub fn build(self) -> FakeDataset {
        let DatasetBuilder {
            mut dataset,
            refs,
            shas,
            convert,
            unknown,
        } = self;
        let id = dataset.id.clone();
        let sha_of = |name: &str, kind: RefKind| {
            shas.iter()
                .find(|(r, _)| r == name)
                .map(|(_, sha)| sha.clone())
                .unwrap_or_else(|| fake_sha(&["commit", &id, kind.prefix(), name]))
        };
        let mut built: Vec<GitRef> = Vec::new();
        let mut unknown = Some(unknown);
        for (name, kind, target) in refs {
            let commit = match target {
                // `main` comes first and takes the unknown entries.
                Target::Files(files) => Arc::new(
                    Commit::new(sha_of(&name, kind), files)
                        .with_unknown(unknown.take().unwrap_or_default()),
                ),
                Target::SameAs(branch) => built
                    .iter()
                    .find(|r| r.name == branch)
                    .unwrap_or_else(|| panic!("tag {name} points at unknown ref {branch}"))
                    .commit
                    .clone(),
            };
            built.push(GitRef { name, kind, commit });
        }
        if convert {
            let viewer = dataset.viewer.as_ref().unwrap_or_else(|| {
                panic!("{id}: parquet_conversion() needs a viewer (call .viewer(...))")
            });
            let commit = Commit::new(
                sha_of("parquet", RefKind::Convert),
                convert_files(&id, viewer),
            );
            built.push(GitRef {
                name: "parquet".into(),
                kind: RefKind::Convert,
                commit: Arc::new(commit),
            });
        }
        built.sort_by_key(|r| r.kind as u8);
        dataset.refs = built;
        dataset
    }
}

/// The files of `refs/convert/parquet`: `.gitattributes` and one small parquet shard
/// `<config>/<split>/0000.parquet` per split.
pub fn convert_files(id: &str, viewer: &Viewer) -> Vec<FakeFile> {
    let mut files = vec![FakeFile::bytes(".gitattributes", default_gitattributes())];
    for config in &viewer.configs {
        for split in &config.splits {
            let path = format!("{}/{}/0000.parquet", config.name, split.name);
            let size = 512 + hash_strs(&[id, &path]) % 3584;
            files.push(FakeFile::noise(id, path, size));
        }
    }
    files
}
