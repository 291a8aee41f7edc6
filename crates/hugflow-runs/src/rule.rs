//! ductaflow's traffic-light rule, reimplemented from its `analyze_execution_logs`.
//!
//! ductaflow reads every `*_execution_output.txt` below a folder as UTF-8 text in Python's
//! universal-newline mode (`\r\n`, `\r` and `\n` all end a line, and nothing else does), and
//! looks at the first 15 *characters* of each line, lowercased:
//!
//! - a warning indicator: `⚠️` (U+26A0 U+FE0F, both characters) or `warning:`;
//! - an error indicator: `❌`, `error:`, `exception:` or `failed:`.
//!
//! Any error makes the folder `error` (red), else any warning makes it `warning` (orange), else
//! it is `success` (green). A log that cannot be read, or is not valid UTF-8, is an error.
//!
//! **Lowercasing.** Python's `str.lower()` and Rust's `to_lowercase()` both apply Unicode's full
//! lowercase mapping, but their Unicode versions (and so a few exotic characters) may differ.
//! For these indicators only the characters that can lowercase *into* one of them matter: the
//! ASCII capitals, plus U+212A KELVIN SIGN (→ `k`, in no indicator) and U+0130 LATIN CAPITAL
//! LETTER I WITH DOT ABOVE (→ `i` followed by U+0307, which breaks any match). So folding ASCII
//! capitals and comparing everything else exactly gives Python's answer on every input, and
//! does it without allocating.

use hugflow_core::runs::{FlowStatus, SignalKind};

/// How many characters of a line ductaflow looks at.
pub const WINDOW_CHARS: usize = 15;

const WARNING_WORDS: [&str; 1] = ["warning:"];
const ERROR_WORDS: [&str; 3] = ["error:", "exception:", "failed:"];
const WARNING_SIGN: &str = "\u{26A0}\u{FE0F}";
const ERROR_SIGN: &str = "\u{274C}";

/// What a line says, by ductaflow's rule: `Some(Error)` when it carries an error indicator
/// (whether or not it also carries a warning one), `Some(Warning)` for a warning indicator
/// only, `None` otherwise.
pub fn line_signal(line: &str) -> Option<SignalKind> {
    let window = first_chars(line, WINDOW_CHARS);
    // The window is at most 15 characters of at most 4 bytes each.
    let mut folded = [0u8; WINDOW_CHARS * 4];
    let folded = &mut folded[..window.len()];
    folded.copy_from_slice(window.as_bytes());
    folded.make_ascii_lowercase();
    // Folding ASCII bytes keeps the text valid UTF-8.
    let folded = std::str::from_utf8(folded).unwrap_or(window);
    let error = folded.contains(ERROR_SIGN) || ERROR_WORDS.iter().any(|w| folded.contains(w));
    if error {
        return Some(SignalKind::Error);
    }
    let warning = folded.contains(WARNING_SIGN) || WARNING_WORDS.iter().any(|w| folded.contains(w));
    warning.then_some(SignalKind::Warning)
}

/// The first `n` characters (Unicode scalar values) of `text`.
fn first_chars(text: &str, n: usize) -> &str {
    match text.char_indices().nth(n) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// The lines of `text` as Python's universal-newline mode splits them: `\r\n`, `\r` and `\n`
/// each end a line. A final line without an ending is a line; text ending in a newline has no
/// empty line after it (Python's `split('\n')` would add one, which can never match).
pub fn lines(text: &str) -> Lines<'_> {
    Lines { rest: text }
}

/// The iterator [`lines`] returns.
pub struct Lines<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let bytes = self.rest.as_bytes();
        match bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(at) => {
                let line = &self.rest[..at];
                let skip = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                self.rest = &self.rest[at + skip..];
                Some(line)
            }
            None => {
                let line = self.rest;
                self.rest = "";
                Some(line)
            }
        }
    }
}

/// Folds line verdicts into a status, as ductaflow does over all the logs of a folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Verdict {
    pub warning: bool,
    pub error: bool,
}

impl Verdict {
    pub fn add(&mut self, kind: SignalKind) {
        match kind {
            SignalKind::Warning => self.warning = true,
            SignalKind::Error => self.error = true,
        }
    }

    pub fn merge(&mut self, other: Verdict) {
        self.warning |= other.warning;
        self.error |= other.error;
    }

    pub fn status(self) -> FlowStatus {
        if self.error {
            FlowStatus::Error
        } else if self.warning {
            FlowStatus::Warning
        } else {
            FlowStatus::Success
        }
    }
}

/// The status ductaflow gives one log's text.
pub fn text_status(text: &str) -> FlowStatus {
    let mut verdict = Verdict::default();
    for kind in lines(text).filter_map(line_signal) {
        verdict.add(kind);
    }
    verdict.status()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_with_both_kinds_counts_as_an_error() {
        assert_eq!(line_signal("⚠️ error: both"), Some(SignalKind::Error));
    }

    #[test]
    fn a_window_ending_inside_the_warning_sign_does_not_match() {
        // U+26A0 is character 15, U+FE0F character 16: the two-character sign is cut.
        let line = format!("{}\u{26A0}\u{FE0F}", "x".repeat(14));
        assert_eq!(line_signal(&line), None);
        let line = format!("{}\u{26A0}\u{FE0F}", "x".repeat(13));
        assert_eq!(line_signal(&line), Some(SignalKind::Warning));
    }

    #[test]
    fn lines_split_like_universal_newlines() {
        let got: Vec<&str> = lines("a\r\nb\rc\n\nd").collect();
        assert_eq!(got, ["a", "b", "c", "", "d"]);
        let got: Vec<&str> = lines("a\r\r\n").collect();
        assert_eq!(got, ["a", ""]);
    }
}
