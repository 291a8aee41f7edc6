//! `hugflow info ID`: a dataset's card, files, refs and viewer splits, as text or (with
//! `--json`) one typed answer.

use std::process::ExitCode;

use hugflow_hub::{DatasetInfo, EntryKind, HubClient, HubError, Refs, SplitRef, Splits, TreeEntry};
use serde::Serialize;

use super::hub;
use crate::output::{human_bytes, human_count, print_json};

pub fn run(hf_id: &str, revision: Option<&str>, json: bool) -> anyhow::Result<ExitCode> {
    let client = hub::client()?;
    let runtime = hub::runtime()?;
    let info = hub::or_report(runtime.block_on(client.dataset_info(hf_id, revision)), json)?;
    if info.disabled {
        return disabled(&client, &info, revision, json);
    }
    let commit = info
        .sha
        .clone()
        .unwrap_or_else(|| revision.unwrap_or("main").to_string());
    let tree = hub::or_report(runtime.block_on(client.tree(hf_id, &commit, "")), json)?;
    let refs = hub::or_report(runtime.block_on(client.refs(hf_id)), json)?;
    let splits = viewer_splits(&runtime, &client, hf_id);
    let files: Vec<_> = tree.iter().filter(|e| e.kind == EntryKind::File).collect();
    // Neither file nor folder (the Hub's `"type": "unknown"`): listed, never downloaded.
    let unknown: Vec<&str> = tree
        .iter()
        .filter(|e| e.kind == EntryKind::Unknown)
        .map(|e| e.path.as_str())
        .collect();
    let (total, _) = TreeEntry::totals(&tree);
    if json {
        print_json(&InfoAnswer {
            schema: 1,
            dataset: &info,
            disabled: false,
            revision: revision.unwrap_or("main"),
            files: &files,
            unknown_entries: &unknown,
            total_size: total,
            refs: &refs,
            splits: splits.as_ref().ok().map(|s| &s.splits),
            splits_note: splits.as_ref().err().map(ToString::to_string),
            splits_note_kind: splits.as_ref().err().map(HubError::kind),
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}  {}", info.id, client.dataset_url(&info.id));
    if let Some(title) = info.pretty_name() {
        println!("  {title}");
    }
    println!("  commit      {commit}");
    println!(
        "  updated     {}",
        info.last_modified.as_deref().unwrap_or("?")
    );
    println!(
        "  downloads   {}   likes {}",
        human_count(info.downloads),
        human_count(info.likes)
    );
    if info.gated.is_gated() {
        println!("  gated       yes: request access on the Hub page before syncing");
    }
    println!(
        "  files       {} ({})",
        human_count(files.len() as u64),
        human_bytes(total)
    );
    if !unknown.is_empty() {
        println!(
            "  unknown     {} (entries of unknown type, not downloaded)",
            unknown.join(", ")
        );
    }
    let branches: Vec<&str> = refs.branches.iter().map(|b| b.name.as_str()).collect();
    println!("  branches    {}", branches.join(", "));
    if !refs.tags.is_empty() {
        let tags: Vec<&str> = refs.tags.iter().map(|t| t.name.as_str()).collect();
        println!("  tags        {}", tags.join(", "));
    }
    match &splits {
        Ok(splits) => {
            for s in &splits.splits {
                println!("  split       {} / {}", s.config, s.split);
            }
        }
        Err(why) => println!("  splits      not shown: {why}"),
    }
    if !info.tags.is_empty() {
        println!("  tags        {}", info.tags.join(" "));
    }
    Ok(ExitCode::SUCCESS)
}

/// A disabled dataset: its info, and no files, refs or splits (the Hub refuses them).
fn disabled(
    client: &HubClient,
    info: &DatasetInfo,
    revision: Option<&str>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    if json {
        print_json(&DisabledAnswer {
            schema: 1,
            dataset: info,
            disabled: true,
            note: hub::DISABLED_NOTE,
            revision: revision.unwrap_or("main"),
            files: [],
            total_size: None,
            refs: None,
            splits: None,
        })?;
    } else {
        println!("{}  {}", info.id, client.dataset_url(&info.id));
        println!("  disabled    yes: {}", hub::DISABLED_NOTE);
        println!(
            "  updated     {}",
            info.last_modified.as_deref().unwrap_or("?")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The viewer is optional: many datasets have no viewer data, which does not fail `info`; but
/// why there are no splits (no viewer answer, a token the viewer did not get or accept, not
/// computed yet, blocked) is said, never passed off as "no splits".
fn viewer_splits(
    runtime: &tokio::runtime::Runtime,
    client: &HubClient,
    id: &str,
) -> Result<Splits, HubError> {
    runtime.block_on(client.splits(id))
}

/// `info --json` of a dataset the Hub serves.
#[derive(Serialize)]
struct InfoAnswer<'a> {
    schema: u32,
    dataset: &'a DatasetInfo,
    disabled: bool,
    revision: &'a str,
    files: &'a [&'a TreeEntry],
    /// Entries of the Hub's `"type": "unknown"`: listed, never downloaded.
    unknown_entries: &'a [&'a str],
    total_size: u64,
    refs: &'a Refs,
    splits: Option<&'a Vec<SplitRef>>,
    /// Why there are no splits, in words, when the viewer gave none.
    splits_note: Option<String>,
    /// The same as a stable name (`viewer_not_ready`, `viewer_unauthenticated`, ...).
    splits_note_kind: Option<&'static str>,
}

/// `info --json` of a disabled dataset: its info, and nulls where the Hub refuses the rest.
#[derive(Serialize)]
struct DisabledAnswer<'a> {
    schema: u32,
    dataset: &'a DatasetInfo,
    disabled: bool,
    note: &'static str,
    revision: &'a str,
    files: [(); 0],
    total_size: Option<u64>,
    refs: Option<&'a Refs>,
    splits: Option<&'a Vec<SplitRef>>,
}
