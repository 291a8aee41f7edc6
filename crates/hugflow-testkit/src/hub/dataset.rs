//! One dataset repository as the fake Hub holds it: its listing fields, card, refs (branches,
//! tags, `refs/convert/parquet`), each ref's commit with its files, and its viewer data.
//!
//! Build one by hand with [`FakeDataset::builder`]; the corpus generator builds them the same
//! way. A file's size and hashes are computed on first use and kept.

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use serde_json::Value;

use super::content::{Content, Digest, Noise, git_blob_oid, lfs_pointer};
use super::prng::hash_strs;
use super::tree::TreeItem;
use super::viewer::Viewer;

/// Extensions the Hub's default `.gitattributes` stores with LFS.
const LFS_EXTENSIONS: &[&str] = &[
    "parquet",
    "arrow",
    "flac",
    "wav",
    "mp3",
    "ogg",
    "opus",
    "m4a",
    "webm",
    "mp4",
    "jpg",
    "jpeg",
    "png",
    "webp",
    "tar",
    "gz",
    "zip",
    "zst",
    "bin",
    "npy",
    "npz",
    "pt",
    "safetensors",
    "h5",
    "tfrecord",
    "pkl",
    "7z",
    "bz2",
    "xz",
    "lz4",
];

/// The `.gitattributes` the Hub creates for a new dataset: every LFS extension, `*.jsonl`
/// left to git. Built once and shared.
pub fn default_gitattributes() -> Bytes {
    static TEXT: OnceLock<Bytes> = OnceLock::new();
    TEXT.get_or_init(|| {
        let mut text = String::new();
        for ext in LFS_EXTENSIONS {
            text.push_str(&format!("*.{ext} filter=lfs diff=lfs merge=lfs -text\n"));
        }
        text.push_str("# Audio files - uncompressed\n*.pcm filter=lfs diff=lfs merge=lfs -text\n");
        Bytes::from(text)
    })
    .clone()
}

/// Files at least this big go to LFS whatever their extension (the Hub's 10 MB rule).
const LFS_MIN_SIZE: u64 = 10 * 1024 * 1024;

/// Whether a dataset needs an access request before its files can be downloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gated {
    #[default]
    No,
    Auto,
    Manual,
}

impl Gated {
    /// The Hub's JSON: `false`, `"auto"` or `"manual"`.
    pub fn to_json(self) -> Value {
        match self {
            Self::No => Value::Bool(false),
            Self::Auto => Value::from("auto"),
            Self::Manual => Value::from("manual"),
        }
    }
}

/// A file in a commit.
#[derive(Debug)]
pub struct FakeFile {
    pub path: String,
    pub content: Content,
    lfs: Option<bool>,
    /// Stored with Xet (huggingface.co's storage since 2025): an LFS file whose tree entry also
    /// carries `xetHash` and whose `/resolve/` redirects to the Xet bridge.
    xet: bool,
    facts: OnceLock<Box<FileFacts>>,
}

/// What the Hub reports about a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFacts {
    /// The file's real size.
    pub size: u64,
    /// The git blob id the tree holds: of the content, or of the LFS pointer for LFS files.
    pub oid: String,
    /// The git blob id of the content itself (equals `oid` for non-LFS files).
    pub content_oid: String,
    /// `sha256` of the content.
    pub sha256: String,
    /// Set for LFS files.
    pub lfs: Option<LfsFacts>,
    /// The tree entry's `xetHash` (64 hex digits), set for Xet files.
    pub xet_hash: Option<String>,
    /// The content, for files that are not noise (noise is produced on demand).
    pub bytes: Option<Bytes>,
}

/// The `lfs` object of a tree entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LfsFacts {
    pub sha256: String,
    pub size: u64,
    pub pointer_size: u64,
}

impl FakeFile {
    /// A file whose LFS storage follows the Hub's defaults (binary extensions, or 10 MB and up).
    pub fn new(path: impl Into<String>, content: Content) -> Self {
        Self {
            path: path.into(),
            content,
            lfs: None,
            xet: false,
            facts: OnceLock::new(),
        }
    }

