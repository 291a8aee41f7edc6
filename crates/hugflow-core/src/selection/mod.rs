//! Which files of a dataset repository a request takes.
//!
//! A request without a subset takes every file. One with a subset (and split) takes what the
//! card's `configs[].data_files` give for that config and split, as the `datasets` library
//! reads them: a string or a list of patterns (the `train` split), a list of
//! `{split, path}` entries, or a `{split: patterns}` map, each under the config's `data_dir`,
//! with the Hub's glob rules ([`Glob`]). When the card declares no configs, the dataset
//! viewer's parquet conversion (`refs/convert/parquet`, `<config>/<split>/*.parquet`) stands in.
//!
//! Like `datasets`, patterns never pick up hidden files or folders (`.gitattributes`), nor the
//! repository's metadata files (`README.md`, `dataset_infos.json`, ...), unless they name them.
//! A subset or split that does not exist is an error listing the ones that do.
//!
//! The paths and content ids the Hub lists are checked before anything is selected or named
//! after them ([`RepoPath`], [`GitOid`], [`Sha256Hex`]).

mod glob;
mod safe;

use serde_json::{Map, Value};

pub use glob::Glob;
pub use safe::{GitOid, Hex, RepoPath, Sha256Hex, UnsafeValue};

/// Base names `datasets` never treats as data unless a pattern names them.
const METADATA_FILES: [&str; 6] = [
    "README.md",
    "config.json",
    "dataset_info.json",
    "dataset_infos.json",
    "dummy_data.zip",
    "dataset_dict.json",
];

/// The split a bare pattern (or list of patterns) belongs to.
pub const DEFAULT_SPLIT: &str = "train";

/// The ref the dataset viewer writes its parquet conversion to.
pub const PARQUET_REVISION: &str = "refs/convert/parquet";

/// One entry of the card's `configs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardConfig {
    pub name: String,
    pub data_dir: Option<String>,
    /// Splits in the card's order, each with its patterns.
    pub splits: Vec<SplitPatterns>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitPatterns {
    pub split: String,
    pub patterns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectionError {
    #[error(
        "{hf_id} has no subset `{subset}`; its subsets are: {}. Set `subset:` to one of them, or remove it to download the whole dataset",
        list(available)
    )]
    UnknownSubset {
        hf_id: String,
        subset: String,
        available: Vec<String>,
    },
    #[error(
        "subset `{subset}` of {hf_id} has no split `{split}`; its splits are: {}. Set `split:` to one of them",
        list(available)
    )]
    UnknownSplit {
        hf_id: String,
        subset: String,
        split: String,
        available: Vec<String>,
    },
    #[error(
        "the card of {hf_id} gives split `{split}` of subset `{subset}` as {}, which match no file at this revision; ask the dataset's authors to fix the card, or request the whole dataset (no subset)",
        list(patterns)
    )]
    NoFiles {
        hf_id: String,
        subset: String,
        split: String,
        patterns: Vec<String>,
    },
    #[error(
        "{hf_id}'s card declares no subsets (`configs`) and the Hub has no parquet conversion of it, so `subset: {subset}` cannot be resolved; remove `subset:` to download the whole dataset"
    )]
    NoSubsets { hf_id: String, subset: String },
    #[error(
        "the card of {hf_id} has a `configs` entry Hugflow cannot read ({message}); request the whole dataset (no subset), or ask the authors to fix the card"
    )]
    InvalidCard { hf_id: String, message: String },
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "(none)".into()
    } else {
        items
            .iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The card's `configs`, or an empty list when it declares none.
pub fn card_configs(
    hf_id: &str,
    card_data: Option<&Map<String, Value>>,
) -> Result<Vec<CardConfig>, SelectionError> {
    let invalid = |message: String| SelectionError::InvalidCard {
        hf_id: hf_id.to_string(),
        message,
    };
    let Some(configs) = card_data.and_then(|c| c.get("configs")) else {
        return Ok(Vec::new());
    };
    let Value::Array(configs) = configs else {
        return Err(invalid("`configs` is not a list".into()));
    };
    configs
        .iter()
        .map(|config| {
            let name = config
                .get("config_name")
                .and_then(Value::as_str)
                .unwrap_or("default")
                .to_string();
            let data_dir = config
                .get("data_dir")
                .and_then(Value::as_str)
                .map(|d| d.trim_matches('/').to_string())
                .filter(|d| !d.is_empty());
            let splits = match config.get("data_files") {
                // `datasets` then reads the whole `data_dir` (or repository) as `train`.
                None | Some(Value::Null) => vec![SplitPatterns {
                    split: DEFAULT_SPLIT.into(),
                    patterns: vec!["**".into()],
                }],
                Some(files) => {
                    split_patterns(files).map_err(|m| invalid(format!("config `{name}`: {m}")))?
                }
            };
            Ok(CardConfig {
                name,
                data_dir,
                splits,
            })
        })
        .collect()
}

fn split_patterns(files: &Value) -> Result<Vec<SplitPatterns>, String> {
    let train = |patterns| {
        Ok(vec![SplitPatterns {
            split: DEFAULT_SPLIT.into(),
            patterns,
        }])
    };
    match files {
        Value::String(pattern) => train(vec![pattern.clone()]),
        Value::Array(items) if items.iter().all(Value::is_string) => train(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        ),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                let split = item
                    .get("split")
                    .and_then(Value::as_str)
                    .unwrap_or(DEFAULT_SPLIT);
                let path = item
                    .get("path")
                    .ok_or_else(|| format!("data_files entry of split `{split}` has no `path`"))?;
                Ok(SplitPatterns {
                    split: split.to_string(),
                    patterns: patterns(path)
                        .ok_or_else(|| format!("`path` of split `{split}` is not a pattern"))?,
                })
            })
            .collect(),
        Value::Object(map) => map
            .iter()
            .map(|(split, path)| {
                Ok(SplitPatterns {
                    split: split.clone(),
                    patterns: patterns(path)
                        .ok_or_else(|| format!("split `{split}` is not a pattern"))?,
                })
            })
            .collect(),
        _ => Err("`data_files` is neither a pattern, a list nor a map".into()),
    }
}

