//! The request schema: which keys exist, their defaults, and the rule each value must follow.

use std::collections::HashMap;

use super::yaml::{Entry, Position, Value};
use super::*;
use crate::cluster::StageSpec;
use crate::hf_id::validate_hf_id;
use crate::storage_name::MAX_NAME_BYTES;

pub const ADD_FIELDS: &[&str] = &[
    "hf_id",
    "description",
    "revision",
    "subset",
    "split",
    "audio_column",
    "text_column",
    "stage",
];
/// The keys of an add request's optional `stage:` mapping (a Slurm cluster's nodes).
pub const STAGE_FIELDS: &[&str] = &["partition", "nodes", "nodes_count", "target"];
pub const REMOVE_FIELDS: &[&str] = &["hf_id", "reason"];

/// Checks every entry against the schema of `kind`, collecting all errors.
pub(super) fn check(kind: RequestKind, entries: &[Entry]) -> Result<Request, Vec<FieldError>> {
    let mut checker = Checker::default();
    let allowed = match kind {
        RequestKind::Add => ADD_FIELDS,
        RequestKind::Remove => REMOVE_FIELDS,
    };
    let mut seen: HashMap<&str, &Entry> = HashMap::new();
    for entry in entries {
        if let Some(first) = seen.get(entry.key.as_str()) {
            checker.error(
                &entry.key,
                entry.key_at,
                format!(
                    "`{}` is given twice (first on line {})",
                    entry.key, first.key_at.line
                ),
                Some("keep one of them".into()),
            );
        } else if allowed.contains(&entry.key.as_str()) {
            seen.insert(&entry.key, entry);
        } else {
            let hint = unknown_key_hint(kind, &entry.key, allowed);
            checker.error(
                &entry.key,
                entry.key_at,
                format!("unknown key `{}`", entry.key),
                hint,
            );
        }
    }
    let mut fields = Fields {
        seen,
        checker: &mut checker,
    };
    let request = match kind {
        RequestKind::Add => fields.add_request().map(Request::Add),
        RequestKind::Remove => fields.remove_request().map(Request::Remove),
    };
    match request {
        Some(request) if checker.errors.is_empty() => Ok(request),
        _ => Err(checker.errors),
    }
}

