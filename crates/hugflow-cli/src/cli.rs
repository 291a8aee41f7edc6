//! The command-line grammar.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "hugflow",
    version,
    about = "Manage the team's Hugging Face datasets on HGX servers, the GitOps way.",
    long_about = "Manage the team's Hugging Face datasets on HGX servers, the GitOps way.\n\n\
        Settings come from the environment and from `.env` in the checkout, with the names the \
        Python Hugflow used (HF_TOKEN, GITHUB_TOKEN, STORAGE_ROOT, STATE_DIR, \
        MAX_CONCURRENT_DOWNLOADS, AUTO_MERGE, ...).\n\n\
        Exit codes: 0 success, 1 invalid input found, 2 the command could not run."
)]
pub struct Cli {
    /// More log output on stderr (-v info, -vv debug); HUGFLOW_LOG takes a full filter.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lay out a GitOps checkout: request folders, storage and state, .gitignore.
    Init {
        /// The checkout to initialise.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Also write .github/workflows/dataset-sync.yml, which runs `hugflow sync --ci-mode`
        /// on a self-hosted runner, one concurrency group per pull request.
        #[arg(long)]
        workflow: bool,
    },
    /// Check request files (or folders of them) and report every error with its place.
    Validate {
        /// Files or folders; a folder stands for every .yaml/.yml below it.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print one JSON document instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Search the Hub's datasets (by id, author and description).
    Search {
        /// Words to look for; every one must match.
        query: String,
        /// How many results at most.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print one JSON document instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Describe one dataset: commit, tags, files with sizes, branches and tags, splits.
    Info {
        /// The dataset's id, e.g. openslr/librispeech_asr.
        hf_id: String,
        /// A branch, tag or commit (default: the default branch).
        #[arg(long)]
        revision: Option<String>,
        /// Print one JSON document instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Show the datasets in active.json and the downloads in progress.
    Status {
        /// The checkout (STORAGE_ROOT and STATE_DIR are resolved against it).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print one JSON document instead of a table.
        #[arg(long)]
        json: bool,
    },
}
