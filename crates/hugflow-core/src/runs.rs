//! The shape of `hugflow runs --json`: flow runs (ductaflow `runs/` trees) and artifact runs
//! (huldra folders) found under a root. Written by the engine on a host, read by the desktop
//! locally or over SSH; defined once here so the two cannot drift.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The version of the `hugflow runs --json` document.
pub const RUNS_SCHEMA: u32 = 1;

/// Everything found under one root.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RunsReport {
    pub schema: u32,
    /// The folder that was scanned, as given.
    pub root: String,
    /// When the scan ran (RFC 3339, UTC); "running" and "stale" are judged against it.
    pub scanned_at: String,
    /// Builds and stand-alone flow instances, newest first.
    pub ductaflow: Vec<DuctaflowRun>,
    /// Huldra artifacts, newest first.
    pub huldra: Vec<HuldraArtifact>,
}

/// ductaflow's traffic light, decided exactly as its `analyze_execution_logs` decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum FlowStatus {
    Success,
    Warning,
    Error,
}

/// Whether a run's log says it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Liveness {
    /// The log has its end line ("Execution completed" or "Execution failed").
    Finished,
    /// No end line, and something in the folder was written recently.
    Running,
    /// No end line and nothing written for a long time: killed, or the host went down.
    Abandoned,
}

/// One ductaflow build instance (or a stand-alone flow instance), with its flows. In JSON its
/// own fields sit beside `flows`; in Rust they are reached through `Deref` to [`FlowRun`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DuctaflowRun {
    /// The build itself; its `status` covers everything below its folder, flows included
    /// (ductaflow's build status).
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub run: FlowRun,
    pub flows: Vec<FlowRun>,
}

impl std::ops::Deref for DuctaflowRun {
    type Target = FlowRun;

    fn deref(&self) -> &FlowRun {
        &self.run
    }
}

/// One run folder: a build, or a flow instance inside one (`<build>/runs/<instance>/`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FlowRun {
    /// The instance folder, relative to the root.
    pub path: String,
    /// The instance name (the folder's name).
    pub name: String,
    /// The notebook that ran (`pipeline` for `pipeline_execution_output.txt`).
    pub notebook: String,
    /// ductaflow's light over this folder and everything below it.
    pub status: FlowStatus,
    /// `false` when the log has no end line.
    pub finished: bool,
    pub liveness: Liveness,
    /// Local time of the host as the log wrote it, `YYYY-MM-DDTHH:MM:SS`.
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub duration_secs: Option<i64>,
    /// The saved `<notebook>_config.json`.
    pub config: Option<Value>,
    /// The saved config's file, relative to the root (what a re-run passes to `--config`).
    pub config_path: Option<String>,
    /// The execution log, relative to the root.
    pub log_path: Option<String>,
    /// The lines that decided the colour, then what the executed notebook printed that the
    /// log missed.
    pub signals: Vec<Signal>,
    /// A file that could not be read or parsed; the rest of the run is still shown.
    pub problem: Option<String>,
    /// The last `hugflow rerun` of this folder, if it was ever re-run from Hugflow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub rerun: Option<Rerun>,
    /// Where a re-run of this folder writes what the flow prints (`<path>/.hugflow/rerun.log`),
    /// relative to the root like every file of the report (what `run_file_tail` takes). Empty
    /// in a report of a `hugflow` that predates it.
    #[serde(default)]
    pub rerun_log: String,
    /// What "Re-run this flow" would run, program first, as `hugflow_runs::rerun::plan` works
    /// it out on the scanning host when the folder was read (paths absolute there); `None` when
    /// it cannot be re-run, and `rerun_blocked` then says why.
    #[serde(default)]
    pub rerun_command: Option<Vec<String>>,
    /// Why this folder cannot be re-run (no saved config, no flow script above it…): the
    /// planning error's message; `None` when `rerun_command` is set (or from an older `hugflow`).
    #[serde(default)]
    pub rerun_blocked: Option<String>,
}

/// The version of `hugflow rerun … --json` and of the `.hugflow/rerun.json` record.
pub const RERUN_SCHEMA: u32 = 1;