fn unknown_key_hint(kind: RequestKind, key: &str, allowed: &[&str]) -> Option<String> {
    let other = match kind {
        RequestKind::Add => (REMOVE_FIELDS, RequestKind::Remove),
        RequestKind::Remove => (ADD_FIELDS, RequestKind::Add),
    };
    let close = allowed
        .iter()
        .map(|candidate| (strsim::jaro_winkler(key, candidate), *candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if other.0.contains(&key) {
        Some(format!(
            "`{key}` belongs in a {} request ({}/)",
            other.1,
            other.1.folder()
        ))
    } else if let Some((_, candidate)) = close {
        Some(format!("did you mean `{candidate}`?"))
    } else {
        Some(format!("allowed keys: {}", allowed.join(", ")))
    }
}

#[derive(Default)]
struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn error(&mut self, field: &str, at: Position, message: String, hint: Option<String>) {
        self.errors.push(FieldError {
            field: field.to_string(),
            line: at.line,
            column: at.column,
            message,
            hint,
        });
    }
}

struct Fields<'a, 'e> {
    seen: HashMap<&'e str, &'e Entry>,
    checker: &'a mut Checker,
}

const STAGE_HINT: &str = "write e.g. `stage:` then, indented, `nodes: n[1-4]` (or `partition: gpu`) and `target: /local/nvme/datasets`";

/// The rule a value must follow beyond being a single-line string.
#[derive(Clone, Copy)]
enum Rule {
    HfId,
    FreeText,
    /// A config or split name: no `/` or `..`.
    Name,
    /// A git revision: `/` allowed (refs), `..` never.
    Revision,
}

impl Fields<'_, '_> {
    fn add_request(&mut self) -> Option<AddRequest> {
        let hf_id = self.required("hf_id", Rule::HfId);
        let description = self.required("description", Rule::FreeText);
        let revision = self.optional("revision", Rule::Revision, Some(DEFAULT_REVISION));
        let subset = self.optional("subset", Rule::Name, None);
        let split = self.optional("split", Rule::Name, Some(DEFAULT_SPLIT));
        let audio_column = self.optional("audio_column", Rule::Name, Some(DEFAULT_AUDIO_COLUMN));
        let text_column = self.optional("text_column", Rule::Name, Some(DEFAULT_TEXT_COLUMN));
        let stage = self.stage();
        let request = AddRequest {
            hf_id: hf_id?,
            description: description?,
            revision: revision??,
            subset: subset?,
            split: split??,
            audio_column: audio_column??,
            text_column: text_column??,
            stage: stage?,
        };
        let name = request.storage_name();
        if name.len() > MAX_NAME_BYTES {
            let at = self.seen.get("hf_id").map(|e| e.key_at).unwrap_or_default();
            self.checker.error(
                "revision",
                at,
                format!(
                    "the storage name would be {} bytes, over the file system's {MAX_NAME_BYTES}",
                    name.len()
                ),
                Some("use a shorter revision (a commit sha or tag), subset or split".into()),
            );
            return None;
        }
        Some(request)
    }

    fn remove_request(&mut self) -> Option<RemoveRequest> {
        let hf_id = self.required("hf_id", Rule::HfId);
        let reason = self.required("reason", Rule::FreeText);
        Some(RemoveRequest {
            hf_id: hf_id?,
            reason: reason?,
        })
    }

    /// The `stage:` mapping: `Some(None)` when absent, `None` when invalid (errors recorded,
    /// each on its own line with the field as `stage.<key>`).
    fn stage(&mut self) -> Option<Option<StageSpec>> {
        let Some(entry) = self.seen.get("stage").copied() else {
            return Some(None);
        };
        let inner = match &entry.value {
            Value::Null => return Some(None),
            Value::Mapping(inner) => inner,
            other => {
                self.checker.error(
                    "stage",
                    entry.value_at,
                    format!("`stage` must be a mapping, not {}", other.kind()),
                    Some(STAGE_HINT.into()),
                );
                return None;
            }
        };
        let mut spec = StageSpec {
            partition: None,
            nodes: None,
            nodes_count: None,
            target: String::new(),
        };
        let mut valid = true;
        let mut places: HashMap<&str, Position> = HashMap::new();
        for item in inner {
            let field = format!("stage.{}", item.key);
            if places.contains_key(item.key.as_str()) {
                self.checker.error(
                    &field,
                    item.key_at,
                    format!("`{field}` is given twice"),
                    Some("keep one of them".into()),
                );
                valid = false;
                continue;
            }
            places.insert(&item.key, item.value_at);
            let text = match &item.value {
                Value::Text(text) => text.trim().to_string(),
                Value::Null => continue,
                other => {
                    self.checker.error(
                        &field,
                        item.value_at,
                        format!("`{field}` must be a single value, not a {}", other.kind()),
                        Some(format!("write `{}: value` on one line", item.key)),
                    );
                    valid = false;
                    continue;
                }
            };
            match item.key.as_str() {
                "partition" => spec.partition = Some(text),
                "nodes" => spec.nodes = Some(text),
                "target" => spec.target = text,
                "nodes_count" => match text.parse::<u32>() {
                    Ok(count) => spec.nodes_count = Some(count),
                    Err(_) => {
                        self.checker.error(
                            &field,
                            item.value_at,
                            format!("`{field}` must be a whole number of nodes, not `{text}`"),
                            Some("e.g. `nodes_count: 4`".into()),
                        );
                        valid = false;
                    }
                },
                key => {
                    let close = STAGE_FIELDS
                        .iter()
                        .map(|candidate| (strsim::jaro_winkler(key, candidate), *candidate))
                        .filter(|(score, _)| *score >= 0.8)
                        .max_by(|a, b| a.0.total_cmp(&b.0));
                    let hint = match close {
                        Some((_, candidate)) => format!("did you mean `{candidate}`?"),
                        None => format!("allowed keys under `stage`: {}", STAGE_FIELDS.join(", ")),
                    };
                    self.checker.error(
                        &field,
                        item.key_at,
                        format!("unknown key `{field}`"),
                        Some(hint),
                    );
                    valid = false;
                }
            }
        }
        if !valid {
            return None;
        }
        if spec.target.is_empty() {
            self.checker.error(
                "stage.target",
                entry.key_at,
                "`stage.target` is missing; it is required".into(),
                Some("add `target: /local/nvme/datasets` (the folder on each node)".into()),
            );
            return None;
        }
        if let Err(error) = spec.check() {
            let field = format!("stage.{}", error.field).replace("stage.stage", "stage");
            let at = places.get(error.field).copied().unwrap_or(entry.key_at);
            let shown = if error.value.is_empty() {
                String::new()
            } else {
                format!(" `{}`", error.value)
            };
            self.checker.error(
                &field,
                at,
                format!("`{field}`{shown}: {}", error.why),
                Some(STAGE_HINT.into()),
            );
            return None;
        }
        Some(Some(spec))
    }

    /// `None` when the value is missing or invalid (an error was recorded).
    fn required(&mut self, key: &str, rule: Rule) -> Option<String> {
        match self.optional(key, rule, None) {
            Some(Some(value)) => Some(value),
            Some(None) => {
                let at = self.seen.get(key).map(|e| e.value_at);
                let message = if at.is_some() {
                    format!("`{key}` is empty; it is required")
                } else {
                    format!("`{key}` is missing; it is required")
                };
                let hint = match key {
                    "hf_id" => {
                        "add e.g. `hf_id: openslr/librispeech_asr` (the id on the dataset's Hub page)"
                    }
                    "description" => "add `description: why the team needs this dataset`",
                    "reason" => "add `reason: why the dataset can go`",
                    _ => "add it",
                };
                self.checker.error(
                    key,
                    at.unwrap_or(Position { line: 1, column: 1 }),
                    message,
                    Some(hint.into()),
                );
                None
            }
            None => None,
        }
    }

    /// `Some(None)` when absent or null and no default applies; `None` when invalid.
    fn optional(&mut self, key: &str, rule: Rule, default: Option<&str>) -> Option<Option<String>> {
        let Some(entry) = self.seen.get(key).copied() else {
            return Some(default.map(str::to_string));
        };
        let text = match &entry.value {
            Value::Null => return Some(default.map(str::to_string)),
            value @ (Value::NotScalar(_) | Value::Mapping(_)) => {
                let kind = value.kind();
                self.checker.error(
                    key,
                    entry.value_at,
                    format!("`{key}` must be a single value, not a {kind}"),
                    Some(format!("write `{key}: value` on one line")),
                );
                return None;
            }
            Value::Text(text) => text,
        };
        let value = if matches!(rule, Rule::HfId) {
            text.trim()
        } else {
            text.as_str()
        };
        match check_value(rule, value) {
            Ok(()) => Some(Some(value.to_string())),
            Err((message, hint)) => {
                self.checker
                    .error(key, entry.value_at, format!("`{key}` {message}"), hint);
                None
            }
        }
    }
}

type RuleError = (String, Option<String>);

fn check_value(rule: Rule, value: &str) -> Result<(), RuleError> {
    if value.trim().is_empty() {
        return Err((
            "is blank".into(),
            Some("give a value or remove the line".into()),
        ));
    }
    let multiline_ok = matches!(rule, Rule::FreeText);
    if let Some(c) = value
        .chars()
        .find(|c| c.is_control() && !(multiline_ok && matches!(c, '\n' | '\t')))
    {
        return Err((
            format!("contains the control character {c:?}"),
            Some("keep the value on one line".into()),
        ));
    }
    match rule {
        Rule::HfId => validate_hf_id(value).map_err(|message| (message, Some(
            "copy the id from the dataset's Hub page, e.g. `mozilla-foundation/common_voice_11_0`".into(),
        ))),
        Rule::FreeText => Ok(()),
        Rule::Name => {
            if value.contains('/') || value.contains("..") {
                Err((
                    format!("`{value}` contains `/` or `..`"),
                    Some("give the config or split name as the dataset viewer lists it".into()),
                ))
            } else {
                Ok(())
            }
        }
        Rule::Revision => check_revision(value),
    }
}

/// A branch, tag or commit name that is safe to store and to put in a URL path: the parts of
/// `git check-ref-format` that matter, as a message naming `value` (with what to use instead).
pub fn check_git_ref(value: &str) -> Result<(), String> {
    check_revision(value).map_err(|(message, hint)| match hint {
        Some(hint) => format!("{message}; {hint}"),
        None => message,
    })
}

/// The parts of `git check-ref-format` that matter for a name we pass around and store.
fn check_revision(value: &str) -> Result<(), RuleError> {
    let hint = Some("use a branch, tag or commit sha as shown on the Hub, e.g. `main`".into());
    let bad = if value.contains("..") {
        Some("contains `..`")
    } else if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "._/-+@".contains(*c)))
    {
        return Err((
            format!("`{value}` is not a valid revision: it contains {c:?}"),
            Some(
                "a revision uses letters, digits and . _ / - + @ (a branch, tag or commit sha)"
                    .into(),
            ),
        ));
    } else if value.contains("@{") || value.contains("//") {
        Some("contains `@{` or `//`")
    } else if value.starts_with('/') || value.ends_with('/') || value.ends_with('.') {
        Some("starts or ends with `/`, or ends with `.`")
    } else if value.split('/').any(|part| part.starts_with('.')) {
        // Git's rule; and a `.` segment would move a URL path it is put in.
        Some("has a part that starts with `.`")
    } else if value.starts_with('-') {
        Some("starts with `-`")
    } else if value.ends_with(".lock") {
        Some("ends with `.lock`")
    } else {
        None
    };
    match bad {
        Some(why) => Err((
            format!("`{value}` is not a valid git revision: it {why}"),
            hint,
        )),
        None => Ok(()),
    }
}
