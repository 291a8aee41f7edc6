//! When a ductaflow run started and whether (and when) it ended, read from its
//! `*_execution_output.txt`. ductaflow has written three kinds of log:
//!
//! 1. **The logger format** (current `run_notebook`): every line it writes is
//!    `YYYY-MM-DD HH:MM:SS - <logger> - LEVEL - message`, logger `flow:<notebook>`. The run
//!    starts at the first timestamped line and ends at a line whose message is
//!    `✅ Execution completed` or begins with `❌ Execution failed` (a multi-line message: the
//!    exception follows on lines without a timestamp).
//! 2. **The older tee format** (`run_notebook` before the logger): `🚀 Execution started: <iso>`
//!    and `✅ Execution completed: <iso>` around the captured output. A failure wrote no end line.
//! 3. **CLI mode** (`load_cli_config`, a flow run as a script). Old ductaflow wrote
//!    `🚀 CLI Execution started: <iso>` … `✅ CLI Execution completed: <iso>` (its README names
//!    the file `*_cli_execution_output.txt`). Current ductaflow writes the logger format with
//!    the logger name `ductaflow` (`📊 Loaded config from …`, `🚀 Running as CLI script in: …`)
//!    and **never writes an end line**: the script's own output goes to the console only. Such
//!    a log is [`Timing::cli_mode`]; the caller decides it has finished when nothing in its
//!    folder was written recently, and its end time stays unknown.
//!
//! All the times are the host's local wall-clock time without an offset, as Python wrote them;
//! they are kept that way (`YYYY-MM-DDTHH:MM:SS`, fractions dropped). Marker lines may appear
//! more than once (a log appended to): the run has finished only if the last marker is an end.

use chrono::NaiveDateTime;

const LOGGER_START: &str = "🚀 Execution started";
const LOGGER_END: &str = "✅ Execution completed";
const LOGGER_FAILED: &str = "❌ Execution failed";
const TEE_STARTS: [&str; 2] = ["🚀 Execution started:", "🚀 CLI Execution started:"];
const TEE_ENDS: [&str; 2] = ["✅ Execution completed:", "✅ CLI Execution completed:"];
/// The logger name current ductaflow's CLI mode logs under.
const CLI_LOGGER: &str = "ductaflow";
const LEVELS: [&str; 5] = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

/// What a log says about its run's start and end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timing {
    pub started: Option<NaiveDateTime>,
    pub ended: Option<NaiveDateTime>,
    /// The last start/end marker is an end line.
    pub finished: bool,
    /// Current ductaflow's CLI mode (logger `ductaflow`), which never writes an end line.
    pub cli_mode: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Start,
    End(Option<NaiveDateTime>),
}

/// Reads a log line by line.
#[derive(Debug, Default)]
pub struct TimingParser {
    started: Option<NaiveDateTime>,
    first_logger_is_cli: Option<bool>,
    last_marker: Option<Marker>,
}

impl TimingParser {
    pub fn feed(&mut self, line: &str) {
        if let Some(parsed) = LoggerLine::parse(line) {
            if self.first_logger_is_cli.is_none() {
                self.first_logger_is_cli = Some(parsed.logger == CLI_LOGGER);
            }
            let message = parsed.message.trim_end();
            let marker = if message == LOGGER_START {
                Some(Marker::Start)
            } else if message == LOGGER_END || message.starts_with(LOGGER_FAILED) {
                Some(Marker::End(parse_time(parsed.time)))
            } else {
                None
            };
            if self.started.is_none() {
                self.started = parse_time(parsed.time);
            }
            if marker.is_some() {
                self.last_marker = marker;
            }
            return;
        }
        let text = line.trim();
        if let Some(rest) = TEE_STARTS.iter().find_map(|p| text.strip_prefix(p)) {
            if self.started.is_none() {
                self.started = parse_time(rest.trim());
            }
            self.last_marker = Some(Marker::Start);
        } else if let Some(rest) = TEE_ENDS.iter().find_map(|p| text.strip_prefix(p)) {
            self.last_marker = Some(Marker::End(parse_time(rest.trim())));
        }
    }

    pub fn finish(self) -> Timing {
        let ended = match self.last_marker {
            Some(Marker::End(at)) => Some(at),
            _ => None,
        };
        let finished = ended.is_some();
        Timing {
            started: self.started,
            ended: ended.flatten(),
            finished,
            cli_mode: !finished && self.first_logger_is_cli == Some(true),
        }
    }
}

/// `YYYY-MM-DD HH:MM:SS[,fff] - <logger> - LEVEL - message`
struct LoggerLine<'a> {
    time: &'a str,
    logger: &'a str,
    message: &'a str,
}

