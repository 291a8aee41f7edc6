//! Re-running one flow in its own folder, as ductaflow's CLI mode runs it:
//! `python <flow>.py --config <its saved config> --output-dir <its folder>`, from the flow's
//! project folder.
//!
//! This module decides *what* runs ([`plan`]; a [`Planner`] for many folders at once, as the
//! scan plans every folder it reads so the desktop shows the command before starting it) and
//! keeps the record of a re-run (`<folder>/.hugflow/rerun.json`, [`read`] and [`write`]);
//! starting, watching and
//! signalling the flow is `hugflow_ops::reruns`'. The record sits in the run folder so that
//! whoever scans the folder (the desktop, over SSH) sees the re-run next to the run itself.
//!
//! The flow's script is found by its notebook name (`train` for `train_execution_output.txt`)
//! in a `flows/`, `builds/`, `flow/` or `build/` folder of the nearest folder above the run
//! that has one, which is the project folder ductaflow ran it from.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use hugflow_core::jobs::JobState;
use hugflow_core::path_io::{FromPathIo, PathIoError};
use hugflow_core::runs::{RERUN_SCHEMA, Rerun};
use hugflow_core::state::write_atomic;

/// The folder of a run folder that holds Hugflow's records.
pub use crate::artifacts::RECORD_DIR;
use crate::artifacts::{
    RERUN_LOG as LOG_FILE, RERUN_RECORD as RECORD_FILE, config_name, notebook_of_log, own_log,
};
/// Where flows live in a ductaflow project, in the order they are looked for.
const FLOW_FOLDERS: [&str; 4] = ["flows", "builds", "flow", "build"];

#[derive(Debug, thiserror::Error)]
pub enum RerunError {
    #[error("{}: no such folder; give a run folder (one holding `<flow>_execution_output.txt`)", .0.display())]
    NoFolder(PathBuf),
    #[error(
        "{} is not a ductaflow run folder: it has no `<flow>_execution_output.txt`",
        .0.display()
    )]
    NotARun(PathBuf),
    #[error(
        "{} has no saved config {config}; a re-run passes the run's own config to --config",
        folder.display()
    )]
    NoConfig { folder: PathBuf, config: String },
    #[error(
        "cannot find {script} in a flows/, builds/, flow/ or build/ folder above {}; re-run it by hand from its project folder",
        folder.display()
    )]
    NoScript { folder: PathBuf, script: String },
    #[error("{} is not a re-run record ({source}); delete it to re-run", path.display())]
    Corrupt {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error(transparent)]
    Io(#[from] PathIoError),
}

/// What a re-run of one folder runs, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RerunPlan {
    /// The run folder (absolute): `--output-dir`.
    pub folder: PathBuf,
    /// The project folder the flow runs from.
    pub project: PathBuf,
    pub script: PathBuf,
    /// The run's saved config: `--config`.
    pub config: PathBuf,
    pub python: String,
}

impl RerunPlan {
    /// The command line, program first.
    pub fn command(&self) -> Vec<String> {
        let script = self
            .script
            .strip_prefix(&self.project)
            .unwrap_or(&self.script);
        vec![
            self.python.clone(),
            script.display().to_string(),
            "--config".into(),
            self.config.display().to_string(),
            "--output-dir".into(),
            self.folder.display().to_string(),
        ]
    }
}

/// Works out the re-run of `folder`: its flow's notebook name from its execution log, its
/// saved config, the flow's script above it. `python` is the interpreter to use; without one,
/// `HUGFLOW_PYTHON`, else `python` on PATH, else `python3`.
pub fn plan(folder: &Path, python: Option<&str>) -> Result<RerunPlan, RerunError> {
    let folder = folder
        .canonicalize()
        .map_err(|_| RerunError::NoFolder(folder.to_path_buf()))?;
    if !folder.is_dir() {
        return Err(RerunError::NoFolder(folder));
    }
    let notebook = notebook_of(&folder)?;
    let has_config = folder.join(config_name(&notebook)).is_file();
    Planner::new(python).plan_read(folder, &notebook, has_config)
}

