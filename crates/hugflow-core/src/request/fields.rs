//! The request schema: which keys exist, their defaults, and the rule each value must follow.

use std::collections::HashMap;

use super::yaml::{Entry, Position, Value};
use super::*;
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
];
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
        let request = AddRequest {
            hf_id: hf_id?,
            description: description?,
            revision: revision??,
            subset: subset?,
            split: split??,
            audio_column: audio_column??,
            text_column: text_column??,
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
            Value::NotScalar(kind) => {
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
