//! Request files: `requests/add/*.yaml` asks the HGX for a dataset, `requests/remove/*.yaml`
//! retires one. Parsing reports every problem in a file with its line and column.

mod fields;
pub mod yaml;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::storage_name::DownloadTarget;

pub use fields::{ADD_FIELDS, REMOVE_FIELDS, STAGE_FIELDS, check_git_ref};

pub const DEFAULT_REVISION: &str = "main";
pub const DEFAULT_SPLIT: &str = "train";
pub const DEFAULT_AUDIO_COLUMN: &str = "audio";
pub const DEFAULT_TEXT_COLUMN: &str = "text";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RequestKind {
    Add,
    Remove,
}

impl RequestKind {
    /// The kind a path implies: its folder is `add` or `remove`.
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.parent()?.file_name()?.to_str()? {
            "add" => Some(Self::Add),
            "remove" => Some(Self::Remove),
            _ => None,
        }
    }

    /// The kind of a file a pull request changes, named by its path from the top of the
    /// repository: exactly `requests/add/<name>.yaml` or `requests/remove/<name>.yaml` (`.yml`
    /// too), where `<name>` is one plain file name. Anything else (`x/requests/add/a.yaml`,
    /// `requests/add/sub/a.yaml`, `requests/add/../a.yaml`, hidden or control-character names)
    /// is not a request file: a PR's paths are untrusted, and the bot reads and merges only
    /// files this rule accepts.
    pub fn of_repository_path(path: &str) -> Option<Self> {
        let mut segments = path.split('/');
        let (Some("requests"), Some(folder), Some(name), None) = (
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next(),
        ) else {
            return None;
        };
        let kind = match folder {
            "add" => Self::Add,
            "remove" => Self::Remove,
            _ => return None,
        };
        let stem = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"))?;
        let plain = !stem.is_empty()
            && !stem.starts_with('.')
            && !stem.contains(['\\', ':'])
            && !stem.chars().any(char::is_control);
        plain.then_some(kind)
    }

    pub fn folder(self) -> &'static str {
        match self {
            Self::Add => "requests/add",
            Self::Remove => "requests/remove",
        }
    }
}

impl fmt::Display for RequestKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Add => "add",
            Self::Remove => "remove",
        })
    }
}

/// A validated `requests/add/*.yaml`, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddRequest {
    pub hf_id: String,
    pub description: String,
    pub revision: String,
    pub subset: Option<String>,
    pub split: String,
    pub audio_column: String,
    pub text_column: String,
    /// Where to stage the dataset on a Slurm cluster once it is synced (`stage:`), if anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<crate::cluster::StageSpec>,
}

impl AddRequest {
    /// A request for the whole repository at `main`, every option at its default.
    pub fn with_defaults(hf_id: &str, description: &str) -> Self {
        Self {
            hf_id: hf_id.to_string(),
            description: description.to_string(),
            revision: DEFAULT_REVISION.to_string(),
            subset: None,
            split: DEFAULT_SPLIT.to_string(),
            audio_column: DEFAULT_AUDIO_COLUMN.to_string(),
            text_column: DEFAULT_TEXT_COLUMN.to_string(),
            stage: None,
        }
    }

    pub fn target(&self) -> DownloadTarget {
        DownloadTarget::new(
            &self.hf_id,
            self.subset.as_deref(),
            &self.split,
            &self.revision,
        )
    }

    pub fn storage_name(&self) -> String {
        self.target().storage_name()
    }

    /// `"full"` or `"specific"`, as the Python state records it.
    pub fn download_mode(&self) -> &'static str {
        if self.subset.is_some() {
            "specific"
        } else {
            "full"
        }
    }
}

/// A validated `requests/remove/*.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoveRequest {
    pub hf_id: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Add(AddRequest),
    Remove(RemoveRequest),
}

impl Request {
    pub fn kind(&self) -> RequestKind {
        match self {
            Self::Add(_) => RequestKind::Add,
            Self::Remove(_) => RequestKind::Remove,
        }
    }

    pub fn hf_id(&self) -> &str {
        match self {
            Self::Add(request) => &request.hf_id,
            Self::Remove(request) => &request.hf_id,
        }
    }
}

