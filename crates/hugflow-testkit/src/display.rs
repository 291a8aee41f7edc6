//! An X display for GUI tests: the one in `DISPLAY` (e.g. under `xvfb-run`), or a private
//! Xvfb started for this process.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use crate::process::spawn_owned;

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
            command
                .args([
                    "-displayfd",
                    "1",
                    "-screen",
                    "0",
                    "1280x800x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::null());
            let mut child = spawn_owned(command).expect("start Xvfb (Debian package xvfb)");
            let mut line = String::new();
            BufReader::new(child.stdout.take().expect("stdout"))
                .read_line(&mut line)
                .expect("read the display number from Xvfb");
            (format!(":{}", line.trim()), Some(child))
        })
        .0
}
