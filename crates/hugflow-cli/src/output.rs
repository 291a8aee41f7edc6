//! Printing: every byte the binary writes to stdout goes through [`try_stdout`] (the crate's
//! own `print!`/`println!`, [`print_json`], [`Table::print`], the sync's JSON event lines, the
//! logs `--follow` copies), so a reader that stops reading (`hugflow validate requests/ | head`)
//! ends the command quietly instead of panicking. Also: when escape codes and colour may be
//! used, aligned tables and human-readable numbers.
//!
//! Why not reset `SIGPIPE` to its default at start instead: the signal is process-wide, so it
//! would also kill the command, without a word, when a write to a *socket or a child's pipe*
//! fails (PostgreSQL over a Unix socket under `hugflow retrain`, the keyring's D-Bus socket),
//! where an error the command reports is wanted. Here only stdout closing stops the command.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

/// The exit status of a command whose stdout was closed under it: 141, what a shell reports
/// for `cat`, `grep` or `git log` killed by SIGPIPE (128 + 13). Not 0: hugflow's exit codes
/// carry meaning (`validate`: 0 = every file valid; `sync`: 0 = every request succeeded), and
/// a command cut short has not said it, so `set -o pipefail` scripts see it as they would see
/// any Unix tool whose reader went away. Not 101 and no panic message either.
pub const STDOUT_CLOSED: i32 = 141;

/// The binary's `print!`: to stdout through [`to_stdout`]. Declared in `main.rs` before every
/// other module (`#[macro_use] mod output`), these macros shadow std's in the whole binary, so
/// a plain `println!` anywhere in it (as a new command will have) cannot panic on a closed pipe.
macro_rules! print {
    ($($arg:tt)*) => {
        $crate::output::to_stdout(|out| ::std::io::Write::write_fmt(out, format_args!($($arg)*)))
    };
}

/// The binary's `println!` (see `print!`).
macro_rules! println {
    () => {
        $crate::output::to_stdout(|out| ::std::io::Write::write_all(out, b"\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::to_stdout(|out| {
            ::std::io::Write::write_fmt(out, format_args!($($arg)*))?;
            ::std::io::Write::write_all(out, b"\n")
        })
    };
}

/// The binary's `eprintln!`: diagnostics to stderr, where a failed write is ignored (there is
/// nowhere left to say it; std's would panic, e.g. under `hugflow … 2>&1 | head`).
macro_rules! eprintln {
    ($($arg:tt)*) => {
        $crate::output::to_stderr(format_args!($($arg)*))
    };
}

/// Runs `write` on the locked stdout, then flushes. A closed stdout (`BrokenPipe`) ends the
/// process at once with [`STDOUT_CLOSED`] and no message; any other error is returned.
///
/// Ending the process here skips destructors, as the SIGPIPE it stands for would: safe
/// because state writes are atomic (temp file + rename) and the host lock is an OS lock the
/// kernel drops with the process. The detached runners (`jobs run`, `rerun run`) write to a
/// log file, never a pipe, so this cannot end them.
pub fn try_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match write(&mut out).and_then(|()| out.flush()) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => stdout_closed(),
        other => other,
    }
}

/// [`try_stdout`], for output that cannot go on without stdout: any other write error (a
/// full disk under `> file`) ends the command with exit 2, naming it.
pub fn to_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
    if let Err(error) = try_stdout(write) {
        eprintln!(
            "error: cannot write to stdout: {error} (free some space, or send the output elsewhere)"
        );
        std::process::exit(2);
    }
}

/// Ends the command because its stdout's reader has gone: quietly, with [`STDOUT_CLOSED`].
pub fn stdout_closed() -> ! {
    std::process::exit(STDOUT_CLOSED)
}

/// One line on stderr; a failed write is ignored.
pub fn to_stderr(args: std::fmt::Arguments<'_>) {
    let mut err = io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

/// Whether stderr may carry escape codes (a progress bar redrawn in place): a terminal, and
/// not one that says it cannot (`TERM=dumb`, as in Emacs' shell).
pub fn stderr_is_rich() -> bool {
    std::io::stderr().is_terminal() && !term_is_dumb()
}

/// Whether stdout may carry escape codes (`monitor --watch` clearing the screen).
pub fn stdout_is_rich() -> bool {
    std::io::stdout().is_terminal() && !term_is_dumb()
}

/// Whether stderr may carry colour (the log lines' levels): [`stderr_is_rich`] and no
/// `NO_COLOR` (<https://no-color.org>: set and not empty). The help's colour is clap's, which
/// reads the same variables.
pub fn stderr_has_colour() -> bool {
    stderr_is_rich() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn term_is_dumb() -> bool {
    std::env::var_os("TERM").is_some_and(|t| t == "dumb")
}

/// One pretty JSON document on stdout.
pub fn print_json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    to_stdout(|out| writeln!(out, "{text}"));
    Ok(())
}

pub use hugflow_core::units::{human_bytes, human_count};

/// A left-aligned text table.
pub struct Table<const N: usize> {
    header: [String; N],
    rows: Vec<[String; N]>,
}

impl<const N: usize> Table<N> {
    pub fn new(header: [&str; N]) -> Self {
        Self {
            header: header.map(str::to_string),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, row: [String; N]) {
        self.rows.push(row);
    }

    pub fn print(&self) {
        let mut widths = self.header.clone().map(|h| h.chars().count());
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        to_stdout(|out| {
            // Buffered: stdout is line-buffered, and a table may be thousands of rows.
            let mut out = io::BufWriter::new(out);
            for row in std::iter::once(&self.header).chain(&self.rows) {
                let cells: Vec<String> = row
                    .iter()
                    .zip(&widths)
                    .map(|(cell, width)| format!("{cell:width$}"))
                    .collect();
                writeln!(out, "{}", cells.join("  ").trim_end())?;
            }
            out.flush()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_a_person_wrote_them() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(3_221_225_472), "3.0 GiB");
        assert_eq!(human_bytes(61_203_283_968), "57.0 GiB");
        assert_eq!(human_count(281_241), "281,241");
        assert_eq!(human_count(12), "12");
        assert_eq!(human_count(1_000_000), "1,000,000");
    }
}
