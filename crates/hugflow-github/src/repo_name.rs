//! `owner/name`, checked before it reaches a URL.

use std::fmt;

use crate::GithubError;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RepoName {
    owner: String,
    name: String,
}

impl RepoName {
    pub fn new(owner: &str, name: &str) -> Result<Self, GithubError> {
        Self::parse(&format!("{owner}/{name}"))
    }

    /// Parses `owner/name` (also a pasted `https://github.com/owner/name(.git)`).
    pub fn parse(raw: &str) -> Result<Self, GithubError> {
        let trimmed = raw.trim().trim_end_matches('/');
        let path = trimmed.split_once("://").map_or(trimmed, |(_, rest)| {
            rest.split_once('/').map_or("", |(_, p)| p)
        });
        let path = path.strip_suffix(".git").unwrap_or(path);
        let invalid = || GithubError::Config {
            message: format!(
                "{raw:?} is not a GitHub repository; write it as owner/name (e.g. my-team/datasets-gitops)"
            ),
        };
        let (owner, name) = path.split_once('/').ok_or_else(invalid)?;
        let valid = |part: &str| {
            !part.is_empty()
                && part.len() <= 100
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                && part != "."
                && part != ".."
        };
        if !valid(owner) || !valid(name) {
            return Err(invalid());
        }
        Ok(Self {
            owner: owner.to_string(),
            name: name.to_string(),
        })
    }

    pub fn owner(&self) -> &str {
        &self.owner
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for RepoName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_urls() {
        for raw in [
            "team/gitops",
            " team/gitops ",
            "https://github.com/team/gitops",
            "https://github.com/team/gitops.git",
        ] {
            let name = RepoName::parse(raw).unwrap();
            assert_eq!(name.to_string(), "team/gitops", "{raw}");
        }
        for bad in ["team", "team/", "/x", "a/b/c", "te am/x", "../x", "a/.."] {
            assert!(RepoName::parse(bad).is_err(), "{bad}");
        }
    }
}
