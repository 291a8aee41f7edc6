//! ductaflow `runs/` trees: run folders, their builds and flows, status, timing and signals.
//!
//! **Run folders.** A folder holding a `<notebook>_execution_output.txt` is a run folder (its
//! `notebook` is that prefix; `x_cli_execution_output.txt`, old CLI mode, is notebook `x`). When
//! a folder holds several logs, its own log is the non-CLI one, else the first by name; all of
//! them count towards the status. A run folder at `<other run folder>/runs/<instance>/` is a
//! **flow** of that run, not a run of its own (how `run_notebook(execution_dir=runs/…)` lays
//! out a build); a flow of a flow belongs to the same top-level run, so `flows` lists every
//! flow below a build, flattened, as ductaflow's own status report does (`rglob("runs/*")`).
//! Every other run folder is a top-level run: builds, and stand-alone flow instances
//! (`runs/<flow>/<instance>/`).
//!
//! **Status** is ductaflow's rule (see [`crate::rule`]) over every log found below the folder,
//! its flows' logs included. `signals` are the log lines that decided it (in path order), then
//! the executed notebooks' signals (see [`crate::notebook`]), which never change it.
//!
//! **Timing and liveness** come from the folder's own log (see [`crate::log_format`]). Without
//! an end line a run is `running` when any file below its folder was modified within
//! `running_within` of `now`, else `abandoned`. Current ductaflow's CLI mode never writes an
//! end line, so such a run counts as finished once nothing below it was written within that
//! window (and `running` before), with no end time.
//!
//! **Re-runs.** Each run folder carries its re-run: the record of the last one (`rerun`), where
//! one writes its output (`rerun_log`, root-relative), and what "Re-run this flow" would run
//! (`rerun_command`, from [`crate::rerun`]'s planning, or `rerun_blocked` with the reason there
//! is none), so no reader of the report has to know the rule. The folders of one scan share a
//! [`Planner`]: the interpreter is worked out once and each folder above the runs is looked at
//! once, which keeps this cheap over thousands of flows.
//!
//! **Problems.** An unreadable or non-UTF-8 log (an error, as in ductaflow), a malformed
//! `<notebook>_config.json` (config `null`) or `<notebook>_executed.ipynb`, or a folder that
//! could not be listed, is reported in `problem` (naming the file, relative to the root) of the
//! run and of the flow it is in; the scan goes on.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDateTime;
use hugflow_core::runs::{DuctaflowRun, FlowRun, FlowStatus, Liveness, Signal, SignalSource};
use serde_json::Value;

use crate::ScanOptions;
use crate::artifacts::{
    RECORD_DIR, RERUN_LOG, config_name, logs_in_order, notebook_name, notebook_of_log,
};
use crate::log_format::{Timing, TimingParser, format_time};
use crate::rerun::Planner;
use crate::rule::{Verdict, line_signal, lines};
use crate::signals::SignalSink;
use crate::walk::{Dir, SKIPPED};

/// One log, read once.
#[derive(Debug)]
pub struct LogScan {
    pub verdict: Verdict,
    pub signals: Vec<Signal>,
    pub problem: Option<String>,
    pub timing: Timing,
}

/// One run folder, read once.
#[derive(Debug)]
pub struct Folder {
    pub path: PathBuf,
    pub rel: String,
    pub name: String,
    pub notebook: String,
    /// Every log in the folder (not below it).
    pub logs: Vec<LogScan>,
    /// The folder's own log (an index into `logs`) and its root-relative path.
    pub own_log: usize,
    pub log_path: String,
    pub config: Option<Value>,
    pub config_path: Option<String>,
    pub notebook_signals: Vec<Signal>,
    pub problems: Vec<String>,
    pub rerun: Option<hugflow_core::runs::Rerun>,
    /// `.hugflow/rerun.log`, root-relative.
    pub rerun_log: String,
    /// What a re-run would run, or why there can be none.
    pub rerun_plan: Result<Vec<String>, String>,
}

