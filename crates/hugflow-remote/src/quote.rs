//! Building the command line a remote shell runs, safely.
//!
//! ssh hands the remote side one string that the login shell parses, so every value in it is
//! first validated (no control characters: a newline would end the command) and then quoted
//! with `shell-words`, which leaves nothing for the shell to expand. The only text that goes
//! unquoted is the fixed script text in this crate's source ([`RemoteCommand::script`]).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} {value:?} cannot be sent to the host: {why}")]
pub struct ValueError {
    pub what: String,
    pub value: String,
    pub why: String,
}

/// Checks a value bound for a remote command line: not empty, no control characters.
pub fn check_value(what: &str, value: &str) -> Result<(), ValueError> {
    let fail = |why: String| ValueError {
        what: what.to_string(),
        value: value.to_string(),
        why,
    };
    if value.is_empty() {
        return Err(fail("it is empty".into()));
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(fail(format!(
            "it contains the control character {c:?}; remove it"
        )));
    }
    Ok(())
}

/// Checks a remote path: a valid value that is absolute or starts with `~/`.
pub fn check_path(what: &str, value: &str) -> Result<(), ValueError> {
    check_value(what, value)?;
    if !(value.starts_with('/') || value.starts_with("~/") || value == "~") {
        return Err(ValueError {
            what: what.to_string(),
            value: value.to_string(),
            why: "it must be an absolute path (/data/datasets) or start with ~/".into(),
        });
    }
    Ok(())
}

/// A remote shell command assembled from fixed script text and quoted values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemoteCommand(String);

impl RemoteCommand {
    /// Fixed shell text written in this crate (never user input).
    pub fn script(text: &'static str) -> Self {
        Self(text.to_string())
    }

    /// Appends fixed shell text.
    pub fn then(mut self, text: &'static str) -> Self {
        self.0.push_str(text);
        self
    }

    /// Appends one value as a single quoted word (preceded by a space).
    pub fn arg(mut self, value: &str) -> Self {
        self.0.push(' ');
        self.0.push_str(&shell_words::quote(value));
        self
    }

    /// Appends a remote path as one word; a leading `~/` becomes `"$HOME"/` so the remote
    /// user's home is used while the rest stays quoted.
    pub fn path(mut self, value: &str) -> Self {
        self.0.push(' ');
        self.0.push_str(&quote_path(value));
        self
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RemoteCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One shell word for a remote path (see [`RemoteCommand::path`]).
pub fn quote_path(value: &str) -> String {
    match value.strip_prefix('~') {
        Some("") => "\"$HOME\"".to_string(),
        Some(rest) if rest.starts_with('/') => format!("\"$HOME\"{}", shell_words::quote(rest)),
        _ => shell_words::quote(value).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_single_words_and_home_expands() {
        let c = RemoteCommand::script("df -B1 --")
            .path("~/data sets")
            .arg("$(id)");
        assert_eq!(c.as_str(), "df -B1 -- \"$HOME\"'/data sets' '$(id)'");
        assert_eq!(quote_path("/data/x"), "/data/x");
    }

    #[test]
    fn control_characters_and_relative_paths_are_refused() {
        assert!(check_value("storage root", "a\nrm -rf ~").is_err());
        assert!(check_value("storage root", "").is_err());
        let error = check_path("storage root", "data").unwrap_err().to_string();
        assert!(error.contains("absolute path"), "{error}");
        check_path("storage root", "~/data").unwrap();
    }
}
