//! `hugflow rerun`: one ductaflow flow run again in its own folder, detached so it outlives
//! the SSH session that asked for it (the desktop's "Re-run this flow"), then its status, its
//! log and its cancelling. Each action is one `hugflow_ops::reruns` call, rendered as text or
//! `--json`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use hugflow_core::jobs::JobState;
use hugflow_core::runs::Rerun;
use hugflow_ops::reruns::{self, CANCEL_WAIT, Launcher};
use hugflow_runs::rerun::log_path;

use super::follow::print_log;
use crate::cli::RerunAction;
use crate::output::print_json;

pub fn run(action: RerunAction) -> anyhow::Result<ExitCode> {
    match action {
        RerunAction::Start {
            folder,
            python,
            json,
        } => {
            let exe = std::env::current_exe().context("cannot find the hugflow executable")?;
            let record = reruns::start(&folder, python.as_deref(), &Launcher::Runner(exe))?;
            if json {
                print_json(&record)?;
            } else {
                let folder = folder.canonicalize().unwrap_or(folder);
                println!(
                    "Re-running {} (pid {}): {}\nIt keeps running when this session ends. Follow it: hugflow rerun log {} --follow",
                    folder.display(),
                    record.pid.map_or("?".into(), |p| p.to_string()),
                    record.command.join(" "),
                    folder.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        RerunAction::Status { folder, json } => {
            let record = reruns::status(&folder)?;
            if json {
                print_json(&record)?;
            } else {
                print_status(&folder, &record);
            }
            Ok(ExitCode::SUCCESS)
        }
        RerunAction::Log { folder, follow } => {
            reruns::status(&folder)?;
            print_log(&log_path(&folder), follow, || {
                Ok(reruns::status(&folder)?.state.is_running())
            })?;
            Ok(ExitCode::SUCCESS)
        }
        RerunAction::Cancel { folder, json } => {
            let answer = reruns::cancel(&folder)?;
            let still_running = answer.state.is_running();
            if json {
                print_json(&answer)?;
            } else if still_running {
                eprintln!(
                    "{}: still running after {} s; `hugflow rerun status` shows when it ends",
                    folder.display(),
                    CANCEL_WAIT.as_secs()
                );
            } else {
                println!("{}: {}", folder.display(), answer.state.as_str());
            }
            Ok(ExitCode::from(if still_running { 2 } else { 0 }))
        }
        RerunAction::Run { folder } => {
            let record = reruns::supervise(&folder)?;
            Ok(ExitCode::from(u8::from(record.state != JobState::Complete)))
        }
    }
}

fn print_status(folder: &Path, record: &Rerun) {
    let ended = record
        .ended_at
        .as_deref()
        .map_or(String::new(), |at| format!(", ended {at}"));
    let code = record
        .code
        .map_or(String::new(), |code| format!(", exit code {code}"));
    let lost = if record.state == JobState::Lost {
        format!(": {}", reruns::LOST)
    } else {
        String::new()
    };
    println!(
        "{}: {}{lost} (started {}{ended}{code})\n{}\nLog: {}",
        folder.canonicalize().as_deref().unwrap_or(folder).display(),
        record.state.as_str(),
        record.started_at,
        record.command.join(" "),
        record.log
    );
}
