//! Reading what `hugflow jobs …` prints, through the core's typed events only
//! ([`hugflow_core::events`]): the answer of `jobs start` and `jobs cancel`, and the lines of
//! a job's log. A line of a newer event schema is refused with the agent's "upgrade"
//! error rather than misread (DESIGN §3.7).
//!
//! A log is a file on the host: besides the runner's event lines it can hold what the runner
//! printed on stderr (a panic message) and lines an older engine wrote. Those are kept as
//! text for the reader, never an error: refusing them would hide the whole log.

use hugflow_core::events::{EVENT_SCHEMA, JobCancelAnswer, LineError, SyncEvent, parse_line};
use hugflow_core::request::FieldError;
use serde::{Deserialize, Serialize};

use super::super::AgentError;
use crate::target::Target;

/// One line of a job's log, as the desktop shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SyncLogEntry {
    /// An event the engine wrote.
    Event { event: SyncEvent },
    /// Anything else in the log (stderr, a panic message), as printed.
    Text { text: String },
}

/// What `hugflow jobs start --json` answered: the job runs detached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartedJob {
    pub id: String,
    pub pid: u32,
    /// The job's log file on the host.
    pub log: String,
}

/// Reads one line of a job's log: `None` for a blank line, an event, or text; only a newer
/// schema is an error.
pub fn read_log_line(target: &Target, line: &str) -> Result<Option<SyncLogEntry>, AgentError> {
    if line.trim().is_empty() {
        return Ok(None);
    }
    match parse_line::<SyncEvent>(line) {
        Ok(event) => Ok(Some(SyncLogEntry::Event { event })),
        Err(error) => {
            newer(target, &error)?;
            if let LineError::Unreadable { .. } = error {
                // An older engine's line of the same schema, or drift the golden tests missed:
                // shown as written, and said in the app's log.
                tracing::warn!(host = %target, %error, "a job log line kept as text");
            }
            Ok(Some(SyncLogEntry::Text {
                text: line.to_string(),
            }))
        }
    }
}

/// Reads `hugflow jobs start --json`'s answer (its last line): the `started` event, or the
/// `failed` event's message as the error.
pub fn read_start_answer(
    target: &Target,
    code: i32,
    stdout: &str,
) -> Result<StartedJob, AgentError> {
    const COMMAND: &str = "hugflow jobs start";
    match parse_line::<SyncEvent>(last_line(stdout)) {
        Ok(SyncEvent::Started { id, pid, log }) => Ok(StartedJob { id, pid, log }),
        Ok(other) => Err(refusal(target, COMMAND, code, &other, "`started`")),
        Err(error) => Err(line_error(target, COMMAND, &error)),
    }
}

/// Reads `hugflow jobs cancel --json`'s answer (its last line). A `cancel_pending` answer
/// exits 2 yet is an answer, not a failure; a `failed` event is the error.
pub fn read_cancel_answer(
    target: &Target,
    id: &str,
    code: i32,
    stdout: &str,
) -> Result<JobCancelAnswer, AgentError> {
    let command = format!("hugflow jobs cancel {id}");
    let line = last_line(stdout);
    match parse_line::<JobCancelAnswer>(line) {
        Ok(answer) => Ok(answer),
        // Not an answer: the command's own failure (an unknown job, an unreadable store).
        Err(error @ LineError::Unreadable { .. }) => match parse_line::<SyncEvent>(line) {
            Ok(event) => Err(refusal(target, &command, code, &event, "a cancel answer")),
            Err(_) => Err(line_error(target, &command, &error)),
        },
        Err(error) => Err(line_error(target, &command, &error)),
    }
}

fn last_line(stdout: &str) -> &str {
    stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
}

/// A newer schema: the host's hugflow is newer than this app.
fn newer(target: &Target, error: &LineError) -> Result<(), AgentError> {
    match error {
        LineError::NewerSchema { schema } => Err(AgentError::NewerSchema {
            host: target.to_string(),
            found: *schema,
            known: EVENT_SCHEMA,
        }),
        _ => Ok(()),
    }
}

fn line_error(target: &Target, command: &str, error: &LineError) -> AgentError {
    match newer(target, error) {
        Err(newer) => newer,
        Ok(()) => unreadable(target, command, error.to_string()),
    }
}

fn unreadable(target: &Target, command: &str, detail: String) -> AgentError {
    AgentError::Unreadable {
        host: target.to_string(),
        command: command.to_string(),
        detail,
    }
}

/// A command's event other than its answer: a `failed` event is the agent's failure, with
/// its message, what to do, and the request's field errors when the request was invalid.
fn refusal(
    target: &Target,
    command: &str,
    code: i32,
    event: &SyncEvent,
    expected: &str,
) -> AgentError {
    let SyncEvent::Failed {
        message,
        suggestion,
        errors,
        ..
    } = event
    else {
        return unreadable(
            target,
            command,
            format!("a `{}` event where {expected} was expected", event.kind()),
        );
    };
    let mut text = message.clone();
    for error in errors.iter().flatten() {
        text.push_str(&format!("; {}", field_error(error)));
    }
    if let Some(suggestion) = suggestion {
        text.push_str(&format!(". What to do: {suggestion}"));
    }
    AgentError::Failed {
        host: target.to_string(),
        command: command.to_string(),
        code,
        stderr: text,
    }
}

fn field_error(error: &FieldError) -> String {
    let hint = error
        .hint
        .as_ref()
        .map(|h| format!(" ({h})"))
        .unwrap_or_default();
    format!(
        "line {}, column {}: {}{hint}",
        error.line, error.column, error.message
    )
}