/// What the folders of one scan share to plan their re-runs.
#[derive(Debug)]
pub struct Replanning {
    pub planner: Planner,
    /// The scanned root, canonical: a folder of the walk is `<root>/<rel>` without links in
    /// between, as the walk follows no link to a folder.
    pub root: PathBuf,
}

impl Replanning {
    pub fn new(root: &Path) -> Self {
        Self {
            planner: Planner::new(None),
            // The root was just listed; should it vanish now, its folders' plans still name it.
            root: root
                .canonicalize()
                .or_else(|_| std::path::absolute(root))
                .unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// The re-run of the run folder `dir` whose own log names `notebook`.
    fn plan(&self, dir: &Dir, notebook: &str) -> Result<Vec<String>, String> {
        let folder = if dir.rel.is_empty() {
            self.root.clone()
        } else {
            self.root.join(&dir.rel)
        };
        self.planner
            .plan_read(folder, notebook, dir.has_file(&config_name(notebook)))
            .map(|plan| plan.command())
            .map_err(|error| error.to_string())
    }
}

/// Reads a listed folder if it is a run folder.
pub fn read_folder(dir: &Dir, replanning: &Replanning) -> Option<Folder> {
    let logs = logs_in_order(dir.files.iter().map(String::as_str));
    let own_name = *logs.first()?;
    let notebook = notebook_of_log(own_name).unwrap_or(own_name).to_string();
    let mut problems = Vec::new();
    let scans: Vec<LogScan> = logs
        .iter()
        .map(|name| {
            let rel = dir.child_rel(name);
            let scan = read_log(&dir.path.join(name), &rel);
            if let Some(problem) = &scan.problem {
                problems.push(format!("{rel}: {problem}"));
            }
            scan
        })
        .collect();

    let config_name = config_name(&notebook);
    let (config, config_path) = if dir.has_file(&config_name) {
        let rel = dir.child_rel(&config_name);
        match read_json(&dir.path.join(&config_name)) {
            Ok(value) => (Some(value), Some(rel)),
            Err(problem) => {
                problems.push(format!("{rel}: {problem}; config not shown"));
                (None, Some(rel))
            }
        }
    } else {
        (None, None)
    };

    let notebook_name = notebook_name(&notebook);
    let mut sink = SignalSink::default();
    if dir.has_file(&notebook_name) {
        let rel = dir.child_rel(&notebook_name);
        if let Err(problem) =
            crate::notebook::read_signals(&dir.path.join(&notebook_name), &rel, &mut sink)
        {
            problems.push(format!("{rel}: {problem}"));
        }
    }

    let rerun = crate::rerun::read(&dir.path).unwrap_or_else(|problem| {
        problems.push(problem.to_string());
        None
    });

    Some(Folder {
        rerun,
        rerun_log: dir.child_rel(&format!("{RECORD_DIR}/{RERUN_LOG}")),
        rerun_plan: replanning.plan(dir, &notebook),
        path: dir.path.clone(),
        name: folder_name(&dir.path),
        rel: dir.rel.clone(),
        notebook,
        logs: scans,
        own_log: 0,
        log_path: dir.child_rel(own_name),
        config,
        config_path,
        notebook_signals: sink.into_vec(),
        problems,
    })
}

/// The folder's own name, also for a root given as `.` or `..`.
pub fn folder_name(path: &Path) -> String {
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    name(path)
        .or_else(|| path.canonicalize().ok().as_deref().and_then(name))
        .unwrap_or_else(|| path.display().to_string())
}

fn read_json(path: &Path) -> Result<Value, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("not valid JSON ({e})"))
}

