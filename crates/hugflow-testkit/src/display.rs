//! An X display for GUI tests: the one in `DISPLAY` (e.g. under `xvfb-run`), or a private
//! Xvfb started for this process.

use std::process::{Child, Command};
use std::sync::OnceLock;

use crate::process::spawn_announcing;

/// The display to use, e.g. `:99`.
pub fn display() -> &'static str {
    static DISPLAY: OnceLock<(String, Option<Child>)> = OnceLock::new();
    &DISPLAY
        .get_or_init(|| {
            if let Ok(display) = std::env::var("DISPLAY")
                && !display.is_empty()
            {
                return (display, None);
            }
            let mut command = Command::new("Xvfb");
            command.args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ]);
            let (child, number) = spawn_announcing(command, "Xvfb (Debian package xvfb)");
            (format!(":{number}"), Some(child))
        })
        .0
}
