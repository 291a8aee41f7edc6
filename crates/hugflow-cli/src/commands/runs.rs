//! `hugflow runs`: the ductaflow runs and huldra artifacts under a folder, read by
//! `hugflow_ops::runs::scan`. `--json` prints the `RunsReport` as it is.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use hugflow_core::units::human_duration;
use hugflow_ops::runs::{RunsReport, ScanOptions, scan};
use hugflow_runs::{DuctaflowRun, FlowStatus, HuldraArtifact, Liveness, SignalKind, SignalSource};

use crate::output::{Table, print_json};

pub fn run(root: &Path, json: bool, running_within_secs: u64) -> anyhow::Result<ExitCode> {
    let options = ScanOptions {
        running_within: Duration::from_secs(running_within_secs),
        ..ScanOptions::default()
    };
    let report = scan(root, &options)?;
    if json {
        print_json(&report)?;
    } else {
        print_human(&report);
    }
    Ok(ExitCode::SUCCESS)
}

fn light(status: FlowStatus) -> &'static str {
    match status {
        FlowStatus::Success => "✓ success",
        FlowStatus::Warning => "! warning",
        FlowStatus::Error => "✗ error",
    }
}

fn state(liveness: Liveness) -> &'static str {
    match liveness {
        Liveness::Finished => "",
        Liveness::Running => "running",
        Liveness::Abandoned => "abandoned (no end line)",
    }
}

fn when(at: &Option<String>) -> String {
    at.as_deref()
        .map(|t| t.replace('T', " "))
        .unwrap_or_else(|| "-".into())
}

fn took(seconds: Option<i64>) -> String {
    seconds
        .and_then(|s| u64::try_from(s).ok())
        .map(human_duration)
        .unwrap_or_else(|| "-".into())
}

fn print_human(report: &RunsReport) {
    if report.ductaflow.is_empty() && report.huldra.is_empty() {
        println!(
            "No ductaflow runs or huldra artifacts under {}. Pass --root the folder that holds \
             ductaflow's runs/ (folders with *_execution_output.txt) or huldra's data-huldra/.",
            report.root
        );
        return;
    }
    if !report.ductaflow.is_empty() {
        let flows: usize = report.ductaflow.iter().map(|r| r.flows.len()).sum();
        println!(
            "ductaflow runs under {}: {} run(s), {} flow(s)\n",
            report.root,
            report.ductaflow.len(),
            flows
        );
        let mut table = Table::new(["STATUS", "RUN", "NOTEBOOK", "STARTED", "TOOK", "STATE"]);
        for run in &report.ductaflow {
            table.row([
                light(run.status).into(),
                run.path.clone(),
                run.notebook.clone(),
                when(&run.started_at),
                took(run.duration_secs),
                state(run.liveness).into(),
            ]);
            for flow in &run.flows {
                table.row([
                    format!("  {}", light(flow.status)),
                    format!("  {}", flow.name),
                    flow.notebook.clone(),
                    when(&flow.started_at),
                    took(flow.duration_secs),
                    state(flow.liveness).into(),
                ]);
            }
        }
        table.print();
        print_reasons(&report.ductaflow);
    }
    if !report.huldra.is_empty() {
        if !report.ductaflow.is_empty() {
            println!();
        }
        println!(
            "huldra artifacts under {}: {}\n",
            report.root,
            report.huldra.len()
        );
        let mut table = Table::new(["STATUS", "CLASS", "HASH", "OWNER", "UPDATED"]);
        for artifact in &report.huldra {
            table.row([
                artifact.status.clone(),
                artifact.class.clone(),
                artifact.hash.clone(),
                owner(artifact),
                artifact.updated_at.clone().unwrap_or_else(|| "-".into()),
            ]);
        }
        table.print();
        for artifact in &report.huldra {
            if let Some(error) = &artifact.error {
                let kind = error
                    .kind
                    .as_deref()
                    .map(|k| format!("{k}: "))
                    .unwrap_or_default();
                println!("  {}: {kind}{}", artifact.path, error.message);
            }
            if artifact.stale {
                println!(
                    "  {}: says running, but its lease or heartbeat expired: the process died",
                    artifact.path
                );
            }
            if let Some(problem) = &artifact.problem {
                println!("  {}: problem: {problem}", artifact.path);
            }
        }
    }
}

/// For each run that is not green: the log line that made it so; and any problem.
fn print_reasons(runs: &[DuctaflowRun]) {
    let mut lines = Vec::new();
    for run in runs {
        let wanted = match run.status {
            FlowStatus::Error => Some(SignalKind::Error),
            FlowStatus::Warning => Some(SignalKind::Warning),
            FlowStatus::Success => None,
        };
        let deciding = wanted.and_then(|kind| {
            run.signals
                .iter()
                .find(|s| s.source == SignalSource::Log && s.kind == kind)
        });
        if let Some(signal) = deciding {
            lines.push(format!(
                "  {}: {}:{}: {}",
                run.name, signal.file, signal.line, signal.text
            ));
        }
        let missed = run
            .signals
            .iter()
            .filter(|s| s.source == SignalSource::Notebook)
            .count();
        if run.status == FlowStatus::Success && missed > 0 {
            lines.push(format!(
                "  {}: green by ductaflow's rule, but its notebooks printed {missed} warning/error line(s) (see --json)",
                run.name
            ));
        }
        if let Some(problem) = &run.problem {
            lines.push(format!("  {}: problem: {problem}", run.name));
        }
    }
    if !lines.is_empty() {
        println!();
        lines.iter().for_each(|l| println!("{l}"));
    }
}

fn owner(artifact: &HuldraArtifact) -> String {
    match (&artifact.owner_host, artifact.owner_pid) {
        (Some(host), Some(pid)) => format!("{host} pid {pid}"),
        (Some(host), None) => host.clone(),
        (None, Some(pid)) => format!("pid {pid}"),
        (None, None) => "-".into(),
    }
}