/// Plans the re-runs of many folders at once (a scan's), as [`plan`] plans one, sharing what
/// they have in common: the interpreter, worked out once, and what the folders above them
/// hold (the flows of one build share every folder above their `runs/`, the builds of one
/// project the folders above theirs), each looked at once. It may be shared between threads.
#[derive(Debug)]
pub struct Planner {
    python: String,
    seen: Mutex<Seen>,
}

/// What a [`Planner`] found on the file system.
#[derive(Debug, Default)]
struct Seen {
    /// A folder's flow folders that are there (`<dir>/flows`…), in the order they are looked in.
    flow_folders: HashMap<PathBuf, Arc<[PathBuf]>>,
    /// Whether a script is there as a file.
    scripts: HashMap<PathBuf, bool>,
}

impl Planner {
    /// `python` as [`plan`] takes it (the default is worked out here, once).
    pub fn new(python: Option<&str>) -> Self {
        Self {
            python: python.map_or_else(default_python, str::to_string),
            seen: Mutex::default(),
        }
    }

    /// The plan of a run folder already read: `folder` canonical (absolute, no links), the
    /// notebook its own log names, whether its saved config is there as a file.
    pub fn plan_read(
        &self,
        folder: PathBuf,
        notebook: &str,
        has_config: bool,
    ) -> Result<RerunPlan, RerunError> {
        let config = folder.join(config_name(notebook));
        if !has_config {
            return Err(RerunError::NoConfig {
                folder,
                config: config_name(notebook),
            });
        }
        let script_name = format!("{notebook}.py");
        let Some((project, script)) = self.find_script(&folder, &script_name) else {
            return Err(RerunError::NoScript {
                folder,
                script: script_name,
            });
        };
        Ok(RerunPlan {
            folder,
            project,
            script,
            config,
            python: self.python.clone(),
        })
    }

    /// The nearest folder above `folder` with `<flow folder>/<script_name>` as a file, and
    /// that script.
    fn find_script(&self, folder: &Path, script_name: &str) -> Option<(PathBuf, PathBuf)> {
        folder.ancestors().skip(1).find_map(|dir| {
            self.flow_folders(dir)
                .iter()
                .map(|flows| flows.join(script_name))
                .find(|script| self.is_script(script))
                .map(|script| (dir.to_path_buf(), script))
        })
    }

    /// The flow folders of `dir` that are there, looked at once per planner (most folders
    /// have none: one lookup per folder then, whatever the script).
    fn flow_folders(&self, dir: &Path) -> Arc<[PathBuf]> {
        if let Some(known) = self.lock().flow_folders.get(dir) {
            return Arc::clone(known);
        }
        // Not under the lock: the other threads go on meanwhile (two may look at once, and
        // find the same).
        let found: Arc<[PathBuf]> = FLOW_FOLDERS
            .iter()
            .map(|flows| dir.join(flows))
            .filter(|flows| flows.is_dir())
            .collect();
        self.lock()
            .flow_folders
            .insert(dir.to_path_buf(), Arc::clone(&found));
        found
    }