    /// A file holding exactly `bytes`.
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        Self::new(path, Content::Bytes(bytes.into()))
    }

    /// `size` bytes of noise seeded by `(dataset_id, path)`, with the magic bytes its extension
    /// calls for (`PAR1` for parquet, `fLaC`, a RIFF/WAVE header, ...).
    pub fn noise(dataset_id: &str, path: impl Into<String>, size: u64) -> Self {
        let path = path.into();
        let noise = framed_noise(hash_strs(&[dataset_id, &path]), &path, size);
        Self::new(path, Content::Noise(noise))
    }

    /// Forces LFS storage on or off.
    pub fn with_lfs(mut self, lfs: bool) -> Self {
        self.lfs = Some(lfs);
        self
    }

    /// Stores the file with Xet (and so with LFS): its tree entry carries `xetHash` and
    /// `/resolve/` redirects to the Xet bridge, as huggingface.co serves files uploaded since
    /// its move to Xet storage.
    pub fn with_xet(mut self) -> Self {
        self.lfs = Some(true);
        self.xet = true;
        self
    }

    /// Whether the file is stored with Xet.
    pub fn is_xet(&self) -> bool {
        self.xet
    }

    /// Size, hashes and (for non-noise content) bytes, computed once.
    pub fn facts(&self) -> &FileFacts {
        self.facts.get_or_init(|| {
            let (digest, bytes) = match &self.content {
                Content::Bytes(bytes) => (Digest::of(bytes), Some(bytes.clone())),
                Content::Rendered(render) => {
                    let bytes = render();
                    (Digest::of(&bytes), Some(bytes))
                }
                Content::Noise(noise) => (Digest::of_noise(noise), None),
            };
            let lfs = self.is_lfs_given(digest.size).then(|| {
                let pointer = lfs_pointer(&digest.sha256, digest.size);
                (
                    LfsFacts {
                        sha256: digest.sha256.clone(),
                        size: digest.size,
                        pointer_size: pointer.len() as u64,
                    },
                    git_blob_oid(pointer.as_bytes()),
                )
            });
            let oid = lfs
                .as_ref()
                .map_or_else(|| digest.git_oid.clone(), |(_, oid)| oid.clone());
            let digest_sha256 = digest.sha256.clone();
            Box::new(FileFacts {
                size: digest.size,
                oid,
                content_oid: digest.git_oid,
                sha256: digest.sha256,
                lfs: lfs.map(|(facts, _)| facts),
                xet_hash: self.xet.then(|| xet_hash(&digest_sha256)),
                bytes,
            })
        })
    }

    /// The file's size, without hashing noise.
    pub fn size(&self) -> u64 {
        match &self.content {
            Content::Noise(noise) => noise.size,
            _ => self.facts().size,
        }
    }

    /// Whether the file is stored with LFS (the resolve endpoint then redirects to the CDN).
    pub fn is_lfs(&self) -> bool {
        self.is_lfs_given(self.size())
    }

    fn is_lfs_given(&self, size: u64) -> bool {
        self.lfs.unwrap_or_else(|| {
            let extension = self.path.rsplit_once('.').map_or("", |(_, ext)| ext);
            size >= LFS_MIN_SIZE
                || LFS_EXTENSIONS
                    .iter()
                    .any(|lfs| lfs.eq_ignore_ascii_case(extension))
        })
    }

    /// Bytes `offset..offset + len` of the content.
    pub fn read(&self, offset: u64, len: usize) -> Bytes {
        match &self.content {
            Content::Noise(noise) => noise.read(offset, len),
            _ => {
                let bytes = self
                    .facts()
                    .bytes
                    .as_ref()
                    .expect("non-noise bytes are kept");
                bytes.slice(offset as usize..offset as usize + len)
            }
        }
    }
}

/// A Xet file hash for content of this sha256. The real one is the root of a Merkle tree over
/// the content's chunks (64 hex digits); clients only carry it, so any stable 64-hex value
/// that differs from the sha256 has its shape.
fn xet_hash(sha256: &str) -> String {
    super::content::Digest::of(format!("xet-file-hash {sha256}").as_bytes()).sha256
}

/// Noise with the magic bytes a file of this extension starts (and ends) with.
fn framed_noise(seed: u64, path: &str, size: u64) -> Noise {
    let noise = Noise::new(seed, size);
    let extension = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension {
        "parquet" => noise.framed(&b"PAR1"[..], &b"PAR1"[..]),
        "flac" => noise.framed(&b"fLaC\0\0\0\x22"[..], Bytes::new()),
        "wav" => noise.framed(wav_header(size), Bytes::new()),
        "jpg" | "jpeg" => noise.framed(&b"\xFF\xD8\xFF\xE0\0\x10JFIF\0"[..], &b"\xFF\xD9"[..]),
        "png" => noise.framed(&b"\x89PNG\r\n\x1a\n"[..], Bytes::new()),
        _ => noise,
    }
}

/// A 44-byte RIFF/WAVE header for 16 kHz mono 16-bit PCM whose data fills a `size`-byte file,
/// so a generated `.wav` is real (noisy) audio.
pub fn wav_header(size: u64) -> Bytes {
    let data = u32::try_from(size.saturating_sub(44)).unwrap_or(u32::MAX);
    let mut header = Vec::with_capacity(44);
    header.extend_from_slice(b"RIFF");
    header.extend_from_slice(&data.saturating_add(36).to_le_bytes());
    header.extend_from_slice(b"WAVEfmt ");
    header.extend_from_slice(&16u32.to_le_bytes());
    header.extend_from_slice(&1u16.to_le_bytes()); // PCM
    header.extend_from_slice(&1u16.to_le_bytes()); // mono
    header.extend_from_slice(&16_000u32.to_le_bytes());
    header.extend_from_slice(&32_000u32.to_le_bytes());
    header.extend_from_slice(&2u16.to_le_bytes());
    header.extend_from_slice(&16u16.to_le_bytes());
    header.extend_from_slice(b"data");
    header.extend_from_slice(&data.to_le_bytes());
    Bytes::from(header)
}

