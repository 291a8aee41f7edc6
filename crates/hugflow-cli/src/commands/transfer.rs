//! How a sync shows itself: the renderer of [`SyncEvent`]s. An indicatif bar on a terminal
//! (bytes, files, rate, ETA; uncoloured; not under `TERM=dumb`), a line every few seconds in a
//! log (a workflow's, where a bar would be noise), or the events themselves as JSON lines for
//! programs (`--json`: `{"schema":1,"event":"progress",...}`).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use hugflow_core::events::{EventLine, EventSink, SyncEvent};
use hugflow_core::units::{human_bytes, human_count, human_duration};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

/// How often a log (not a terminal) gets a progress line.
const LOG_EVERY: Duration = Duration::from_secs(10);

pub enum Display {
    Bar(Mutex<Option<ProgressBar>>),
    Log(Mutex<Option<Instant>>),
    Json,
}

/// One event line on stdout, flushed at once (a reader over SSH follows it live). A closed
/// stdout ends the command (`output::try_stdout`); another write error is ignored, as a lost
/// progress line must not stop a sync (the detached runner's stdout is its log file).
pub fn emit<E: Serialize>(event: E) {
    let line = EventLine::new(event).to_json();
    let _ = crate::output::try_stdout(|out| writeln!(out, "{line}"));
}

impl Display {
    pub fn new(json: bool) -> Self {
        if json {
            Self::Json
        } else if crate::output::stderr_is_rich() {
            Self::Bar(Mutex::new(None))
        } else {
            Self::Log(Mutex::new(None))
        }
    }

    /// Ends the bar (if any) so what follows prints below it.
    pub fn finish(&self) {
        if let Self::Bar(bar) = self
            && let Some(bar) = bar.lock().unwrap_or_else(|e| e.into_inner()).take()
        {
            bar.finish_and_clear();
        }
    }

    /// A line for the reader: above the bar while there is one.
    fn note(&self, line: &str) {
        match self {
            Self::Bar(bar) => match bar.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
                Some(bar) => bar.println(line),
                None => eprintln!("{line}"),
            },
            _ => eprintln!("{line}"),
        }
    }

    fn progress(&self, p: &Progress) {
        match self {
            Self::Bar(bar) => {
                let mut bar = bar.lock().unwrap_or_else(|e| e.into_inner());
                let bar = bar.get_or_insert_with(|| {
                    let bar = ProgressBar::new(p.bytes_total.unwrap_or(0));
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
                bar.set_length(p.bytes_total.unwrap_or(0));
                bar.set_position(p.bytes_done);
                bar.set_message(p.summary());
            }
            Self::Log(last) => {
                let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
                let done = p.bytes_total.is_some_and(|t| p.bytes_done >= t);
                if done || last.is_none_or(|at| at.elapsed() >= LOG_EVERY) {
                    *last = Some(Instant::now());
                    let percent = p
                        .bytes_total
                        .filter(|t| *t > 0)
                        .map_or(0, |t| p.bytes_done * 100 / t);
                    eprintln!(
                        "{}: {percent} % ({} of {}, {})",
                        p.task,
                        human_bytes(p.bytes_done),
                        human_bytes(p.bytes_total.unwrap_or(0)),
                        p.summary()
                    );
                }
            }
            Self::Json => {}
        }
    }

    /// An event for a person: progress on the bar or in the log, the rest as lines (the
    /// outcome of a sync on stdout, its failure on stderr).
    fn human(&self, event: &SyncEvent) {
        match event {
            SyncEvent::Started { id, pid, log } => {
                println!("Started job {id} (pid {pid}); log: {log}")
            }
            SyncEvent::Planned {
                hf_id,
                commit,
                files,
                bytes,
                warnings,
                notes,
                ..
            } => {
                eprintln!(
                    "{hf_id}: {} files, {} at commit {}",
                    human_count(*files),
                    human_bytes(*bytes),
                    &commit[..commit.len().min(12)]
                );
                for warning in warnings {
                    eprintln!("warning: {warning}");
                }
                for note in notes {
                    eprintln!("note: {note}");
                }
            }
            SyncEvent::Progress {
                task,
                bytes_done,
                bytes_total,
                files_done,
                files_total,
                rate,
                eta_seconds,
                connections,
            } => self.progress(&Progress {
                task,
                bytes_done: *bytes_done,
                bytes_total: *bytes_total,
                files: files_done.zip(*files_total),
                rate: *rate,
                eta_seconds: *eta_seconds,
                connections: *connections,
            }),
            SyncEvent::Note { message } => self.note(message),
            SyncEvent::Complete {
                path,
                file_count,
                size_bytes,
                took_seconds,
                bytes_fetched,
                bytes_resumed,
                files_already_present,
                ..
            } => {
                self.finish();
                println!(
                    "Done: {} files, {} in {}, verified, at {path}.",
                    human_count(*file_count),
                    human_bytes(*size_bytes),
                    human_duration(*took_seconds as u64),
                );
                if *bytes_resumed > 0 || *files_already_present > 0 {
                    println!(
                        "Resumed an earlier run: {} were already here; fetched {}.",
                        human_bytes(size_bytes.saturating_sub(*bytes_fetched)),
                        human_bytes(*bytes_fetched)
                    );
                }
            }
            SyncEvent::Skipped {
                storage_name, path, ..
            } => {
                self.finish();
                println!(
                    "{storage_name} is already on this host at {path} (active.json lists it); nothing to do."
                );
            }
            SyncEvent::Removed { hf_id, removed } => {
                if removed.is_empty() {
                    println!("{hf_id} is not on this host; nothing to remove.");
                }
                for r in removed {
                    println!(
                        "Removed {} ({}); archived in archived.json.",
                        r.storage_name, r.path
                    );
                }
            }
            SyncEvent::Failed {
                message,
                suggestion,
                ..
            } => {
                self.finish();
                match suggestion {
                    Some(what) => eprintln!("error: {message}\nwhat to do: {what}"),
                    None => eprintln!("error: {message}"),
                }
            }
            SyncEvent::Cancelled { message } => {
                self.finish();
                eprintln!("{message}");
            }
            // The CI run's outcome is its PR comments and results.json; the shell says
            // where it wrote the file.
            SyncEvent::Results { .. } => self.finish(),
        }
    }
}

impl EventSink for Display {
    fn event(&self, event: &SyncEvent) {
        match self {
            Self::Json => emit(event),
            _ => self.human(event),
        }
    }
}

/// A progress event's fields, borrowed.
struct Progress<'a> {
    task: &'a str,
    bytes_done: u64,
    bytes_total: Option<u64>,
    files: Option<(u64, u64)>,
    rate: Option<f64>,
    eta_seconds: Option<u64>,
    connections: Option<u32>,
}

impl Progress<'_> {
    /// Files, rate, connections and ETA, as far as they are known.
    fn summary(&self) -> String {
        let files = self
            .files
            .map(|(done, total)| format!("{}/{} files", human_count(done), human_count(total)))
            .unwrap_or_default();
        let rate = self
            .rate
            .map(|r| format!(" · {}/s", human_bytes(r as u64)))
            .unwrap_or_default();
        let connections = match self.connections {
            Some(1) => " · 1 connection".to_string(),
            Some(n) if n > 1 => format!(" · {n} connections"),
            _ => String::new(),
        };
        let eta = self
            .eta_seconds
            .map(|s| format!(" · ETA {}", human_duration(s)))
            .unwrap_or_default();
        format!("{files}{rate}{connections}{eta}")
    }
}
