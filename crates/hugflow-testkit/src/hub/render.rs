//! The Hub's JSON shapes: listing entries, dataset info, refs and tree entries, with the
//! Hub's field names and order.

use serde_json::{Map, Value, json};

use super::corpus::{Corpus, Origin};
use super::dataset::{Commit, FakeDataset, FakeFile, RefKind};
use super::time::format_rfc3339;
use super::tree::{TreeItem, TreeKind};

fn author(author: &str) -> Value {
    if author.is_empty() {
        Value::Null
    } else {
        Value::from(author)
    }
}

/// Which fields a listing entry or info object carries.
#[derive(Debug, Clone, Copy)]
pub enum Fields<'a> {
    /// The Hub's default fields.
    Default,
    /// `full=true`: also `cardData` and `siblings`.
    Full,
    /// `expand=...` (repeated): only `_id`, `id` and these.
    Expand(&'a [String]),
}

impl Fields<'_> {
    fn wants(self, key: &str) -> bool {
        match self {
            Self::Default => false,
            Self::Full => key == "cardData" || key == "siblings",
            Self::Expand(keys) => keys.iter().any(|k| k == key),
        }
    }

    /// Drops what `expand` did not ask for.
    pub fn retain(self, value: &mut Value) {
        if let (Self::Expand(keys), Value::Object(map)) = (self, value) {
            map.retain(|key, _| key == "_id" || key == "id" || keys.iter().any(|k| k == key));
        }
    }
}

/// One entry of `GET /api/datasets`.
pub fn list_item(corpus: &Corpus, index: usize, fields: Fields) -> Value {
    let entry = &corpus.entries[index];
    let needs_dataset = ["cardData", "siblings", "usedStorage"]
        .iter()
        .any(|key| fields.wants(key));
    let dataset = needs_dataset.then(|| corpus.dataset_uncached(index));
    let mut item = Map::new();
    item.insert("_id".into(), corpus.object_id(index).into());
    item.insert("id".into(), Value::from(&*entry.id));
    item.insert(
        "author".into(),
        author(entry.id.split_once('/').map_or("", |(a, _)| a)),
    );
    if let Some(dataset) = dataset.as_ref().filter(|_| fields.wants("cardData")) {
        item.insert("cardData".into(), dataset.card_data.clone());
    }
    // Generated datasets are never disabled; a hand-built one says so as its info does.
    let disabled = matches!(&entry.origin, Origin::Custom(dataset) if dataset.disabled);
    item.insert("disabled".into(), disabled.into());
    item.insert("gated".into(), entry.gated.to_json());
    item.insert(
        "lastModified".into(),
        format_rfc3339(entry.last_modified).into(),
    );
    item.insert("likes".into(), entry.likes.into());
    item.insert("trendingScore".into(), 0.into());
    item.insert("private".into(), entry.private.into());
    item.insert("sha".into(), corpus.sha(index).into());
    if let Some(dataset) = dataset.as_ref().filter(|_| fields.wants("siblings")) {
        item.insert("siblings".into(), siblings(dataset.main(), false));
    }
    item.insert("description".into(), corpus.description(index).into());
    item.insert("downloads".into(), entry.downloads.into());
    item.insert(
        "tags".into(),
        entry
            .tags
            .iter()
            .map(|&t| Value::from(corpus.tags.name(t)))
            .collect(),
    );
    item.insert("createdAt".into(), format_rfc3339(entry.created_at).into());
    if let Some(dataset) = dataset.as_ref().filter(|_| fields.wants("usedStorage")) {
        item.insert("usedStorage".into(), used_storage(dataset).into());
    }
    item.insert("key".into(), "".into());
    let mut item = Value::Object(item);
    fields.retain(&mut item);
    item
}

fn used_storage(dataset: &FakeDataset) -> u64 {
    dataset
        .refs
        .iter()
        .map(|r| r.commit.size())
        .max()
        .unwrap_or(0)
}