/// A commit: its id and its files, sorted by path.
#[derive(Debug)]
pub struct Commit {
    pub sha: String,
    pub files: Vec<FakeFile>,
    /// Paths of tree entries of a type other than `file` or `directory` (the Hub's JS client
    /// types entries `"file" | "directory" | "unknown"`): listed by the tree, never served.
    pub unknown: Vec<String>,
    tree: OnceLock<Vec<TreeItem>>,
}

impl Commit {
    /// A commit of these files (sorted by path; a later file replaces an earlier one of the
    /// same path).
    pub fn new(sha: String, mut files: Vec<FakeFile>) -> Self {
        files.reverse();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|later, earlier| later.path == earlier.path);
        Self {
            sha,
            files,
            unknown: Vec::new(),
            tree: OnceLock::new(),
        }
    }

    /// Adds entries of type `unknown` at these paths to the tree listing.
    pub fn with_unknown(mut self, paths: Vec<String>) -> Self {
        self.unknown = paths;
        self.tree = OnceLock::new();
        self
    }

    pub fn file(&self, path: &str) -> Option<&FakeFile> {
        self.files
            .binary_search_by(|file| file.path.as_str().cmp(path))
            .ok()
            .map(|index| &self.files[index])
    }

    /// Every directory and file, depth first, directories before files at each level.
    pub fn tree(&self) -> &[TreeItem] {
        self.tree
            .get_or_init(|| TreeItem::walk_with_unknown(&self.sha, &self.files, &self.unknown))
    }

    /// The sum of the file sizes.
    pub fn size(&self) -> u64 {
        self.files.iter().map(FakeFile::size).sum()
    }
}

/// Which namespace a ref lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// `refs/heads/<name>`
    Branch,
    /// `refs/tags/<name>`
    Tag,
    /// `refs/convert/<name>` (the viewer's `refs/convert/parquet`)
    Convert,
}

impl RefKind {
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Branch => "refs/heads/",
            Self::Tag => "refs/tags/",
            Self::Convert => "refs/convert/",
        }
    }
}

/// A named ref and the commit it points at.
#[derive(Debug, Clone)]
pub struct GitRef {
    pub name: String,
    pub kind: RefKind,
    pub commit: Arc<Commit>,
}

impl GitRef {
    /// `refs/heads/main`, `refs/tags/v1.0`, `refs/convert/parquet`.
    pub fn full_name(&self) -> String {
        format!("{}{}", self.kind.prefix(), self.name)
    }
}

/// A dataset repository.
#[derive(Debug)]
pub struct FakeDataset {
    /// `author/name` (or a bare `name` for the Hub's legacy canonical datasets).
    pub id: String,
    pub author: String,
    /// The Mongo-style `_id` (24 hex digits).
    pub object_id: String,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    pub last_modified: i64,
    pub private: bool,
    pub gated: Gated,
    /// Tokens that were granted access to a gated dataset.
    pub gated_access: Vec<String>,
    pub disabled: bool,
    pub downloads: u64,
    pub likes: u64,
    pub tags: Vec<String>,
    pub description: String,
    /// The README's YAML front matter as JSON (`null` when there is none).
    pub card_data: Value,
    /// Branches first (`main` is the default branch), then tags and converts.
    pub refs: Vec<GitRef>,
    pub viewer: Option<Viewer>,
}

impl FakeDataset {
    /// The commit of the default branch (`main`, else the first branch).
    pub fn main(&self) -> &Arc<Commit> {
        self.refs
            .iter()
            .find(|r| r.kind == RefKind::Branch && r.name == "main")
            .or_else(|| self.refs.first())
            .map(|r| &r.commit)
            .expect("a dataset has at least one branch")
    }

    /// The commit a revision names: a branch or tag name, a full ref (`refs/heads/x`,
    /// `refs/convert/parquet`), or a commit sha of one of the refs.
    pub fn resolve(&self, revision: &str) -> Option<&Arc<Commit>> {
        let by_name = |kind: RefKind, name: &str| {
            self.refs
                .iter()
                .find(|r| r.kind == kind && r.name == name)
                .map(|r| &r.commit)
        };
        if let Some(commit) = by_name(RefKind::Branch, revision) {
            return Some(commit);
        }
        if let Some(commit) = by_name(RefKind::Tag, revision) {
            return Some(commit);
        }
        for kind in [RefKind::Branch, RefKind::Tag, RefKind::Convert] {
            if let Some(name) = revision.strip_prefix(kind.prefix())
                && let Some(commit) = by_name(kind, name)
            {
                return Some(commit);
            }
        }
        (revision.len() == 40)
            .then(|| {
                self.refs
                    .iter()
                    .find(|r| r.commit.sha.eq_ignore_ascii_case(revision))
            })
            .flatten()
            .map(|r| &r.commit)
    }

    /// Whether `token` may download a gated dataset's files.
    pub fn grants(&self, token: &str) -> bool {
        self.gated == Gated::No || self.gated_access.iter().any(|t| t == token)
    }

    /// The ref of this kind and name.
    pub fn git_ref(&self, kind: RefKind, name: &str) -> Option<&GitRef> {
        self.refs.iter().find(|r| r.kind == kind && r.name == name)
    }
}