    /// Whether `script` is there as a file, looked at once per planner.
    fn is_script(&self, script: &Path) -> bool {
        if let Some(&known) = self.lock().scripts.get(script) {
            return known;
        }
        let found = script.is_file();
        self.lock().scripts.insert(script.to_path_buf(), found);
        found
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Seen> {
        // What was found stays right even if a thread panicked while holding it.
        self.seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The notebook whose log names the folder's own run (a non-CLI log first).
fn notebook_of(folder: &Path) -> Result<String, RerunError> {
    let listing = std::fs::read_dir(folder).map_err(RerunError::io("read", folder))?;
    let names: Vec<String> = listing
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    let name = own_log(names.iter().map(String::as_str))
        .ok_or_else(|| RerunError::NotARun(folder.to_path_buf()))?;
    Ok(notebook_of_log(name).unwrap_or(name).to_string())
}

fn default_python() -> String {
    if let Some(python) = std::env::var_os("HUGFLOW_PYTHON").filter(|p| !p.is_empty()) {
        return python.to_string_lossy().into_owned();
    }
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
    };
    if on_path("python") {
        "python"
    } else {
        "python3"
    }
    .to_string()
}

/// `<folder>/.hugflow/rerun.json`.
pub fn record_path(folder: &Path) -> PathBuf {
    folder.join(RECORD_DIR).join(RECORD_FILE)
}

/// `<folder>/.hugflow/rerun.log`: what the flow printed.
pub fn log_path(folder: &Path) -> PathBuf {
    folder.join(RECORD_DIR).join(LOG_FILE)
}

/// The folder's last re-run, if any, with `running` checked against the processes: a record
/// that says running whose process is gone is `lost` (killed, the machine restarted, or the
/// app that watched it quit before it ended).
pub fn read(folder: &Path) -> Result<Option<Rerun>, RerunError> {
    let path = record_path(folder);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(RerunError::io("read", &path)(error)),
    };
    let mut rerun: Rerun =
        serde_json::from_slice(&bytes).map_err(|source| RerunError::Corrupt { path, source })?;
    if rerun.state.is_running() && !runner_alive(&rerun, folder) {
        // It may have written its end just now.
        if let Some(ended) = std::fs::read(record_path(folder))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Rerun>(&bytes).ok())
            .filter(|r| !r.state.is_running())
        {
            return Ok(Some(ended));
        }
        rerun.state = JobState::Lost;
    }
    Ok(Some(rerun))
}

/// Writes the record (atomically: a reader sees the old one or the new one).
pub fn write(folder: &Path, rerun: &Rerun) -> Result<(), RerunError> {
    let dir = folder.join(RECORD_DIR);
    std::fs::create_dir_all(&dir).map_err(RerunError::io("create", &dir))?;
    let path = record_path(folder);
    let mut bytes = serde_json::to_vec_pretty(rerun).expect("a re-run record always serializes");
    bytes.push(b'\n');
    write_atomic(&path, &bytes).map_err(RerunError::io("write", &path))
}

/// A new record for `plan`, running, its runner not started yet.
pub fn starting(plan: &RerunPlan, started_at: String) -> Rerun {
    Rerun {
        schema: RERUN_SCHEMA,
        state: JobState::Running,
        pid: None,
        command: plan.command(),
        cwd: plan.project.display().to_string(),
        started_at,
        ended_at: None,
        code: None,
        log: log_path(&plan.folder).display().to_string(),
    }
}

/// The arguments that name the runner of `folder` (`hugflow rerun run <folder>`), so that a
/// reused pid is never taken for it.
pub const RUNNER_ARGS: [&str; 2] = ["rerun", "run"];

/// Whether the record's process still runs. With /proc its command line must be the
/// runner's (`… rerun run <folder>`) or the flow's own (`… --output-dir <folder>`, when the
/// desktop started the flow itself), so a reused pid is never taken for it; an empty one (a
/// zombie not yet collected, or an exec under way) counts as running. Without /proc (macOS),
/// the pid must answer `kill(pid, 0)`: a reused pid cannot be told apart there, but an app that
/// quit mid-run no longer leaves its re-run "running" for ever.
fn runner_alive(rerun: &Rerun, folder: &Path) -> bool {
    let Some(pid) = rerun.pid else {
        // Written, its runner not started yet (or never): a moment's grace.
        return started_within(rerun, chrono::Duration::seconds(60));
    };
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return pid_exists(pid);
    }
    let dir = proc.join(pid.to_string());
    let Ok(cmdline) = std::fs::read(dir.join("cmdline")) else {
        return false;
    };
    if cmdline.is_empty() {
        // A zombie (whoever started it records its end before collecting it), or a process
        // in the middle of an exec (an interpreter shim handing over to the real one).
        return true;
    }
    let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
    let folder = folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    let folder = folder.as_os_str().as_encoded_bytes();
    let runner = args.windows(3).any(|w| {
        w[0] == RUNNER_ARGS[0].as_bytes() && w[1] == RUNNER_ARGS[1].as_bytes() && w[2] == folder
    });
    let named = runner
        || args
            .windows(2)
            .any(|w| w[0] == b"--output-dir" && w[1] == folder);
    // Not (yet) named by its arguments: an interpreter shim (pyenv's `python3` is a bash
    // script, `env bash shim python3 …`) or an exec whose arguments are being rewritten, seen
    // reading back as a cut-off `…--co`. A live pid of a record this young is its own: pids
    // are not reused within seconds.
    named || started_within(rerun, SHIM_GRACE)
}