/// `[{"rfilename": ...}]`, with `size`, `blobId` and `lfs` when `blobs`.
fn siblings(commit: &Commit, blobs: bool) -> Value {
    commit
        .files
        .iter()
        .map(|file| {
            if !blobs {
                return json!({"rfilename": file.path});
            }
            let facts = file.facts();
            let mut sibling = json!({"rfilename": file.path, "size": facts.size, "blobId": facts.oid});
            if let Some(lfs) = &facts.lfs {
                sibling["lfs"] =
                    json!({"sha256": lfs.sha256, "size": lfs.size, "pointerSize": lfs.pointer_size});
            }
            sibling
        })
        .collect()
}

/// `GET /api/datasets/{id}[/revision/{rev}]` for the revision whose commit is `commit`.
pub fn info(dataset: &FakeDataset, commit: &Commit, blobs: bool) -> Value {
    json!({
        "_id": dataset.object_id,
        "id": dataset.id,
        "author": author(&dataset.author),
        "sha": commit.sha,
        "lastModified": format_rfc3339(dataset.last_modified),
        "private": dataset.private,
        "gated": dataset.gated.to_json(),
        "disabled": dataset.disabled,
        "tags": dataset.tags,
        "description": dataset.description,
        "downloads": dataset.downloads,
        "likes": dataset.likes,
        "cardData": dataset.card_data,
        "siblings": siblings(commit, blobs),
        "createdAt": format_rfc3339(dataset.created_at),
        "usedStorage": used_storage(dataset),
    })
}

/// `GET /api/datasets/{id}/refs`.
pub fn refs(dataset: &FakeDataset) -> Value {
    let of_kind = |kind: RefKind| -> Value {
        dataset
            .refs
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| json!({"name": r.name, "ref": r.full_name(), "targetCommit": r.commit.sha}))
            .collect()
    };
    json!({
        "branches": of_kind(RefKind::Branch),
        "converts": of_kind(RefKind::Convert),
        "tags": of_kind(RefKind::Tag),
    })
}

/// One entry of `GET /api/datasets/{id}/tree/{rev}/{path}`; `expand` adds the last commit and
/// (for files) the security scan.
pub fn tree_entry(dataset: &FakeDataset, commit: &Commit, item: &TreeItem, expand: bool) -> Value {
    let mut entry = match &item.kind {
        TreeKind::Directory { oid } => {
            json!({"type": "directory", "oid": oid, "size": 0, "path": item.path})
        }
        TreeKind::File(index) => file_entry(&commit.files[*index]),
        // The Hub's JS client types entries `"file" | "directory" | "unknown"`; this one copies
        // the last, with the fields every entry has.
        TreeKind::Unknown { oid } => {
            json!({"type": "unknown", "oid": oid, "size": 0, "path": item.path})
        }
    };
    if expand {
        entry["lastCommit"] = json!({
            "id": commit.sha,
            "title": "Upload dataset",
            "date": format_rfc3339(dataset.last_modified),
        });
        if matches!(item.kind, TreeKind::File(_)) {
            entry["securityFileStatus"] = json!({
                "status": "safe",
                "avScan": {"virusFound": false, "virusNames": null},
                "pickleImportScan": null,
            });
        }
    }
    entry
}

fn file_entry(file: &FakeFile) -> Value {
    let facts = file.facts();
    let mut entry =
        json!({"type": "file", "oid": facts.oid, "size": facts.size, "path": file.path});
    if let Some(lfs) = &facts.lfs {
        entry["lfs"] =
            json!({"oid": lfs.sha256, "size": lfs.size, "pointerSize": lfs.pointer_size});
    }
    // huggingface.co lists a Xet file as an LFS file plus `"xetHash": "<64 hex>"`.
    if let Some(xet_hash) = &facts.xet_hash {
        entry["xetHash"] = json!(xet_hash);
    }
    entry
}
