//! `hugflow completions <shell>` and `hugflow man`: the completion scripts (`clap_complete`)
//! and the man page (`clap_mangen`), both generated from the clap grammar in `cli.rs`, so they
//! cannot drift from it. Packaging writes them out: `hugflow man > hugflow.1`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

pub fn completions(shell: Shell) -> anyhow::Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "hugflow", &mut script);
    crate::output::to_stdout(|out| out.write_all(&script));
    Ok(ExitCode::SUCCESS)
}

/// The man page of `hugflow` on stdout; with `out_dir`, it and every visible subcommand's page
/// written there as `<name>.1` (the pages `hugflow.1` refers to, e.g. `hugflow-jobs(1)`).
pub fn man(out_dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    // Without the `help` pseudo-subcommand, which has no page of its own.
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    if let Some(dir) = out_dir {
        clap_mangen::generate_to(command, dir).with_context(|| {
            format!(
                "cannot write the man pages into {} (does the folder exist and may you write there?)",
                dir.display()
            )
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .context("cannot render the man page")?;
    crate::output::to_stdout(|out| out.write_all(&page));
    Ok(ExitCode::SUCCESS)
}
