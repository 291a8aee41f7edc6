//! Storage names: the directory under `STORAGE_ROOT` that holds one request's data.
//!
//! The Python rule is kept wherever it is safe: `hf_id` with `/` replaced by `__`, then
//! `__rev_<revision>` for a full download or `__subset_<s>__split_<t>__rev_<r>` for a subset.
//! That rule lets `refs/convert/parquet` or `../../x` put `/` and `..` into the name, and lets
//! two different requests share a name (`a/b__rev_x` at `main` and `a/b` at `x__rev_main`).
//!
//! So each component that is not *plain* is percent-encoded. A plain component is non-empty,
//! uses only `[A-Za-z0-9._-]`, has no `__` or `..`, and neither starts nor ends with `_`. An
//! encoded component keeps only `[A-Za-z0-9-]` and `%XX`, so it always contains `%`, never
//! `_`, `.` or `/`. Splitting a name on `__` therefore yields the components back, their count
//! tells a full download (2-3 parts) from a subset (4-5 parts), and [`parse_storage_name`]
//! inverts [`storage_name`]: no two requests can share a name, and no name can leave the root.
//!
//! The split only counts when a subset is given (the Python rule): without a subset the whole
//! repository is downloaded, so requests that differ only in split are the same download.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Everything but ASCII letters, digits and `-` is encoded in a non-plain component.
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-');

/// Longest file name most Linux file systems accept.
pub const MAX_NAME_BYTES: usize = 255;

/// What a storage name identifies: one download of one repository.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DownloadTarget {
    pub hf_id: String,
    pub subset: Option<String>,
    /// Only meaningful with a subset; `None` for full downloads.
    pub split: Option<String>,
    pub revision: String,
}

impl DownloadTarget {
    /// The target of a request; `hf_id` is trimmed as the Python tool does.
    pub fn new(hf_id: &str, subset: Option<&str>, split: &str, revision: &str) -> Self {
        Self {
            hf_id: hf_id.trim().to_string(),
            subset: subset.map(str::to_string),
            split: subset.map(|_| split.to_string()),
            revision: revision.to_string(),
        }
    }
}

/// The directory name for a request, equal to the Python rule for plain values.
pub fn storage_name(hf_id: &str, subset: Option<&str>, split: &str, revision: &str) -> String {
    DownloadTarget::new(hf_id, subset, split, revision).storage_name()
}

impl DownloadTarget {
    pub fn storage_name(&self) -> String {
        let mut parts: Vec<String> = self.hf_id.split('/').map(component).collect();
        if let Some(subset) = &self.subset {
            parts.push(format!("subset_{}", component(subset)));
            parts.push(format!(
                "split_{}",
                component(self.split.as_deref().unwrap_or(""))
            ));
        }
        parts.push(format!("rev_{}", component(&self.revision)));
        parts.join("__")
    }
}

/// The inverse of [`storage_name`]; `None` for a name no request produces.
pub fn parse_storage_name(name: &str) -> Option<DownloadTarget> {
    let parts: Vec<&str> = name.split("__").collect();
    let (id_parts, rest) = match parts.len() {
        2 | 3 => parts.split_at(parts.len() - 1),
        4 | 5 => parts.split_at(parts.len() - 3),
        _ => return None,
    };
    let ids: Option<Vec<String>> = id_parts.iter().map(|part| decode(part)).collect();
    let hf_id = ids?.join("/");
    let revision = decode(rest.last()?.strip_prefix("rev_")?)?;
    let (subset, split) = if rest.len() == 3 {
        (
            Some(decode(rest[0].strip_prefix("subset_")?)?),
            Some(decode(rest[1].strip_prefix("split_")?)?),
        )
    } else {
        (None, None)
    };
    Some(DownloadTarget {
        hf_id,
        subset,
        split,
        revision,
    })
}

fn is_plain(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && !value.contains("__")
        && !value.contains("..")
        && !value.starts_with('_')
        && !value.ends_with('_')
}

fn component(value: &str) -> String {
    if is_plain(value) {
        value.to_string()
    } else {
        utf8_percent_encode(value, ENCODE).to_string()
    }
}

fn decode(part: &str) -> Option<String> {
    if part.contains('%') || part.is_empty() {
        percent_decode_str(part)
            .decode_utf8()
            .ok()
            .map(|s| s.into_owned())
    } else if is_plain(part) {
        Some(part.to_string())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row of the table in `fixtures/hugflow-python-state/README.md`.
    #[test]
    fn equals_the_python_rule_on_the_fixture_cases() {
        let cases = [
            (
                "mozilla-foundation/common_voice_11_0",
                None,
                "train",
                "main",
                "mozilla-foundation__common_voice_11_0__rev_main",
            ),
            (
                "mozilla-foundation/common_voice_11_0",
                Some("ms"),
                "train",
                "main",
                "mozilla-foundation__common_voice_11_0__subset_ms__split_train__rev_main",
            ),
            (
                "mozilla-foundation/common_voice_11_0",
                Some("ms"),
                "validation",
                "v1.0",
                "mozilla-foundation__common_voice_11_0__subset_ms__split_validation__rev_v1.0",
            ),
            ("squad", None, "train", "main", "squad__rev_main"),
            (
                "  Revolab/repetitive_conversations  ",
                None,
                "train",
                "main",
                "Revolab__repetitive_conversations__rev_main",
            ),
        ];
        for (hf_id, subset, split, revision, expected) in cases {
            assert_eq!(storage_name(hf_id, subset, split, revision), expected);
        }
    }

    #[test]
    fn split_without_subset_does_not_change_the_name() {
        assert_eq!(
            storage_name("squad", None, "validation", "main"),
            storage_name("squad", None, "train", "main")
        );
    }

    #[test]
    fn unsafe_revisions_are_encoded_not_copied() {
        let name = storage_name("org/data", None, "train", "refs/convert/parquet");
        assert_eq!(name, "org__data__rev_refs%2Fconvert%2Fparquet");
        let escape = storage_name("org/data", None, "train", "../../x");
        assert!(!escape.contains('/') && !escape.contains(".."), "{escape}");
        let hostile = storage_name("org/data", Some("; rm -rf ~"), "$(id)", "`id`\n");
        assert!(!hostile.contains('/') && !hostile.contains(' ') && !hostile.contains('\n'));
    }

    #[test]
    fn the_python_collision_is_resolved() {
        let a = storage_name("a/b__rev_x", None, "train", "main");
        let b = storage_name("a/b", None, "train", "x__rev_main");
        assert_ne!(a, b);
    }

    #[test]
    fn names_parse_back() {
        let target = DownloadTarget::new("org/data", Some("ms"), "train", "refs/pr/1");
        assert_eq!(parse_storage_name(&target.storage_name()), Some(target));
        assert_eq!(parse_storage_name("not-a-storage-name"), None);
    }
}