/// A flow re-run in its own folder (`hugflow rerun start`): the command, and how it stands.
/// Recorded in `<folder>/.hugflow/rerun.json`; what the flow prints goes to
/// `<folder>/.hugflow/rerun.log`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rerun {
    pub schema: u32,
    /// `running` while its process lives; `lost` when it died without recording its end.
    pub state: crate::jobs::JobState,
    /// The pid watched: the `hugflow rerun run` runner's (it leads its own session; the flow
    /// is its child), or the flow's own when the desktop started it in-process.
    pub pid: Option<u32>,
    /// What runs: `python <flow>.py --config <saved config> --output-dir <folder>`.
    pub command: Vec<String>,
    /// Where it runs: the flow's project folder.
    pub cwd: String,
    /// RFC 3339, UTC.
    pub started_at: String,
    /// RFC 3339, UTC; once ended.
    pub ended_at: Option<String>,
    /// The flow's exit code, once ended (none when cancelled by a signal).
    pub code: Option<i32>,
    /// The file holding what the flow printed (absolute, on the host that ran it).
    pub log: String,
}

/// The answer of `hugflow rerun cancel --json`: the state the re-run is in once the cancel
/// has waited (`running` when it outlived the wait).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RerunCancel {
    pub schema: u32,
    pub state: crate::jobs::JobState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum SignalKind {
    Warning,
    Error,
}

/// Where a signal was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum SignalSource {
    /// An `*_execution_output.txt` line: it counts towards the status.
    Log,
    /// An output of the executed notebook: shown, but ductaflow's status ignores it.
    Notebook,
}

/// A line that carries a warning or error indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Signal {
    pub kind: SignalKind,
    pub source: SignalSource,
    /// The file, relative to the root.
    pub file: String,
    /// 1-based line in a log; 1-based cell in a notebook.
    pub line: u32,
    pub text: String,
}

/// One huldra artifact folder (it holds `.huldra/state.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HuldraArtifact {
    /// The artifact folder, relative to the root.
    pub path: String,
    /// The Python class, e.g. `asrpipe.pipelines.FineTune`.
    pub class: String,
    pub hash: String,
    /// What to show: `success`, `failed`, `running`, `queued`, `preempted`, `cancelled`,
    /// `incomplete`, `absent`, or `stale` for a running attempt whose lease expired.
    pub status: String,
    /// `state.json`'s result status (the newer shape), or its flat status (the seed's).
    pub result: Option<String>,
    /// The attempt's status (the newer shape only).
    pub attempt: Option<String>,
    /// Running on paper, but the lease (or heartbeat) has expired: the owner died.
    pub stale: bool,
    /// The object's config (`metadata.json` `huldra_obj`).
    pub config: Option<Value>,
    /// How to rebuild it in Python (`huldra_python_def`).
    pub python_def: Option<String>,
    pub git_commit: Option<String>,
    pub owner_host: Option<String>,
    pub owner_pid: Option<u32>,
    pub command: Option<String>,
    /// RFC 3339 as huldra wrote them.
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub updated_at: Option<String>,
    pub lease_expires_at: Option<String>,
    pub error: Option<HuldraError>,
    /// A file that could not be read or parsed; the rest of the artifact is still shown.
    pub problem: Option<String>,
}

/// The exception a failed attempt recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HuldraError {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub message: String,
    pub traceback: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A host whose `hugflow` predates the re-run fields still sends readable runs: the desktop
    /// reads them with no command (and an empty log path) rather than refusing the report.
    #[test]
    fn a_run_without_the_rerun_fields_still_reads() {
        let old = serde_json::json!({
            "path": "runs/pipeline/a", "name": "a", "notebook": "pipeline",
            "status": "success", "finished": true, "liveness": "finished",
            "started_at": null, "ended_at": null, "duration_secs": null,
            "config": null, "config_path": null, "log_path": null,
            "signals": [], "problem": null, "flows": []
        });
        let run: DuctaflowRun = serde_json::from_value(old).unwrap();
        assert_eq!(run.rerun_log, "");
        assert_eq!(run.rerun_command, None);
        assert_eq!(run.rerun_blocked, None);
    }
}
