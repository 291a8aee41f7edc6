//! The values a Hub (or a mirror at `HF_ENDPOINT`) answers that end up naming files on this
//! host, checked once where they are read (DESIGN §7: "every answer of a Hub endpoint or
//! mirror: oids are hex of the right length, paths relative without `..`").
//!
//! - [`RepoPath`]: a file's path in the repository, which becomes its path under the dataset
//!   folder: relative, `/`-separated, no empty, `.` or `..` segments, no backslash (a separator
//!   on Windows, and never produced by the Hub), no NUL or other control characters.
//! - [`Hex`]: a content id, lowercase hex of a fixed length: [`GitOid`] (40, a git blob or
//!   tree id) and [`Sha256Hex`] (64, an LFS oid). Downloads name their part files after it.
//!
//! Both deserialize through their checks, so a value of these types is safe wherever it is.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What is wrong with a value the Hub answered. Displays as `path "../x": why`, the value
/// escaped so control characters cannot garble a terminal or a PR comment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} {value:?}: {problem}")]
pub struct UnsafeValue {
    /// `path`, `oid` or `LFS oid`.
    pub what: &'static str,
    /// The value as answered, cut to 200 characters.
    pub value: String,
    pub problem: String,
}

impl UnsafeValue {
    /// The problem, naming the entry when the value is not its path (which names it already):
    /// `oid "../x": not 40 lowercase hex digits (entry "README.md")`.
    pub fn in_entry(&self, entry: &str) -> String {
        if self.what == "path" {
            self.to_string()
        } else {
            let entry: String = entry.chars().take(200).collect();
            format!("{self} (entry {entry:?})")
        }
    }

    fn new(what: &'static str, value: &str, problem: impl Into<String>) -> Self {
        Self {
            what,
            value: value.chars().take(200).collect(),
            problem: problem.into(),
        }
    }
}

/// A repository path that stays inside whatever folder it is joined to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RepoPath(String);

