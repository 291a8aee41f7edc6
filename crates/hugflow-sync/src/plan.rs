//! What a request will fetch: the revision resolved to a commit, the files the request takes
//! (all of them, or the subset/split's, see [`hugflow_core::selection`]) with their sizes and
//! hashes, and a check of the request's columns against the features the viewer knows.

use hugflow_core::request::AddRequest;
use hugflow_core::selection::{self, PARQUET_REVISION};
use hugflow_download::{Check, FileSpec};
use hugflow_hub::{EntryKind, HubClient, HubError, TreeEntry};
use serde::Serialize;

use crate::SyncError;

#[derive(Debug, Clone)]
pub struct Plan {
    pub request: AddRequest,
    /// The commit the files are fetched at.
    pub commit: String,
    /// Where they come from: the request's revision, or the parquet conversion.
    pub source_revision: String,
    pub files: Vec<FileSpec>,
    pub bytes: u64,
    pub columns: Columns,
    /// What the user should know about the plan that is not a problem, e.g. "skipped 1 entry
    /// of unknown type: vendor/tools".
    pub notes: Vec<String>,
}

/// The request's `audio_column` and `text_column`, checked against the dataset's features.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Columns {
    pub audio_column: String,
    pub text_column: String,
    /// Whether the viewer knew the features (if not, nothing was checked).
    pub checked: bool,
    /// One line per column the features lack.
    pub warnings: Vec<String>,
}

/// Resolves `request` against the Hub.
pub async fn plan(hub: &HubClient, request: &AddRequest) -> Result<Plan, SyncError> {
    plan_noting(hub, request, &|note| tracing::info!("{note}")).await
}

/// [`plan`], telling `notes` as it goes what the user should know while it lists a huge
/// tree: how long its pages take at the Hub's `api` budget ([`HubClient::tree_noting`]).
pub async fn plan_noting(
    hub: &HubClient,
    request: &AddRequest,
    notes: &(dyn Fn(&str) + Sync),
) -> Result<Plan, SyncError> {
    let id = request.hf_id.as_str();
    let info = hub.dataset_info(id, Some(&request.revision)).await?;
    // The files the info lists at that commit: how many pages the tree will take.
    let files = info.siblings.as_ref().map(|s| s.len() as u64);
    let commit = info.sha.clone().ok_or_else(|| HubError::Malformed {
        endpoint: "dataset info".into(),
        message: format!("no commit sha for {id} at {}", request.revision),
    })?;
    let (commit, source_revision, entries) = match &request.subset {
        None => {
            let entries = hub.tree_noting(id, &commit, "", files, notes).await?;
            (commit, request.revision.clone(), entries)
        }
        Some(subset) => {
            let configs = selection::card_configs(id, info.card_data.as_ref())?;
            if configs.is_empty() {
                let refs = hub.refs(id).await?;
                let converted = refs
                    .converts
                    .iter()
                    .find(|r| r.name == "parquet")
                    .ok_or_else(|| selection::SelectionError::NoSubsets {
                        hf_id: id.to_string(),
                        subset: subset.clone(),
                    })?;
                let entries = hub.tree(id, &converted.target_commit, "").await?;
                let wanted = selection::select_converted(
                    id,
                    subset,
                    &request.split,
                    entries.iter().map(|e| e.path.as_str()),
                )?;
                (
                    converted.target_commit.clone(),
                    PARQUET_REVISION.to_string(),
                    keep(entries, &wanted),
                )
            } else {
                let entries = hub.tree_noting(id, &commit, "", files, notes).await?;
                let wanted = selection::select_from_card(
                    id,
                    &configs,
                    subset,
                    &request.split,
                    entries
                        .iter()
                        .filter(|e| e.kind == EntryKind::File)
                        .map(|e| e.path.as_str()),
                )?;
                (commit, request.revision.clone(), keep(entries, &wanted))
            }
        }
    };
    let notes: Vec<String> = unknown_note(&entries).into_iter().collect();
    for note in &notes {
        tracing::info!("{note}");
    }
    let files: Vec<FileSpec> = entries
        .into_iter()
        .filter(|e| e.kind == EntryKind::File)
        .map(file_spec)
        .collect();
    // The Hub's size claims: a sum past `u64::MAX` stays there and fails the quota and
    // free-space checks, rather than wrapping (or panicking).
    let bytes = files
        .iter()
        .fold(0, |sum: u64, f| sum.saturating_add(f.size));
    let columns = check_columns(hub, request).await;
    for warning in &columns.warnings {
        tracing::warn!("{warning}");
    }
    Ok(Plan {
        request: request.clone(),
        commit,
        source_revision,
        files,
        bytes,
        columns,
        notes,
    })
}