fn patterns(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::String(p) => Some(vec![p.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

/// The paths among `paths` that the card gives for `subset`/`split`, sorted.
pub fn select_from_card<'a>(
    hf_id: &str,
    configs: &[CardConfig],
    subset: &str,
    split: &str,
    paths: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<String>, SelectionError> {
    let config =
        configs
            .iter()
            .find(|c| c.name == subset)
            .ok_or_else(|| SelectionError::UnknownSubset {
                hf_id: hf_id.to_string(),
                subset: subset.to_string(),
                available: configs.iter().map(|c| c.name.clone()).collect(),
            })?;
    let entry = config
        .splits
        .iter()
        .find(|s| s.split == split)
        .ok_or_else(|| SelectionError::UnknownSplit {
            hf_id: hf_id.to_string(),
            subset: subset.to_string(),
            split: split.to_string(),
            available: config.splits.iter().map(|s| s.split.clone()).collect(),
        })?;
    let patterns: Vec<String> = entry
        .patterns
        .iter()
        .map(|p| match &config.data_dir {
            Some(dir) => format!("{dir}/{}", p.trim_start_matches("./")),
            None => p.clone(),
        })
        .collect();
    let globs: Vec<Glob> = patterns.iter().map(|p| Glob::new(p)).collect();
    let mut selected: Vec<String> = paths
        .into_iter()
        .filter(|path| globs.iter().any(|g| g.matches(path) && requested(g, path)))
        .map(str::to_string)
        .collect();
    selected.sort();
    selected.dedup();
    if selected.is_empty() {
        return Err(SelectionError::NoFiles {
            hf_id: hf_id.to_string(),
            subset: subset.to_string(),
            split: split.to_string(),
            patterns,
        });
    }
    Ok(selected)
}

/// Whether a path the glob matched is one `datasets` would take: not a metadata file (unless
/// the pattern names it), and with as many hidden parts (`.x`) and special folders (`__x`) as
/// the pattern itself has, so `**` never wanders into `.git`-like or `__pycache__` folders.
fn requested(glob: &Glob, path: &str) -> bool {
    let pattern = glob.segments();
    let parts: Vec<&str> = path.split('/').collect();
    let name = parts.last().copied().unwrap_or_default();
    if METADATA_FILES.contains(&name) && pattern.last().is_none_or(|last| last != name) {
        return false;
    }
    let hidden = |part: &str| part.starts_with('.') && part.chars().any(|c| c != '.');
    let special = |part: &str| part.starts_with("__");
    let pattern_folders = &pattern[..pattern.len().saturating_sub(1)];
    let path_folders = &parts[..parts.len() - 1];
    pattern.iter().filter(|s| hidden(s)).count() == parts.iter().filter(|p| hidden(p)).count()
        && pattern_folders.iter().filter(|s| special(s)).count()
            == path_folders.iter().filter(|p| special(p)).count()
}

/// The parquet files of `subset`/`split` among the paths of `refs/convert/parquet`: the
/// `<subset>/<split>/` folder, or `<subset>/partial-<split>/` for splits the viewer only
/// converted in part.
pub fn select_converted<'a>(
    hf_id: &str,
    subset: &str,
    split: &str,
    paths: impl IntoIterator<Item = &'a str> + Clone,
) -> Result<Vec<String>, SelectionError> {
    let in_folder = |folder: String| {
        let prefix = format!("{folder}/");
        let mut found: Vec<String> = paths
            .clone()
            .into_iter()
            .filter(|p| p.starts_with(&prefix) && p.ends_with(".parquet"))
            .map(str::to_string)
            .collect();
        found.sort();
        found
    };
    for folder in [
        format!("{subset}/{split}"),
        format!("{subset}/partial-{split}"),
    ] {
        let found = in_folder(folder);
        if !found.is_empty() {
            return Ok(found);
        }
    }
    // Say which subsets and splits the conversion does have.
    let mut subsets: Vec<String> = Vec::new();
    let mut splits: Vec<String> = Vec::new();
    for path in paths {
        let mut parts = path.split('/');
        let (Some(config), Some(split_dir), Some(_file)) =
            (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if !subsets.iter().any(|s| s == config) {
            subsets.push(config.to_string());
        }
        let split_name = split_dir.strip_prefix("partial-").unwrap_or(split_dir);
        if config == subset && !splits.iter().any(|s| s == split_name) {
            splits.push(split_name.to_string());
        }
    }
    Err(if subsets.iter().any(|s| s == subset) {
        splits.sort();
        SelectionError::UnknownSplit {
            hf_id: hf_id.to_string(),
            subset: subset.to_string(),
            split: split.to_string(),
            available: splits,
        }
    } else {
        subsets.sort();
        SelectionError::UnknownSubset {
            hf_id: hf_id.to_string(),
            subset: subset.to_string(),
            available: subsets,
        }
    })
}

#[cfg(test)]
mod tests;
