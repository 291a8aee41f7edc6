//! What `hugflow jobs start` reads from stdin: `{"request_yaml": "...", "hf_token": "..."}`.
//! The document is read field by field so that no refusal ever quotes a value: a token sent
//! in the wrong field must not come back in an error message (the desktop shows them, and
//! logs keep them).

use std::io::Read;

use hugflow_sync::jobs::JOB_SCHEMA;
use serde_json::Value;

/// The most `jobs start` reads from stdin.
pub const MAX_INPUT: u64 = 1 << 20;

const SHAPE: &str = r#"{"request_yaml": "<request YAML>", "hf_token": "<optional>"}"#;

/// What `jobs start` was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartInput {
    pub request_yaml: String,
    pub hf_token: Option<String>,
}

/// Why stdin is not a job. No variant carries a value the caller sent, only field names
/// and positions.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StartInputError {
    #[error("cannot read the job from stdin: {0}")]
    Read(String),
    #[error(
        "stdin is not one JSON document like {SHAPE} (line {line}, column {column}: {category} error)"
    )]
    NotJson {
        line: usize,
        column: usize,
        category: String,
    },
    #[error("stdin must be a JSON object like {SHAPE}")]
    NotAnObject,
    #[error(
        "stdin's `schema` is not {JOB_SCHEMA}: this hugflow is older than the caller; upgrade hugflow on this host"
    )]
    Schema,
    #[error("`request_yaml` must be a string: the request's YAML")]
    RequestNotAString,
    #[error("`hf_token` has spaces or control characters; send the token alone (it was not used)")]
    TokenNotPlain,
    #[error("`hf_token` must be a string or null")]
    TokenNotAString,
    /// The field's name is the caller's key, never its value.
    #[error("stdin has an unknown field {0:?}; the fields are `request_yaml` and `hf_token`")]
    UnknownField(String),
    #[error("stdin has no `request_yaml`; send {SHAPE}")]
    NoRequest,
}

/// Reads at most [`MAX_INPUT`] bytes from `reader` (stdin) and parses them.
pub fn read_start_input(reader: impl Read) -> Result<StartInput, StartInputError> {
    let mut text = String::new();
    reader
        .take(MAX_INPUT)
        .read_to_string(&mut text)
        .map_err(|error| StartInputError::Read(error.kind().to_string()))?;
    parse_start_input(&text)
}

/// Parses the document; see [`StartInputError`] for what is refused.
pub fn parse_start_input(text: &str) -> Result<StartInput, StartInputError> {
    let value: Value = serde_json::from_str(text).map_err(|error| StartInputError::NotJson {
        line: error.line(),
        column: error.column(),
        // Only the category: serde's message may quote the input.
        category: format!("{:?}", error.classify()),
    })?;
    let Value::Object(fields) = value else {
        return Err(StartInputError::NotAnObject);
    };
    let mut request_yaml = None;
    let mut hf_token = None;
    for (key, value) in fields {
        match (key.as_str(), value) {
            ("schema", Value::Number(n)) if n.as_u64() == Some(u64::from(JOB_SCHEMA)) => {}
            ("schema", _) => return Err(StartInputError::Schema),
            ("request_yaml", Value::String(yaml)) => request_yaml = Some(yaml),
            ("request_yaml", _) => return Err(StartInputError::RequestNotAString),
            ("hf_token", Value::Null) => {}
            ("hf_token", Value::String(token)) if token.is_empty() => {}
            ("hf_token", Value::String(token)) => {
                if !token.bytes().all(|b| b.is_ascii_graphic()) {
                    return Err(StartInputError::TokenNotPlain);
                }
                hf_token = Some(token);
            }
            ("hf_token", _) => return Err(StartInputError::TokenNotAString),
            (other, _) => return Err(StartInputError::UnknownField(other.to_string())),
        }
    }
    Ok(StartInput {
        request_yaml: request_yaml.ok_or(StartInputError::NoRequest)?,
        hf_token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "hf_secretsecretsecret";

    #[test]
    fn a_request_and_a_token_are_read() {
        let input = parse_start_input(&format!(
            r#"{{"schema":1,"request_yaml":"hf_id: a/b\n","hf_token":"{TOKEN}"}}"#
        ))
        .unwrap();
        assert_eq!(input.request_yaml, "hf_id: a/b\n");
        assert_eq!(input.hf_token.as_deref(), Some(TOKEN));
        let input = parse_start_input(r#"{"request_yaml":"x","hf_token":""}"#).unwrap();
        assert_eq!(input.hf_token, None, "an empty token is no token");
    }

    #[test]
    fn every_refusal_names_the_field_and_never_quotes_a_value() {
        let cases = [
            (
                format!("{{\"request_yaml\": \"{TOKEN}"),
                "not one JSON document",
            ),
            (format!("[\"{TOKEN}\"]"), "must be a JSON object"),
            (
                format!("{{\"schema\": 2, \"request_yaml\": \"{TOKEN}\"}}"),
                "upgrade hugflow",
            ),
            (
                format!("{{\"request_yaml\": [\"{TOKEN}\"]}}"),
                "`request_yaml` must be a string",
            ),
            (
                format!("{{\"request_yaml\": \"x\", \"hf_token\": \"{TOKEN} \"}}"),
                "spaces or control",
            ),
            (
                format!("{{\"request_yaml\": \"x\", \"hf_token\": [\"{TOKEN}\"]}}"),
                "string or null",
            ),
            (
                format!("{{\"request_yaml\": \"x\", \"token\": \"{TOKEN}\"}}"),
                "unknown field \"token\"",
            ),
            (
                format!("{{\"hf_token\": \"{TOKEN}\"}}"),
                "no `request_yaml`",
            ),
        ];
        for (input, says) in cases {
            let error = parse_start_input(&input).unwrap_err().to_string();
            assert!(error.contains(says), "{input}: {error}");
            assert!(!error.contains(TOKEN), "{input}: {error}");
        }
    }

    #[test]
    fn more_than_the_limit_is_not_read() {
        let mut big = String::from(r#"{"request_yaml":""#);
        big.push_str(&"x".repeat(MAX_INPUT as usize));
        big.push_str(r#""}"#);
        let error = read_start_input(big.as_bytes()).unwrap_err();
        assert!(matches!(error, StartInputError::NotJson { .. }), "{error}");
    }
}