fn keep(entries: Vec<TreeEntry>, wanted: &[String]) -> Vec<TreeEntry> {
    entries
        .into_iter()
        .filter(|e| {
            wanted
                .binary_search_by(|w| w.as_str().cmp(e.path.as_str()))
                .is_ok()
        })
        .collect()
}

/// The download of one entry; its path and oids were checked when the tree was read
/// ([`TreeEntry`] holds only safe ones).
fn file_spec(entry: TreeEntry) -> FileSpec {
    let path = entry.path.into_string();
    match entry.lfs {
        Some(lfs) => FileSpec {
            path,
            size: lfs.size,
            check: Check::Sha256(lfs.oid.into_string()),
        },
        None => FileSpec {
            path,
            size: entry.size,
            check: Check::GitSha1(entry.oid.into_string()),
        },
    }
}

/// How many entries of unknown type the note names by path.
const NAMED: usize = 5;

/// "skipped 2 entries of unknown type: a, b": the Hub's JS client types tree entries
/// `"file" | "directory" | "unknown"`; one that is neither file nor folder is nothing to
/// download, so it is left out and said so rather than failing the plan.
fn unknown_note(entries: &[TreeEntry]) -> Option<String> {
    let unknown: Vec<&str> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Unknown)
        .map(|e| e.path.as_str())
        .collect();
    if unknown.is_empty() {
        return None;
    }
    let mut named = unknown[..unknown.len().min(NAMED)].join(", ");
    if unknown.len() > NAMED {
        named.push_str(&format!(" and {} more", unknown.len() - NAMED));
    }
    let entries = if unknown.len() == 1 {
        "entry"
    } else {
        "entries"
    };
    Some(format!(
        "skipped {} {entries} of unknown type: {named}",
        unknown.len()
    ))
}

/// The seed warns when a column is missing from the features and carries on; so do we. A
/// viewer that cannot say (no viewer for the dataset, a gated one the token does not reach,
/// not computed yet, blocked) checks nothing, and the warnings say why: "columns not checked:
/// <why>", never silence.
async fn check_columns(hub: &HubClient, request: &AddRequest) -> Columns {
    let mut columns = Columns {
        audio_column: request.audio_column.clone(),
        text_column: request.text_column.clone(),
        checked: false,
        warnings: Vec::new(),
    };
    let info = match hub
        .viewer_info(&request.hf_id, request.subset.as_deref())
        .await
    {
        Ok(info) => info,
        Err(error) => {
            columns
                .warnings
                .push(format!("columns not checked: {error}"));
            return columns;
        }
    };
    // One config's info, or a map of config → info.
    let infos: Vec<&serde_json::Map<String, serde_json::Value>> =
        if info.dataset_info.contains_key("features") {
            vec![&info.dataset_info]
        } else {
            info.dataset_info
                .values()
                .filter_map(|v| v.as_object())
                .collect()
        };
    let features: Vec<&str> = infos
        .iter()
        .filter_map(|i| i.get("features")?.as_object())
        .flat_map(|f| f.keys().map(String::as_str))
        .collect();
    if features.is_empty() {
        columns.warnings.push(format!(
            "columns not checked: the dataset viewer at {} lists no features for {}",
            hub.viewer_endpoint(),
            request.hf_id
        ));
        return columns;
    }
    columns.checked = true;
    for (name, column) in [
        ("audio_column", &request.audio_column),
        ("text_column", &request.text_column),
    ] {
        if !features.contains(&column.as_str()) {
            columns.warnings.push(format!(
                "{name} `{column}` is not among the features of {} ({}); training code that reads it will fail",
                request.hf_id,
                features.join(", ")
            ));
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: &str, path: &str) -> TreeEntry {
        serde_json::from_value(serde_json::json!({
            "type": kind, "oid": "ce013625030ba8dba906f756967f9e9ca394464a", "size": 0,
            "path": path,
        }))
        .unwrap()
    }

    #[test]
    fn entries_of_unknown_type_are_named_in_one_note() {
        let mut entries = vec![entry("file", "a.txt"), entry("directory", "d")];
        assert_eq!(unknown_note(&entries), None);
        entries.push(entry("submodule", "vendor/x"));
        assert_eq!(
            unknown_note(&entries).as_deref(),
            Some("skipped 1 entry of unknown type: vendor/x")
        );
        for i in 0..6 {
            entries.push(entry("unknown", &format!("u{i}")));
        }
        assert_eq!(
            unknown_note(&entries).as_deref(),
            Some("skipped 7 entries of unknown type: vendor/x, u0, u1, u2, u3 and 2 more")
        );
    }
}