/// Reads one log line by line (its memory stays small however long it is).
pub fn read_log(path: &Path, rel: &str) -> LogScan {
    let mut verdict = Verdict::default();
    let mut sink = SignalSink::default();
    let mut timing = TimingParser::default();
    let mut problem = None;
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) => {
            verdict.error = true;
            return LogScan {
                verdict,
                signals: Vec::new(),
                problem: Some(format!(
                    "cannot read it ({error}); ductaflow counts an unreadable log as an error"
                )),
                timing: Timing::default(),
            };
        }
    };
    let mut reader = BufReader::with_capacity(32 * 1024, file);
    let mut chunk = Vec::new();
    let mut line_number: u32 = 0;
    let mut offset: u64 = 0;
    // Once the text is known not to be UTF-8, ductaflow reads none of it: the lines found so far
    // did not decide the colour, the unreadable file did. Timing is still read, leniently.
    let mut valid = true;
    loop {
        chunk.clear();
        match reader.read_until(b'\n', &mut chunk) {
            Ok(0) => break,
            Ok(_) => {}
            Err(error) => {
                verdict.error = true;
                problem = Some(format!(
                    "reading it failed after {offset} bytes ({error}); ductaflow counts an unreadable log as an error"
                ));
                valid = false;
                break;
            }
        }
        // A chunk ends at `\n` (or the end of the file), never inside a character, so checking
        // chunk by chunk is checking the whole file.
        let text = match std::str::from_utf8(&chunk) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(error) => {
                if valid {
                    valid = false;
                    verdict.error = true;
                    problem = Some(format!(
                        "not valid UTF-8 (byte {}); ductaflow counts a log it cannot read as an error",
                        offset + error.valid_up_to() as u64
                    ));
                }
                String::from_utf8_lossy(&chunk)
            }
        };
        offset += chunk.len() as u64;
        for line in lines(&text) {
            line_number = line_number.saturating_add(1);
            timing.feed(line);
            if !valid {
                continue;
            }
            if let Some(kind) = line_signal(line) {
                verdict.add(kind);
                sink.push(Signal {
                    kind,
                    source: SignalSource::Log,
                    file: rel.to_string(),
                    line: line_number,
                    text: line.to_string(),
                });
            }
        }
    }
    LogScan {
        verdict,
        signals: if valid { sink.into_vec() } else { Vec::new() },
        problem,
        timing: timing.finish(),
    }
}

/// What a run (or flow) shows, over its folder and everything below it.
struct Summary {
    status: FlowStatus,
    finished: bool,
    liveness: Liveness,
    started_at: Option<String>,
    ended_at: Option<String>,
    duration_secs: Option<i64>,
    signals: Vec<Signal>,
    problem: Option<String>,
}

