//! Answers of the real Rust rules (storage names, request validation, host targets) written
//! into `ui/src/generated/` for the UI's tests, so no TypeScript copy of a rule is needed.
//! (Being written.)

use std::path::Path;

/// Writes the rule fixtures into `dir` (`ui/src/generated/`).
pub fn write_to(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}
