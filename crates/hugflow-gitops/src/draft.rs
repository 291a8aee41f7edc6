//! From what a user typed to what will be committed: the request YAML (written by the core and
//! read back by the core's parser, so the errors shown are the ones the HGX would report), the
//! path, branch and PR title.

use hugflow_core::request::{
    self, AddRequest, DEFAULT_AUDIO_COLUMN, DEFAULT_REVISION, DEFAULT_SPLIT, DEFAULT_TEXT_COLUMN,
    FieldError, RemoveRequest, RequestKind,
};
use hugflow_core::storage_name::DownloadTarget;
use serde::{Deserialize, Serialize};

/// An add request as typed; empty options mean "the default".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AddDraft {
    pub hf_id: String,
    pub description: String,
    pub revision: Option<String>,
    pub subset: Option<String>,
    pub split: Option<String>,
    pub audio_column: Option<String>,
    pub text_column: Option<String>,
}

/// A removal request as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RemoveDraft {
    pub hf_id: String,
    pub reason: String,
    /// The download to remove, as a host lists it; the full download at `main` when absent.
    pub storage_name: Option<String>,
}

/// Either kind of draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Draft {
    Add(AddDraft),
    Remove(RemoveDraft),
}

/// What "Create PR" will do, before it does it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Plan {
    pub kind: RequestKind,
    pub hf_id: String,
    pub storage_name: String,
    /// `requests/add/<storage-name>.yaml`.
    pub path: String,
    /// `hugflow/add-<storage-name>`.
    pub branch: String,
    pub title: String,
    /// Exactly the bytes that will be committed.
    pub yaml: String,
    /// Empty when the request is valid.
    pub errors: Vec<FieldError>,
}

impl Plan {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

fn given(value: &Option<String>, default: &str) -> String {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .unwrap_or(default)
        .to_string()
}

impl Draft {
    pub fn hf_id(&self) -> &str {
        match self {
            Self::Add(add) => add.hf_id.trim(),
            Self::Remove(remove) => remove.hf_id.trim(),
        }
    }

    /// The plan for this draft; invalid drafts get a plan with `errors`.
    pub fn plan(&self) -> Plan {
        let (kind, yaml, storage_name) = match self {
            Self::Add(add) => {
                let request = AddRequest {
                    hf_id: add.hf_id.trim().to_string(),
                    description: add.description.trim().to_string(),
                    revision: given(&add.revision, DEFAULT_REVISION),
                    subset: add
                        .subset
                        .as_deref()
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                    split: given(&add.split, DEFAULT_SPLIT),
                    audio_column: given(&add.audio_column, DEFAULT_AUDIO_COLUMN),
                    text_column: given(&add.text_column, DEFAULT_TEXT_COLUMN),
                    stage: None,
                };
                let name = request.storage_name();
                (RequestKind::Add, request::to_yaml(&request), name)
            }
            Self::Remove(remove) => {
                let request = RemoveRequest {
                    hf_id: remove.hf_id.trim().to_string(),
                    reason: remove.reason.trim().to_string(),
                };
                let name = remove
                    .storage_name
                    .clone()
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| {
                        DownloadTarget::new(&request.hf_id, None, DEFAULT_SPLIT, DEFAULT_REVISION)
                            .storage_name()
                    });
                (RequestKind::Remove, request::remove_to_yaml(&request), name)
            }
        };
        let (_, parsed) = request::parse_request(&yaml, Some(kind));
        let errors = parsed.err().unwrap_or_default();
        let verb = match kind {
            RequestKind::Add => "Add",
            RequestKind::Remove => "Remove",
        };
        Plan {
            kind,
            hf_id: self.hf_id().to_string(),
            path: format!("{}/{storage_name}.yaml", kind.folder()),
            branch: branch_name(kind, &storage_name),
            title: format!("{verb} dataset {}", self.hf_id()),
            storage_name,
            yaml,
            errors,
        }
    }
}

/// `hugflow/add-<storage-name>`; storage names only hold `[A-Za-z0-9._%-]` and never `..`,
/// so the branch is a valid git ref.
pub fn branch_name(kind: RequestKind, storage_name: &str) -> String {
    format!("hugflow/{kind}-{storage_name}")
}

/// The request a branch stands for: `(kind, storage name)` of `hugflow/add-<name>`.
pub fn parse_branch(branch: &str) -> Option<(RequestKind, &str)> {
    let rest = branch.strip_prefix("hugflow/")?;
    if let Some(name) = rest.strip_prefix("add-") {
        Some((RequestKind::Add, name))
    } else {
        rest.strip_prefix("remove-")
            .map(|name| (RequestKind::Remove, name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(hf_id: &str, description: &str) -> AddDraft {
        AddDraft {
            hf_id: hf_id.into(),
            description: description.into(),
            ..AddDraft::default()
        }
    }

    #[test]
    fn a_valid_add_plans_path_branch_title_and_yaml() {
        let mut draft = add(" mozilla/cv ", "Malay ASR");
        draft.subset = Some("ms".into());
        draft.split = Some(" ".into());
        let plan = Draft::Add(draft).plan();
        assert!(plan.is_valid(), "{:?}", plan.errors);
        assert_eq!(
            plan.storage_name,
            "mozilla__cv__subset_ms__split_train__rev_main"
        );
        assert_eq!(
            plan.path,
            format!("requests/add/{}.yaml", plan.storage_name)
        );
        assert_eq!(plan.branch, format!("hugflow/add-{}", plan.storage_name));
        assert_eq!(plan.title, "Add dataset mozilla/cv");
        assert_eq!(
            plan.yaml,
            "hf_id: \"mozilla/cv\"\ndescription: \"Malay ASR\"\nsubset: \"ms\"\n"
        );
        assert_eq!(
            parse_branch(&plan.branch),
            Some((RequestKind::Add, plan.storage_name.as_str()))
        );
    }

    #[test]
    fn invalid_drafts_carry_the_parsers_errors() {
        let plan = Draft::Add(add("bad--id", "  ")).plan();
        let fields: Vec<&str> = plan.errors.iter().map(|e| e.field.as_str()).collect();
        assert!(
            fields.contains(&"hf_id") && fields.contains(&"description"),
            "{fields:?}"
        );
        let plan = Draft::Remove(RemoveDraft {
            hf_id: "a/b".into(),
            reason: String::new(),
            storage_name: None,
        })
        .plan();
        assert_eq!(plan.errors.len(), 1, "{:?}", plan.errors);
        assert_eq!(plan.errors[0].field, "reason");
        assert_eq!(plan.branch, "hugflow/remove-a__b__rev_main");
        assert_eq!(plan.title, "Remove dataset a/b");
    }

    #[test]
    fn hostile_values_stay_inside_the_yaml_string() {
        let plan = Draft::Add(add("a/b", "x\"\nrevision: evil\n# ; rm -rf ~")).plan();
        assert!(plan.is_valid(), "{:?}", plan.errors);
        assert!(!plan.yaml.contains("\nrevision"), "{}", plan.yaml);
    }
}