impl<'a> LoggerLine<'a> {
    fn parse(line: &'a str) -> Option<Self> {
        let bytes = line.as_bytes();
        if bytes.len() < 22 || !looks_like_time(&bytes[..19]) {
            return None;
        }
        let mut rest = &line[19..];
        // Python's default asctime carries milliseconds after a comma.
        if let Some(fraction) = rest.strip_prefix([',', '.']) {
            rest = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        let rest = rest.strip_prefix(" - ")?;
        // The logger's name may itself hold " - "; the level is one of logging's own.
        let (logger, message) = rest.match_indices(" - ").find_map(|(at, _)| {
            let after = &rest[at + 3..];
            LEVELS.iter().find_map(|level| {
                let message = after.strip_prefix(level)?.strip_prefix(" - ")?;
                Some((&rest[..at], message))
            })
        })?;
        Some(Self {
            time: &line[..19],
            logger,
            message,
        })
    }
}

/// `DDDD-DD-DD DD:DD:DD` (or with a `T`), checked cheaply before chrono parses it.
fn looks_like_time(b: &[u8]) -> bool {
    let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
    digits.iter().all(|&i| b[i].is_ascii_digit())
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b' ' || b[10] == b'T')
        && b[13] == b':'
        && b[16] == b':'
}

/// Reads the `YYYY-MM-DD[T ]HH:MM:SS` at the start of `text`; fractions and offsets after it
/// are ignored (the logs write local times).
pub fn parse_time(text: &str) -> Option<NaiveDateTime> {
    let head = text.get(..19)?;
    if !looks_like_time(head.as_bytes()) {
        return None;
    }
    let format = if head.as_bytes()[10] == b'T' {
        "%Y-%m-%dT%H:%M:%S"
    } else {
        "%Y-%m-%d %H:%M:%S"
    };
    NaiveDateTime::parse_from_str(head, format).ok()
}

/// The form the report uses: `YYYY-MM-DDTHH:MM:SS`.
pub fn format_time(time: NaiveDateTime) -> String {
    time.format("%Y-%m-%dT%H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timing(text: &str) -> Timing {
        let mut parser = TimingParser::default();
        crate::rule::lines(text).for_each(|line| parser.feed(line));
        parser.finish()
    }

    fn at(text: &str) -> Option<NaiveDateTime> {
        parse_time(text)
    }

    #[test]
    fn the_logger_format_starts_at_the_first_line_and_ends_at_the_end_line() {
        let t = timing(
            "2026-11-21 20:39:02 - flow:pipeline - INFO - 🚀 Execution started\n\
             2026-11-21 20:39:02 - flow:pipeline - INFO - 📋 Config: pipeline_config.json\n\
             2026-11-21 20:39:11 - flow:pipeline - INFO - ✅ Execution completed\n",
        );
        assert_eq!(t.started, at("2026-11-21 20:39:02"));
        assert_eq!(t.ended, at("2026-11-21 20:39:11"));
        assert!(t.finished && !t.cli_mode);
    }

    #[test]
    fn a_failure_ends_the_run_and_its_traceback_follows() {
        let t = timing(
            "2026-11-21 20:39:19,123 - flow:train - INFO - 🚀 Execution started\n\
             2026-11-21 20:39:21,456 - flow:train - ERROR - ❌ Execution failed: \n\
             RuntimeError: loss diverged\n",
        );
        assert_eq!(t.ended, at("2026-11-21 20:39:21"));
        assert!(t.finished);
    }

    #[test]
    fn a_restart_after_an_end_is_not_finished() {
        let t = timing(
            "🚀 Execution started: 2025-10-22T12:47:51.123456\n\
             ✅ Execution completed: 2025-10-22T12:48:00.5\n\
             🚀 Execution started: 2025-10-22T13:00:00\n",
        );
        assert_eq!(t.started, at("2025-10-22T12:47:51"));
        assert!(!t.finished);
        assert_eq!(t.ended, None);
    }

    #[test]
    fn old_cli_logs_have_both_lines() {
        let t = timing(
            "🚀 CLI Execution started: 2025-10-22T12:47:51.123456\nhello\n\
             ------------------------------------------------------------\n\
             ✅ CLI Execution completed: 2025-10-22T12:49:01.000001\n",
        );
        assert_eq!(t.started, at("2025-10-22T12:47:51"));
        assert_eq!(t.ended, at("2025-10-22T12:49:01"));
        assert!(t.finished);
    }

    #[test]
    fn current_cli_mode_is_recognised_by_its_logger() {
        let t = timing(
            "2026-11-21 20:39:02 - ductaflow - INFO - 📊 Loaded config from config/train.json\n\
             2026-11-21 20:39:02 - ductaflow - INFO - 🚀 Running as CLI script in: /x\n",
        );
        assert!(t.cli_mode && !t.finished);
        assert_eq!(t.started, at("2026-11-21 20:39:02"));
    }

    #[test]
    fn a_logger_name_with_dashes_still_parses() {
        let line = LoggerLine::parse("2026-11-21 20:39:02 - flow:a - b - WARNING - hi").unwrap();
        assert_eq!(line.logger, "flow:a - b");
        assert_eq!(line.message, "hi");
    }
}
