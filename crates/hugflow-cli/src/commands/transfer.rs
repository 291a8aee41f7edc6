//! How a sync shows itself: an indicatif bar on a terminal (bytes, files, rate, ETA), a line
//! every few seconds in a log (a workflow's, where a bar would be noise), or JSON lines for
//! programs (`--json`: `{"schema":1,"event":"progress",...}`).

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use hugflow_core::progress::Progress;
use hugflow_core::units::{human_bytes, human_count, human_duration};
use hugflow_sync::{AddObserver, CiObserver, Plan};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

/// The JSON lines' schema.
pub const SCHEMA: u32 = 1;

/// How often a log (not a terminal) gets a progress line.
const LOG_EVERY: Duration = Duration::from_secs(10);

pub enum Display {
    Bar(Mutex<Option<ProgressBar>>),
    Log(Mutex<Option<Instant>>),
    Json,
}

impl Display {
    pub fn new(json: bool) -> Self {
        if json {
            Self::Json
        } else if std::io::stderr().is_terminal() {
            Self::Bar(Mutex::new(None))
        } else {
            Self::Log(Mutex::new(None))
        }
    }

    /// One JSON line on stdout.
    pub fn emit(value: serde_json::Value) {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{value}");
        let _ = stdout.flush();
    }

    /// Ends the bar (if any) so what follows prints below it.
    pub fn finish(&self) {
        if let Self::Bar(bar) = self
            && let Some(bar) = bar.lock().unwrap_or_else(|e| e.into_inner()).take()
        {
            bar.finish_and_clear();
        }
    }
}

fn summary(p: &Progress) -> String {
    let files = p
        .files
        .map(|f| format!("{}/{} files", human_count(f.done), human_count(f.total)))
        .unwrap_or_default();
    let rate = p
        .rate
        .map(|r| format!(" · {}/s", human_bytes(r as u64)))
        .unwrap_or_default();
    let eta = p
        .eta_seconds
        .map(|s| format!(" · ETA {}", human_duration(s)))
        .unwrap_or_default();
    format!("{files}{rate}{eta}")
}

impl AddObserver for Display {
    fn planned(&self, plan: &Plan) {
        let line = format!(
            "{}: {} files, {} at commit {}",
            plan.request.hf_id,
            human_count(plan.files.len() as u64),
            human_bytes(plan.bytes),
            &plan.commit[..plan.commit.len().min(12)]
        );
        match self {
            Self::Json => Self::emit(json!({
                "schema": SCHEMA, "event": "planned", "hf_id": plan.request.hf_id,
                "commit": plan.commit, "source_revision": plan.source_revision,
                "files": plan.files.len(), "bytes": plan.bytes, "warnings": plan.columns.warnings,
                "notes": plan.notes,
            })),
            _ => {
                eprintln!("{line}");
                for warning in &plan.columns.warnings {
                    eprintln!("warning: {warning}");
                }
                for note in &plan.notes {
                    eprintln!("note: {note}");
                }
            }
        }
    }

    /// Notes of the download (the resolver budget) print like the CI notes: a line, or a
    /// `note` event with `--json`.
    fn notice(&self, line: &str) {
        CiObserver::note(self, line);
    }

    fn progress(&self, p: &Progress) {
        match self {
            Self::Json => Self::emit(json!({
                "schema": SCHEMA, "event": "progress", "task": p.task,
                "bytes_done": p.done, "bytes_total": p.total,
                "files_done": p.files.map(|f| f.done), "files_total": p.files.map(|f| f.total),
                "rate": p.rate, "eta_seconds": p.eta_seconds,
            })),
            Self::Bar(bar) => {
                let mut bar = bar.lock().unwrap_or_else(|e| e.into_inner());
                let bar = bar.get_or_insert_with(|| {
                    let bar = ProgressBar::new(p.total.unwrap_or(0));
                    bar.set_style(
                        ProgressStyle::with_template(
                            "{spinner} [{bar:30}] {bytes}/{total_bytes} {msg}",
                        )
                        .expect("a valid template")
                        .progress_chars("=> "),
                    );
                    bar.enable_steady_tick(Duration::from_millis(120));
                    bar
                });
                bar.set_length(p.total.unwrap_or(0));
                bar.set_position(p.done);
                bar.set_message(summary(p));
            }
            Self::Log(last) => {
                let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
                let done = p.total.is_some_and(|t| p.done >= t);
                if done || last.is_none_or(|at| at.elapsed() >= LOG_EVERY) {
                    *last = Some(Instant::now());
                    let percent = p.total.filter(|t| *t > 0).map_or(0, |t| p.done * 100 / t);
                    eprintln!(
                        "{}: {percent} % ({} of {}, {})",
                        p.task,
                        human_bytes(p.done),
                        human_bytes(p.total.unwrap_or(0)),
                        summary(p)
                    );
                }
            }
        }
    }
}

impl CiObserver for Display {
    fn note(&self, line: &str) {
        match self {
            Self::Json => Self::emit(json!({"schema": SCHEMA, "event": "note", "message": line})),
            Self::Bar(bar) => match bar.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
                Some(bar) => bar.println(line),
                None => eprintln!("{line}"),
            },
            Self::Log(_) => eprintln!("{line}"),
        }
    }
}