impl RepoPath {
    pub fn parse(path: &str) -> Result<Self, UnsafeValue> {
        let unsafe_path = |problem: &str| Err(UnsafeValue::new("path", path, problem));
        if path.is_empty() {
            return unsafe_path("it is empty");
        }
        if path.starts_with('/') {
            return unsafe_path("it is absolute; repository paths are relative");
        }
        if path.contains('\\') {
            return unsafe_path("it contains a backslash, a path separator on Windows");
        }
        if path.chars().any(char::is_control) {
            return unsafe_path("it contains a control character (NUL, newline, ...)");
        }
        for segment in path.split('/') {
            match segment {
                "" => return unsafe_path("it has an empty segment (`//` or a trailing `/`)"),
                "." => return unsafe_path("it has a `.` segment"),
                ".." => return unsafe_path("a `..` segment would climb out of the dataset folder"),
                _ => {}
            }
        }
        Ok(Self(path.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl TryFrom<String> for RepoPath {
    type Error = UnsafeValue;
    fn try_from(path: String) -> Result<Self, UnsafeValue> {
        Self::parse(&path)
    }
}

impl From<RepoPath> for String {
    fn from(path: RepoPath) -> String {
        path.0
    }
}

impl AsRef<str> for RepoPath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl AsRef<std::path::Path> for RepoPath {
    fn as_ref(&self) -> &std::path::Path {
        std::path::Path::new(&self.0)
    }
}

impl fmt::Display for RepoPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Comparisons with plain strings, so callers can write `entry.path == "data"`.
macro_rules! eq_strings {
    ([$($generics:tt)*] $type:ty) => {
        impl<$($generics)*> PartialEq<str> for $type {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }
        impl<$($generics)*> PartialEq<&str> for $type {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
        impl<$($generics)*> PartialEq<String> for $type {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }
    };
}

eq_strings!([] RepoPath);
eq_strings!([const LEN: usize] Hex<LEN>);

/// Exactly `LEN` lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Hex<const LEN: usize>(String);

/// A git object id (blob or tree): the `oid` of every tree entry.
pub type GitOid = Hex<40>;
/// A sha256: the `lfs.oid` of LFS files.
pub type Sha256Hex = Hex<64>;

impl<const LEN: usize> Hex<LEN> {
    pub fn parse(text: &str) -> Result<Self, UnsafeValue> {
        Self::parse_named(text, if LEN == 64 { "LFS oid" } else { "oid" })
    }

    /// [`parse`](Self::parse), naming the value `what` in the error (e.g. `xetHash`, a tree
    /// entry's Xet file hash: 64 lowercase hex digits too).
    pub fn parse_named(text: &str, what: &'static str) -> Result<Self, UnsafeValue> {
        let hex = text.len() == LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if hex {
            Ok(Self(text.to_string()))
        } else {
            Err(UnsafeValue::new(
                what,
                text,
                format!("not {LEN} lowercase hex digits"),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl<const LEN: usize> TryFrom<String> for Hex<LEN> {
    type Error = UnsafeValue;
    fn try_from(text: String) -> Result<Self, UnsafeValue> {
        Self::parse(&text)
    }
}

impl<const LEN: usize> From<Hex<LEN>> for String {
    fn from(hex: Hex<LEN>) -> String {
        hex.0
    }
}

impl<const LEN: usize> AsRef<str> for Hex<LEN> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<const LEN: usize> fmt::Display for Hex<LEN> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_a_hub_really_has_are_accepted() {
        for path in [
            "README.md",
            ".gitattributes",
            "data/train-00000-of-00004.parquet",
            "audio/train/000001.flac",
            "names with spaces/ünïcode – dash.json",
            "..hidden/x..y/...",
        ] {
            assert_eq!(
                RepoPath::parse(path).map(|p| p.into_string()),
                Ok(path.into())
            );
        }
    }

    #[test]
    fn paths_that_could_leave_the_dataset_folder_are_refused_with_the_reason() {
        for (path, reason) in [
            ("../x", "`..` segment"),
            ("a/../../x", "`..` segment"),
            ("a/..", "`..` segment"),
            ("/etc/x", "absolute"),
            ("a\\b", "backslash"),
            ("..\\x", "backslash"),
            ("a//b", "empty segment"),
            ("a/", "empty segment"),
            ("./a", "`.` segment"),
            ("a/./b", "`.` segment"),
            ("", "empty"),
            ("a\0b", "control character"),
            ("a\nb", "control character"),
            ("a\u{1b}[2Jb", "control character"),
        ] {
            let error = RepoPath::parse(path).expect_err(path);
            assert!(error.problem.contains(reason), "{path:?}: {error}");
            assert!(error.to_string().starts_with("path \""), "{error}");
        }
    }

    #[test]
    fn oids_must_be_lowercase_hex_of_their_length() {
        let blob = "ce013625030ba8dba906f756967f9e9ca394464a";
        let sha256 = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
        assert!(GitOid::parse(blob).is_ok());
        assert!(Sha256Hex::parse(sha256).is_ok());
        for bad in [
            "../../../../etc/cron.d/x",
            &blob.to_uppercase(),
            &blob[..39],
            &format!("{blob}0"),
            sha256,
            "",
            &format!("{}/", &blob[..39]),
        ] {
            let error = GitOid::parse(bad).expect_err(bad);
            assert_eq!(error.what, "oid");
            assert!(error.problem.contains("40 lowercase hex"), "{error}");
        }
        assert!(Sha256Hex::parse(blob).is_err());
        assert!(Sha256Hex::parse(&format!("../{}", &sha256[3..])).is_err());
        let xet = Sha256Hex::parse_named("../x", "xetHash").unwrap_err();
        assert_eq!(xet.what, "xetHash");
        assert!(xet.problem.contains("64 lowercase hex"), "{xet}");
        assert!(Sha256Hex::parse_named(sha256, "xetHash").is_ok());
    }

    #[test]
    fn deserializing_runs_the_checks() {
        let ok: RepoPath = serde_json::from_str("\"a/b\"").unwrap();
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"a/b\"");
        let error = serde_json::from_str::<RepoPath>("\"../x\"").unwrap_err();
        assert!(error.to_string().contains("climb out"), "{error}");
        assert!(serde_json::from_str::<GitOid>("\"../../x\"").is_err());
    }

    #[test]
    fn an_oid_problem_names_its_entry() {
        let oid = GitOid::parse("../x").unwrap_err();
        assert_eq!(
            oid.in_entry("README.md"),
            "oid \"../x\": not 40 lowercase hex digits (entry \"README.md\")"
        );
        let path = RepoPath::parse("../x").unwrap_err();
        assert_eq!(path.in_entry("../x"), path.to_string());
    }

    #[test]
    fn the_reason_escapes_what_the_hub_sent_and_stays_short() {
        let error = RepoPath::parse(&format!("a\n{}", "b".repeat(500))).unwrap_err();
        let shown = error.to_string();
        assert!(shown.contains("a\\nbbb"), "{shown}");
        assert!(!shown.contains('\n'));
        assert!(shown.len() < 300, "{}", shown.len());
    }
}
