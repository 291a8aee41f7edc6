//! `hugflow`: the Hugflow engine's command line. Each subcommand parses its arguments, calls
//! one `hugflow-core` function and prints the result, as text or (with `--json`) as one JSON
//! document carrying `"schema"`.
//!
//! Exit codes: 0 success; 1 the input was checked and found invalid (e.g. `validate`);
//! 2 the command could not run (bad usage, missing state, unreadable settings); 141 stdout was
//! closed before the command had printed everything (`hugflow … | head`; see `output`).

// First: its `print!`, `println!` and `eprintln!` replace std's in every module below.
#[macro_use]
mod output;

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    init_logging(cli.verbose);
    match commands::run(cli.command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Logs go to stderr so `--json` output on stdout stays machine-readable. `HUGFLOW_LOG` (or
/// `RUST_LOG`) takes an env-filter; `-v` raises the default level.
fn init_logging(verbose: u8) {
    use tracing_subscriber::EnvFilter;
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = std::env::var("HUGFLOW_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(output::stderr_has_colour())
        .with_target(false)
        .init();
}
