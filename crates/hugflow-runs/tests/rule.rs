//! ductaflow's indicator rule at its edges: the 15-character window counts characters, not
//! bytes; `\r` ends a line; case does not matter; and a scan reports the line numbers the
//! universal-newline split gives.

mod common;

use std::time::SystemTime;

use common::*;
use hugflow_runs::rule::{line_signal, lines, text_status};
use hugflow_runs::{FlowStatus, SignalKind};

#[test]
fn an_indicator_must_sit_within_the_first_15_characters() {
    // "error:" occupying characters 10..=15 counts; one further right it does not.
    assert_eq!(line_signal("123456789error: x"), Some(SignalKind::Error));
    assert_eq!(line_signal("1234567890error: x"), None);
    assert_eq!(
        line_signal("0123456789abcdefailed: 16th character on"),
        None
    );
    assert_eq!(
        line_signal("123456789warning: x"),
        None,
        "the colon is the 17th character"
    );
    assert_eq!(line_signal("1234567warning: x"), Some(SignalKind::Warning));
}

#[test]
fn multi_byte_characters_count_as_one_character_each() {
    // Nine two-byte characters: "error:" ends at character 15, byte 24.
    assert_eq!(
        line_signal("ééééééééérror: x"),
        None,
        "no 'e' before 'rror'"
    );
    assert_eq!(line_signal("éééééééééerror: x"), Some(SignalKind::Error));
    assert_eq!(line_signal("ééééééééééerror: x"), None);
    // Four-byte emoji likewise.
    assert_eq!(
        line_signal("🚀🚀🚀🚀🚀🚀🚀🚀failed: x"),
        Some(SignalKind::Error)
    );
    assert_eq!(line_signal("🚀🚀🚀🚀🚀🚀🚀🚀🚀failed: x"), None);
    // The warning sign is two characters; both must be inside.
    assert_eq!(line_signal("ééééééééééééé⚠️"), Some(SignalKind::Warning));
    assert_eq!(line_signal("éééééééééééééé⚠️"), None);
}

#[test]
fn case_does_not_matter_for_the_words() {
    for line in [
        "ERROR: x",
        "Error: x",
        "eRrOr: x",
        "EXCEPTION: x",
        "Failed: x",
        "  FAILED: x",
    ] {
        assert_eq!(line_signal(line), Some(SignalKind::Error), "{line}");
    }
    for line in ["WARNING: x", "Warning: x", "wArNiNg: x", "⚠️ careful"] {
        assert_eq!(line_signal(line), Some(SignalKind::Warning), "{line}");
    }
    for line in ["❌ nope", "x ❌"] {
        assert_eq!(line_signal(line), Some(SignalKind::Error), "{line}");
    }
}

#[test]
fn near_misses_are_not_indicators() {
    for line in [
        "warning without colon",
        "errors: 0",
        "⚠ sign without its variation selector",
        "FAİLED: dotted capital I lowercases to i + U+0307 in Python too",
        "Processing data with warning: inside",
        "",
    ] {
        assert_eq!(line_signal(line), None, "{line}");
    }
}

#[test]
fn carriage_returns_end_lines() {
    assert_eq!(lines("a\rb\r\nc\n").collect::<Vec<_>>(), ["a", "b", "c"]);
    // tqdm redraws with `\r`: each redraw is a line of its own, so a warning after one counts.
    assert_eq!(
        text_status("Epoch 1: 100%|#####| 10/10\rWARNING: nan in batch\r"),
        FlowStatus::Warning
    );
    // Without the `\r` the warning would be beyond character 15.
    assert_eq!(
        text_status("Epoch 1: 100%|#####| 10/10 WARNING: nan in batch"),
        FlowStatus::Success
    );
    assert_eq!(
        text_status("ok\r\nerror: late\r\nwarning: x"),
        FlowStatus::Error
    );
    assert_eq!(text_status("all good\n"), FlowStatus::Success);
}

#[test]
fn a_scan_numbers_lines_as_python_splits_them() {
    let temp = tempfile::tempdir().unwrap();
    write(
        &temp.path().join("runs/train/a/train_execution_output.txt"),
        "line 1\r\nline 2\rline 3\nWARNING: line 4\r\r\nError: line 6\n",
    );
    let report = scan_at(temp.path(), SystemTime::now());
    let run = &report.ductaflow[0];
    assert_eq!(run.status, FlowStatus::Error);
    let seen: Vec<(u32, &str)> = run
        .signals
        .iter()
        .map(|s| (s.line, s.text.as_str()))
        .collect();
    assert_eq!(seen, [(4, "WARNING: line 4"), (6, "Error: line 6")]);
}