/// How long a re-run's process may go without its arguments naming its folder.
const SHIM_GRACE: chrono::Duration = chrono::Duration::seconds(30);

/// Whether `rerun` was recorded as started less than `grace` ago.
fn started_within(rerun: &Rerun, grace: chrono::Duration) -> bool {
    chrono::DateTime::parse_from_rfc3339(&rerun.started_at)
        .is_ok_and(|at| (chrono::Utc::now() - at.with_timezone(&chrono::Utc)) < grace)
}

/// Whether a process `pid` exists (ours or another user's), by the signal-0 probe.
#[cfg(unix)]
fn pid_exists(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists and may be signalled.
    let answer = unsafe { libc::kill(pid, 0) };
    answer == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Re-runs run on the HGX (Linux); the desktop on Windows reads their records, never their
/// processes, so a recorded pid is taken for gone there.
#[cfg(not(unix))]
fn pid_exists(_pid: u32) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let run = dir.path().join("runs/pipeline/a/runs/train_instance");
        std::fs::create_dir_all(&run).unwrap();
        std::fs::create_dir_all(dir.path().join("flows")).unwrap();
        std::fs::write(dir.path().join("flows/train.py"), "print('hi')\n").unwrap();
        std::fs::write(run.join("train_execution_output.txt"), "").unwrap();
        std::fs::write(run.join("train_config.json"), "{}").unwrap();
        dir
    }

    /// The project's train instance, its re-run planned with `python3`; the folder lives as
    /// long as the returned `TempDir`.
    fn planned_with_python3() -> (tempfile::TempDir, PathBuf, RerunPlan) {
        let dir = project();
        let run = dir.path().join("runs/pipeline/a/runs/train_instance");
        let plan = plan(&run, Some("python3")).unwrap();
        (dir, run, plan)
    }

    #[test]
    fn a_flow_is_found_in_the_project_above_its_folder() {
        let dir = project();
        let run = dir.path().join("runs/pipeline/a/runs/train_instance");
        let plan = plan(&run, Some("/opt/venv/bin/python")).unwrap();
        let root = dir.path().canonicalize().unwrap();
        assert_eq!(plan.project, root);
        let folder = root.join("runs/pipeline/a/runs/train_instance");
        assert_eq!(
            plan.command(),
            [
                "/opt/venv/bin/python".to_string(),
                "flows/train.py".into(),
                "--config".into(),
                folder.join("train_config.json").display().to_string(),
                "--output-dir".into(),
                folder.display().to_string(),
            ]
        );
    }

    #[test]
    fn what_is_missing_is_named() {
        let dir = project();
        let run = dir.path().join("runs/pipeline/a/runs/train_instance");
        std::fs::remove_file(dir.path().join("flows/train.py")).unwrap();
        let error = plan(&run, None).unwrap_err().to_string();
        assert!(error.contains("cannot find train.py"), "{error}");
        std::fs::remove_file(run.join("train_config.json")).unwrap();
        let error = plan(&run, None).unwrap_err().to_string();
        assert!(
            error.contains("no saved config train_config.json"),
            "{error}"
        );
        let error = plan(&dir.path().join("runs"), None)
            .unwrap_err()
            .to_string();
        assert!(error.contains("not a ductaflow run folder"), "{error}");
        let error = plan(&dir.path().join("nowhere"), None)
            .unwrap_err()
            .to_string();
        assert!(error.contains("no such folder"), "{error}");
    }

    #[test]
    fn a_running_record_whose_runner_is_gone_is_lost() {
        let (_dir, run, plan) = planned_with_python3();
        let mut rerun = starting(&plan, "2026-01-01T00:00:00Z".into());
        // Our own pid: alive, but not a runner of this folder.
        rerun.pid = Some(std::process::id());
        write(&run, &rerun).unwrap();
        let read_back = read(&run).unwrap().unwrap();
        assert_eq!(read_back.state, JobState::Lost);
        rerun.state = JobState::Complete;
        rerun.code = Some(0);
        write(&run, &rerun).unwrap();
        assert_eq!(read(&run).unwrap().unwrap(), rerun);
        std::fs::write(record_path(&run), "{").unwrap();
        assert!(matches!(read(&run), Err(RerunError::Corrupt { .. })));
    }

    #[test]
    fn a_young_records_process_is_its_own_before_its_arguments_name_the_folder() {
        let (_dir, run, plan) = planned_with_python3();
        // What a shim looks like before it hands over (pyenv's `python3` runs as
        // `env bash …/shims/python3 …`): alive, its arguments not naming the folder.
        let mut shim = std::process::Command::new("sleep")
            .arg("60")
            .spawn()
            .unwrap();
        let mut rerun = starting(&plan, chrono::Utc::now().to_rfc3339());
        rerun.pid = Some(shim.id());
        write(&run, &rerun).unwrap();
        assert_eq!(read(&run).unwrap().unwrap().state, JobState::Running);
        // The same process for a record older than the grace: a reused pid, not its runner.
        rerun.started_at = (chrono::Utc::now() - SHIM_GRACE).to_rfc3339();
        write(&run, &rerun).unwrap();
        assert_eq!(read(&run).unwrap().unwrap().state, JobState::Lost);
        shim.kill().unwrap();
        shim.wait().unwrap();
    }

    #[test]
    fn the_flows_own_process_runs_until_it_is_collected_then_the_record_is_lost() {
        let (_dir, run, plan) = planned_with_python3();
        // The flow as the desktop starts it: its own process, `--output-dir <folder>`.
        let mut flow = std::process::Command::new("python3")
            .args(["-c", "import time; time.sleep(60)", "--output-dir"])
            .arg(&plan.folder)
            .spawn()
            .unwrap();
        let mut rerun = starting(&plan, "2026-01-01T00:00:00Z".into());
        rerun.pid = Some(flow.id());
        write(&run, &rerun).unwrap();
        assert_eq!(read(&run).unwrap().unwrap().state, JobState::Running);
        // Killed and not yet collected: its watcher is about to record its end.
        kill_9(flow.id());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !is_zombie(&Path::new("/proc").join(flow.id().to_string())) {
            assert!(
                std::time::Instant::now() < deadline,
                "never became a zombie"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(read(&run).unwrap().unwrap().state, JobState::Running);
        flow.wait().unwrap();
        assert_eq!(read(&run).unwrap().unwrap().state, JobState::Lost);
    }

    #[test]
    fn without_proc_a_pid_exists_until_its_process_is_collected() {
        assert!(pid_exists(std::process::id()));
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!pid_exists(pid), "a collected process is gone");
        assert!(!pid_exists(u32::MAX), "not a pid");
    }

    /// Whether `/proc/<pid>` is a process that has ended but is not yet collected by its parent.
    fn is_zombie(dir: &Path) -> bool {
        let stat = std::fs::read(dir.join("stat")).unwrap_or_default();
        // `pid (comm) S …`: the state follows the last `)`, as comm may hold anything.
        stat.iter()
            .rposition(|b| *b == b')')
            .and_then(|end| stat.get(end + 2))
            .is_some_and(|state| *state == b'Z')
    }

    /// SIGKILL through `kill(1)`: the child stays uncollected until the test waits for it.
    fn kill_9(pid: u32) {
        let status = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
}