/// Builds the top-level runs, newest first, with their flows. `unlisted` are folders below the
/// root that could not be listed (root-relative path, reason).
pub fn assemble(
    mut folders: Vec<Folder>,
    unlisted: &[(String, String)],
    options: &ScanOptions,
) -> Vec<DuctaflowRun> {
    folders.sort_by(|a, b| components(&a.rel).cmp(components(&b.rel)));
    let index: HashMap<&str, usize> = folders
        .iter()
        .enumerate()
        .map(|(i, f)| (f.rel.as_str(), i))
        .collect();

    // The top-level run each folder belongs to (itself when it is one).
    let mut top = vec![0usize; folders.len()];
    for i in 0..folders.len() {
        top[i] = match flow_parent(&folders[i].rel).and_then(|p| index.get(p)) {
            Some(&parent) => top[parent],
            None => i,
        };
    }
    // Subtrees are contiguous in component order.
    let subtree_end: Vec<usize> = (0..folders.len())
        .map(|i| {
            let mut end = i + 1;
            while end < folders.len() && is_below(&folders[end].rel, &folders[i].rel) {
                end += 1;
            }
            end
        })
        .collect();
    let mut extra_problems: HashMap<usize, Vec<String>> = HashMap::new();
    for (rel, reason) in unlisted {
        // The nearest run folder above the unlisted one.
        let mut at = rel.as_str();
        while let Some(parent) = parent_rel(at) {
            if let Some(&i) = index.get(parent) {
                extra_problems
                    .entry(i)
                    .or_default()
                    .push(format!("{rel}: cannot list it ({reason})"));
                break;
            }
            at = parent;
        }
    }

    let summary =
        |i: usize| -> Summary { summarise(&folders, i..subtree_end[i], &extra_problems, options) };
    // One folder as a run: its own fields, whichever level it sits at.
    let run_of = |i: usize| -> FlowRun {
        let folder = &folders[i];
        let s = summary(i);
        FlowRun {
            path: display_rel(&folder.rel),
            name: folder.name.clone(),
            notebook: folder.notebook.clone(),
            status: s.status,
            finished: s.finished,
            liveness: s.liveness,
            started_at: s.started_at,
            ended_at: s.ended_at,
            duration_secs: s.duration_secs,
            config: folder.config.clone(),
            config_path: folder.config_path.clone(),
            log_path: Some(folder.log_path.clone()),
            signals: s.signals,
            problem: s.problem,
            rerun: folder.rerun.clone(),
            rerun_log: folder.rerun_log.clone(),
            rerun_command: folder.rerun_plan.clone().ok(),
            rerun_blocked: folder.rerun_plan.clone().err(),
        }
    };
    let mut runs: Vec<DuctaflowRun> = (0..folders.len())
        .filter(|&i| top[i] == i)
        .map(|i| {
            let mut flows: Vec<FlowRun> = (i + 1..subtree_end[i])
                .filter(|&j| top[j] == i)
                .map(run_of)
                .collect();
            // Flows in the order they ran.
            flows.sort_by(|a, b| {
                (a.started_at.is_none(), &a.started_at, &a.path).cmp(&(
                    b.started_at.is_none(),
                    &b.started_at,
                    &b.path,
                ))
            });
            DuctaflowRun {
                run: run_of(i),
                flows,
            }
        })
        .collect();
    // Newest first; runs that never said when they started last.
    runs.sort_by(|a, b| {
        (a.started_at.is_none(), &b.started_at, &a.path).cmp(&(
            b.started_at.is_none(),
            &a.started_at,
            &b.path,
        ))
    });
    runs
}

fn summarise(
    folders: &[Folder],
    subtree: std::ops::Range<usize>,
    extra_problems: &HashMap<usize, Vec<String>>,
    options: &ScanOptions,
) -> Summary {
    let own = &folders[subtree.start];
    let mut verdict = Verdict::default();
    let mut signals = Vec::new();
    let mut problems = Vec::new();
    for folder in &folders[subtree.clone()] {
        for log in &folder.logs {
            verdict.merge(log.verdict);
            signals.extend(log.signals.iter().cloned());
        }
    }
    for (i, folder) in folders[subtree.clone()].iter().enumerate() {
        signals.extend(folder.notebook_signals.iter().cloned());
        problems.extend(folder.problems.iter().cloned());
        if let Some(extra) = extra_problems.get(&(subtree.start + i)) {
            problems.extend(extra.iter().cloned());
        }
    }
    let timing = &own.logs[own.own_log].timing;
    let (finished, liveness) = if timing.finished {
        (true, Liveness::Finished)
    } else {
        let recent = newest_mtime(&own.path)
            .is_some_and(|at| written_within(at, options.now, options.running_within));
        match (recent, timing.cli_mode) {
            (true, _) => (false, Liveness::Running),
            (false, true) => (true, Liveness::Finished),
            (false, false) => (false, Liveness::Abandoned),
        }
    };
    let ended = if timing.finished { timing.ended } else { None };
    Summary {
        status: verdict.status(),
        finished,
        liveness,
        started_at: timing.started.map(format_time),
        ended_at: ended.map(format_time),
        duration_secs: duration(timing.started, ended),
        signals,
        problem: (!problems.is_empty()).then(|| problems.join("; ")),
    }
}

