//! The golden files of the engine's event lines, written from the Rust types
//! ([`hugflow_core::events::golden`]) into `ui/src/generated/`: `sync-events.jsonl` (every
//! sync and job log event) and `job-cancel.jsonl` (the answers of `hugflow jobs cancel`).
//! A Rust test here and a Vitest test (`ui/src/syncLog.test.ts`) both read them, so a change
//! to either side's reading, or to the shapes, fails a test.

use std::path::Path;

use hugflow_core::events::{EventLine, golden, golden_cancel_answers};
use serde::Serialize;

/// The golden files' names and contents.
pub fn files() -> Vec<(&'static str, String)> {
    vec![
        ("sync-events.jsonl", lines(&golden())),
        ("job-cancel.jsonl", lines(&golden_cancel_answers())),
    ]
}

fn lines<E: Serialize>(events: &[EventLine<E>]) -> String {
    events.iter().map(|e| e.to_json() + "\n").collect()
}

/// Writes the golden files into `dir` (`ui/src/generated/`).
pub fn write_to(dir: &Path) -> std::io::Result<()> {
    for (name, text) in files() {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use hugflow_core::events::{JobCancelAnswer, SyncEvent, parse_line};

    use crate::bindings::generated_dir;

    /// The committed files are what the Rust types write now, and each line reads back.
    #[test]
    fn committed_golden_events_match_the_rust_types() {
        for (name, text) in super::files() {
            let path = generated_dir().join(name);
            let committed = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}; run `make bindings`", path.display()));
            assert_eq!(
                committed,
                text,
                "{} differs from the Rust event types: run `make bindings`",
                path.display()
            );
            for line in committed.lines() {
                let read = match name {
                    "sync-events.jsonl" => parse_line::<SyncEvent>(line).map(|_| ()),
                    _ => parse_line::<JobCancelAnswer>(line).map(|_| ()),
                };
                read.unwrap_or_else(|e| panic!("{name}: {line}: {e}"));
            }
        }
    }
}
