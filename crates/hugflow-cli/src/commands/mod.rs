//! One module per subcommand.

mod init;
mod status;
mod validate;

use std::process::ExitCode;

use crate::cli::Command;

pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Init { root, workflow } => init::run(&root, workflow),
        Command::Validate { files, json } => validate::run(&files, json),
        Command::Status { root, json } => status::run(&root, json),
    }
}