fn duration(started: Option<NaiveDateTime>, ended: Option<NaiveDateTime>) -> Option<i64> {
    let seconds = (ended? - started?).num_seconds();
    // A negative span is a clock change (DST, NTP), not a duration.
    (seconds >= 0).then_some(seconds)
}

fn written_within(at: SystemTime, now: SystemTime, window: std::time::Duration) -> bool {
    match now.duration_since(at) {
        Ok(age) => age <= window,
        // Written "after" now: a clock ahead of ours, so recently.
        Err(_) => true,
    }
}

/// The newest modification time of any file below `dir` (skipped folders and links to folders
/// left out).
pub fn newest_mtime(dir: &Path) -> Option<SystemTime> {
    let mut newest: Option<SystemTime> = None;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if !SKIPPED.iter().any(|s| entry.file_name() == *s) {
                    stack.push(entry.path());
                }
            } else if let Ok(modified) = entry.metadata().and_then(|m| m.modified()) {
                newest = Some(newest.map_or(modified, |n| n.max(modified)));
            }
        }
    }
    newest
}

fn components(rel: &str) -> impl Iterator<Item = &str> {
    rel.split('/').filter(|c| !c.is_empty())
}

/// `child` is strictly below `parent`.
fn is_below(child: &str, parent: &str) -> bool {
    if parent.is_empty() {
        return !child.is_empty();
    }
    child.len() > parent.len() + 1
        && child.starts_with(parent)
        && child.as_bytes()[parent.len()] == b'/'
}

fn parent_rel(rel: &str) -> Option<&str> {
    if rel.is_empty() {
        return None;
    }
    Some(rel.rsplit_once('/').map_or("", |(parent, _)| parent))
}

/// For `<p>/runs/<instance>`, the folder `<p>` whose flow it would be.
fn flow_parent(rel: &str) -> Option<&str> {
    let parent = parent_rel(rel)?;
    let runs_parent = parent_rel(parent)?;
    let runs_name = parent.rsplit('/').next()?;
    (runs_name == "runs").then_some(runs_parent)
}

/// The root itself shows as `.`.
fn display_rel(rel: &str) -> String {
    if rel.is_empty() {
        ".".to_string()
    } else {
        rel.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_sit_in_the_runs_folder_of_their_build() {
        assert_eq!(
            flow_parent("runs/pipeline/a/runs/prep"),
            Some("runs/pipeline/a")
        );
        assert_eq!(flow_parent("runs/pipeline/a"), None);
        assert_eq!(flow_parent("runs/x"), Some(""));
        assert_eq!(flow_parent("x"), None);
    }

    #[test]
    fn a_folder_that_cannot_be_listed_is_a_problem_of_the_run_above_it() {
        let temp = tempfile::tempdir().unwrap();
        std::fs::write(temp.path().join("x_execution_output.txt"), "ok\n").unwrap();
        let dir = Dir {
            path: temp.path().to_path_buf(),
            rel: "runs/a/x".into(),
            files: vec!["x_execution_output.txt".into()],
            dirs: Vec::new(),
        };
        let folder = read_folder(&dir, &Replanning::new(temp.path())).unwrap();
        let unlisted = [(
            "runs/a/x/outputs/locked".to_string(),
            "Permission denied".to_string(),
        )];
        let runs = assemble(vec![folder], &unlisted, &ScanOptions::default());
        let problem = runs[0].problem.as_deref().unwrap();
        assert!(problem.contains("runs/a/x/outputs/locked"), "{problem}");
        assert!(problem.contains("Permission denied"), "{problem}");
    }

    #[test]
    fn below_means_a_whole_component_below() {
        assert!(is_below("a/b/c", "a/b"));
        assert!(!is_below("a/bc", "a/b"));
        assert!(!is_below("a/b", "a/b"));
        assert!(is_below("a", ""));
    }
}