/// One problem in a request file. `line`/`column` are 1-based; a missing field points at the
/// start of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldError {
    pub field: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// A suggestion, e.g. "did you mean `description`?".
    pub hint: Option<String>,
}

/// The outcome of reading one request file.
#[derive(Debug, Clone)]
pub struct RequestReport {
    pub file: PathBuf,
    pub kind: Option<RequestKind>,
    pub request: Option<Request>,
    pub errors: Vec<FieldError>,
}

impl RequestReport {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The storage name of a valid add request.
    pub fn storage_name(&self) -> Option<String> {
        match &self.request {
            Some(Request::Add(add)) => Some(add.storage_name()),
            _ => None,
        }
    }
}

/// Parses request text. The kind comes from the caller (usually the file's folder); `None`
/// guesses from the keys (`reason` means removal).
pub fn parse_request(
    text: &str,
    kind: Option<RequestKind>,
) -> (RequestKind, Result<Request, Vec<FieldError>>) {
    let entries = match yaml::read_flat_mapping(text) {
        Ok(entries) => entries,
        Err(error) => {
            let kind = kind.unwrap_or(RequestKind::Add);
            return (
                kind,
                Err(vec![FieldError {
                    field: String::new(),
                    line: error.at.line,
                    column: error.at.column,
                    message: error.message,
                    hint: None,
                }]),
            );
        }
    };
    let kind = kind.unwrap_or_else(|| {
        if entries.iter().any(|entry| entry.key == "reason") {
            RequestKind::Remove
        } else {
            RequestKind::Add
        }
    });
    (kind, fields::check(kind, &entries))
}

/// Reads and parses one file; unreadable files become a report with one error.
pub fn load_request_file(path: &Path) -> RequestReport {
    let kind = RequestKind::from_path(path);
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let (kind, result) = parse_request(&text, kind);
            let (request, errors) = match result {
                Ok(request) => (Some(request), Vec::new()),
                Err(errors) => (None, errors),
            };
            RequestReport {
                file: path.to_path_buf(),
                kind: Some(kind),
                request,
                errors,
            }
        }
        Err(error) => RequestReport {
            file: path.to_path_buf(),
            kind,
            request: None,
            errors: vec![FieldError {
                field: String::new(),
                line: 0,
                column: 0,
                message: format!("cannot read the file: {error}"),
                hint: Some(
                    "check the path; request files live in requests/add/ or requests/remove/"
                        .into(),
                ),
            }],
        },
    }
}

/// Writes an add request as the YAML the GitOps repository expects: required keys first, then
/// only the options that differ from their defaults.
pub fn to_yaml(request: &AddRequest) -> String {
    let mut out = format!(
        "hf_id: {}\ndescription: {}\n",
        quote(&request.hf_id),
        quote(&request.description)
    );
    let optional = [
        (
            "revision",
            Some(request.revision.as_str()),
            DEFAULT_REVISION,
        ),
        ("subset", request.subset.as_deref(), ""),
        ("split", Some(request.split.as_str()), DEFAULT_SPLIT),
        (
            "audio_column",
            Some(request.audio_column.as_str()),
            DEFAULT_AUDIO_COLUMN,
        ),
        (
            "text_column",
            Some(request.text_column.as_str()),
            DEFAULT_TEXT_COLUMN,
        ),
    ];
    for (key, value, default) in optional {
        if let Some(value) = value.filter(|value| *value != default) {
            out.push_str(&format!("{key}: {}\n", quote(value)));
        }
    }
    if let Some(stage) = &request.stage {
        out.push_str("stage:\n");
        let count = stage.nodes_count.map(|n| n.to_string());
        let fields = [
            ("partition", stage.partition.as_deref()),
            ("nodes", stage.nodes.as_deref()),
            ("nodes_count", count.as_deref()),
            ("target", Some(stage.target.as_str())),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                out.push_str(&format!("  {key}: {}\n", quote(value)));
            }
        }
    }
    out
}

/// Writes a removal request as the GitOps repository expects it.
pub fn remove_to_yaml(request: &RemoveRequest) -> String {
    format!(
        "hf_id: {}\nreason: {}\n",
        quote(&request.hf_id),
        quote(&request.reason)
    )
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn quote(value: &str) -> String {
    serde_json::to_string(value).expect("strings always serialize")
}

#[cfg(test)]
mod tests;
