//! `hugflow retrain`: runs the retrain orchestrator once (its settings from the environment,
//! `.env` and `retrain.toml`), and `hugflow retrain history`: the runs recorded under the
//! state dir.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use hugflow_core::checkout::Checkout;
use hugflow_core::config::environment;
use hugflow_core::retrain::{RetrainRun, RunOutcome};
use hugflow_retrain::{RetrainConfig, RunLog};

use crate::output::{Table, print_json};

/// The labels file looked for at the checkout's top when `--config` is not given.
const DEFAULT_CONFIG: &str = "retrain.toml";

pub fn run(root: &Path, config: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let checkout = Checkout::open(root)?;
    let values = environment(&checkout.root)?;
    let default = checkout.root.join(DEFAULT_CONFIG);
    let file = config.or_else(|| default.exists().then_some(default.as_path()));
    let settings = RetrainConfig::load(&values, file)?;
    // With --json the document is stdout's only content; the run's log goes to stderr.
    let log = if json {
        RunLog::new(settings.github_actions, |line| eprintln!("{line}"))
    } else {
        // Not `RunLog::stdout`: std's `println!` panics on a closed pipe, this crate's does not.
        RunLog::new(settings.github_actions, |line| println!("{line}"))
    };
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let run = runtime.block_on(hugflow_retrain::run(&settings, checkout.state.path(), log))?;
    if json {
        print_json(&run)?;
    }
    Ok(match run.outcome {
        RunOutcome::Failed => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    })
}

pub fn history(root: &Path, limit: usize, json: bool) -> anyhow::Result<ExitCode> {
    let checkout = Checkout::open(root)?;
    let history = hugflow_ops::retrain::history(checkout.state.path(), limit)?;
    let runs = &history.runs;
    if json {
        print_json(&history)?;
    } else if runs.is_empty() {
        println!(
            "No retrain runs recorded in {} yet. Run `hugflow retrain` (DRY_RUN=true to try it safely), or `hugflow init --workflow` for the scheduled workflow.",
            checkout.state.path().display()
        );
    } else {
        print_table(runs);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(runs: &[RetrainRun]) {
    let mut table = Table::new(["RUN", "STARTED", "OUTCOME", "LABELS"]);
    for run in runs {
        let outcome = format!(
            "{}{}",
            serde_json::to_value(run.outcome)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            if run.dry_run { " (dry run)" } else { "" }
        );
        let labels = run
            .labels
            .iter()
            .map(|l| {
                let length = l.dataset_len.map_or("?".into(), |n| n.to_string());
                let versions = match (&l.version_before, &l.version_after) {
                    (_, Some(after)) => format!(" → {after}"),
                    _ => String::new(),
                };
                let problem = if l.error.is_some() { " (failed)" } else { "" };
                format!("{} {length}/{}{versions}{problem}", l.label, l.threshold)
            })
            .collect::<Vec<_>>()
            .join(", ");
        let labels = match &run.error {
            Some(error) if labels.is_empty() || run.outcome == RunOutcome::Skipped => error.clone(),
            _ => labels,
        };
        table.row([
            run.id.to_string(),
            run.started_at
                .get(..19)
                .unwrap_or(&run.started_at)
                .replace('T', " "),
            outcome,
            labels,
        ]);
    }
    table.print();
}
