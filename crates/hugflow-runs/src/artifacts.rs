//! Which files of a runs folder are run artifacts: the files a scan reads and points to (a
//! ductaflow run's log, config and executed notebook, a huldra artifact's state, metadata and
//! log, a re-run's record and log). The scanner finds them by these names, and whoever serves
//! a file of a runs folder to a caller that only *names* it (the desktop's log tail) serves
//! only these: a runs folder can be large (a whole project, or `~`), and everything else in it
//! (keys, `.env` files, data) is none of the caller's business.
//!
//! Paths here are relative to the runs folder with `/` separators, as the report gives them.
//! [`run_artifact`] judges a path by its names alone (all a caller can check before sending it
//! to a host); [`run_artifact_at`] also checks, on this computer, that the folder around the
//! file is the run its name says (a config next to its flow's log, a state file in an artifact
//! folder), so `app_config.json` in some other folder of `~` is not one.

use std::path::Path;

use crate::walk::SKIPPED;

/// `<notebook>_execution_output.txt`: a ductaflow run's log; a folder holding one is a run.
pub const LOG_SUFFIX: &str = "_execution_output.txt";
/// `<notebook>_cli_execution_output.txt`: the log of ductaflow's older CLI mode.
pub const CLI_LOG_SUFFIX: &str = "_cli_execution_output.txt";
/// `<notebook>_config.json`: the config the run was given.
pub const CONFIG_SUFFIX: &str = "_config.json";
/// `<notebook>_executed.ipynb`: the notebook as it ran.
pub const NOTEBOOK_SUFFIX: &str = "_executed.ipynb";
/// huldra's folder in an artifact folder.
pub const HULDRA_DIR: &str = ".huldra";
/// `.huldra/state.json`: a folder holding it is a huldra artifact.
pub const HULDRA_STATE: &str = "state.json";
pub const HULDRA_METADATA: &str = "metadata.json";
pub const HULDRA_LOG: &str = "huldra.log";
/// Hugflow's own folder in a run folder (a re-run's record and log).
pub const RECORD_DIR: &str = ".hugflow";
pub const RERUN_RECORD: &str = "rerun.json";
pub const RERUN_LOG: &str = "rerun.log";

/// What may be read from a runs folder, for messages that refuse anything else.
pub const READABLE: &str = "run artifacts: a ductaflow run's `<flow>_execution_output.txt`, \
`<flow>_config.json` or `<flow>_executed.ipynb`, a huldra artifact's `.huldra/state.json`, \
`.huldra/metadata.json` or `.huldra/huldra.log`, a re-run's `.hugflow/rerun.log` or \
`.hugflow/rerun.json`";

/// The kinds of run artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunArtifact {
    Log,
    Config,
    Notebook,
    HuldraState,
    HuldraMetadata,
    HuldraLog,
    RerunRecord,
    RerunLog,
}

/// Whether a file name is a ductaflow log (CLI mode's included).
pub fn is_log_name(name: &str) -> bool {
    name.ends_with(LOG_SUFFIX)
}

/// The notebook a log is named after (`train` for `train_execution_output.txt` and for
/// `train_cli_execution_output.txt`).
pub fn notebook_of_log(name: &str) -> Option<&str> {
    name.strip_suffix(CLI_LOG_SUFFIX)
        .or_else(|| name.strip_suffix(LOG_SUFFIX))
}

/// The logs among the names of a folder's files, its own log first: the non-CLI ones by name,
/// then the CLI ones by name.
pub fn logs_in_order<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut logs: Vec<&str> = names.into_iter().filter(|n| is_log_name(n)).collect();
    logs.sort_unstable_by_key(|name| (name.ends_with(CLI_LOG_SUFFIX), *name));
    logs
}

/// The folder's own log among the names of its files (see [`logs_in_order`]).
pub fn own_log<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    logs_in_order(names).first().copied()
}

pub fn config_name(notebook: &str) -> String {
    format!("{notebook}{CONFIG_SUFFIX}")
}

pub fn notebook_name(notebook: &str) -> String {
    format!("{notebook}{NOTEBOOK_SUFFIX}")
}

/// Whether the relative path `rel` names a run artifact, by its names: a plain relative path
/// (no `..`, `.`, empty or absolute parts) through no folder the scan never enters, ending in
/// an artifact's name. Everything a scan reports passes; `.ssh/id_ed25519` does not.
pub fn run_artifact(rel: &str) -> Option<RunArtifact> {
    let parts: Vec<&str> = rel.split('/').collect();
    let plain = parts
        .iter()
        .all(|p| !p.is_empty() && *p != "." && *p != ".." && !p.contains('\0'));
    if !plain {
        return None;
    }
    let (name, folders) = parts.split_last()?;
    let parent = folders.last().copied();
    let kind = match (parent, *name) {
        (Some(HULDRA_DIR), HULDRA_STATE) => RunArtifact::HuldraState,
        (Some(HULDRA_DIR), HULDRA_METADATA) => RunArtifact::HuldraMetadata,
        (Some(HULDRA_DIR), HULDRA_LOG) => RunArtifact::HuldraLog,
        (Some(RECORD_DIR), RERUN_RECORD) => RunArtifact::RerunRecord,
        (Some(RECORD_DIR), RERUN_LOG) => RunArtifact::RerunLog,
        (Some(HULDRA_DIR | RECORD_DIR), _) => return None,
        (_, name) if is_log_name(name) => RunArtifact::Log,
        (_, name) if name.ends_with(CONFIG_SUFFIX) => RunArtifact::Config,
        (_, name) if name.ends_with(NOTEBOOK_SUFFIX) => RunArtifact::Notebook,
        _ => return None,
    };
    // The scan never enters these folders, so nothing in them is an artifact; the record
    // folder of a run is read directly (it is in the list so the walk skips it).
    let record = matches!(kind, RunArtifact::RerunRecord | RunArtifact::RerunLog);
    let own = if record {
        &folders[..folders.len() - 1]
    } else {
        folders
    };
    if own.iter().any(|folder| SKIPPED.contains(folder)) {
        return None;
    }
    Some(kind)
}

/// Whether `rel` is a run artifact of the runs folder `root` on this computer: its names pass
/// [`run_artifact`], it is a file, and the folder around it is the run its name says (a log is
/// its own proof; a config or notebook sits next to its flow's log; a huldra file sits in an
/// artifact folder, one with `.huldra/state.json`; a re-run file sits in a run folder).
pub fn run_artifact_at(root: &Path, rel: &str) -> Option<RunArtifact> {
    let kind = run_artifact(rel)?;
    let path = root.join(rel);
    if !path.is_file() {
        return None;
    }
    let folder = path.parent()?;
    let name = path.file_name()?.to_str()?;
    let has = |name: &str| folder.join(name).is_file();
    let anchored = match kind {
        RunArtifact::Log => true,
        RunArtifact::Config | RunArtifact::Notebook => {
            let suffix = if kind == RunArtifact::Config {
                CONFIG_SUFFIX
            } else {
                NOTEBOOK_SUFFIX
            };
            let notebook = name.strip_suffix(suffix)?;
            has(&format!("{notebook}{LOG_SUFFIX}")) || has(&format!("{notebook}{CLI_LOG_SUFFIX}"))
        }
        RunArtifact::HuldraState | RunArtifact::HuldraMetadata | RunArtifact::HuldraLog => {
            has(HULDRA_STATE)
        }
        RunArtifact::RerunRecord | RunArtifact::RerunLog => {
            let run = folder.parent()?;
            std::fs::read_dir(run).is_ok_and(|entries| {
                entries
                    .filter_map(Result::ok)
                    .any(|e| e.file_name().to_str().is_some_and(is_log_name))
            })
        }
    };
    anchored.then_some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_scan_reports_are_artifacts() {
        for (rel, kind) in [
            ("train_execution_output.txt", RunArtifact::Log),
            (
                "runs/a/runs/b/train_cli_execution_output.txt",
                RunArtifact::Log,
            ),
            ("runs/a/pipeline_config.json", RunArtifact::Config),
            ("runs/a/pipeline_executed.ipynb", RunArtifact::Notebook),
            (
                "data/FineTune/5ad0/.huldra/state.json",
                RunArtifact::HuldraState,
            ),
            (".huldra/metadata.json", RunArtifact::HuldraMetadata),
            ("x/.huldra/huldra.log", RunArtifact::HuldraLog),
            ("runs/a/.hugflow/rerun.log", RunArtifact::RerunLog),
            (".hugflow/rerun.json", RunArtifact::RerunRecord),
        ] {
            assert_eq!(run_artifact(rel), Some(kind), "{rel}");
        }
    }

    #[test]
    fn other_names_and_unplain_paths_are_not() {
        for rel in [
            "",
            ".ssh/id_ed25519",
            "../../.ssh/id_ed25519",
            "/etc/passwd",
            "/runs/a/train_execution_output.txt",
            "runs/../train_execution_output.txt",
            "./train_execution_output.txt",
            "runs//train_execution_output.txt",
            "runs/a/",
            "runs/a/log.txt",
            "runs/a/.env",
            "x/.huldra/events.jsonl",
            "x/.huldra/train_config.json",
            "x/.hugflow/train_execution_output.txt",
            "x/.hugflow/notes/rerun.log",
            "state.json",
            "rerun.log",
            ".git/a_execution_output.txt",
            "node_modules/pkg/a_config.json",
            ".venv/lib/a_executed.ipynb",
            "a/.ipynb_checkpoints/train_executed.ipynb",
            "a/.git/.hugflow/rerun.log",
            "a\0b/train_execution_output.txt",
        ] {
            assert_eq!(run_artifact(rel), None, "{rel:?}");
        }
    }

    #[test]
    fn the_own_log_is_the_first_non_cli_one() {
        let names = [
            "a_cli_execution_output.txt",
            "c_execution_output.txt",
            "b_execution_output.txt",
            "b_config.json",
        ];
        assert_eq!(own_log(names), Some("b_execution_output.txt"));
        assert_eq!(
            own_log(["z_cli_execution_output.txt", "notes.txt"]),
            Some("z_cli_execution_output.txt")
        );
        assert_eq!(own_log(["notes.txt"]), None);
        assert_eq!(notebook_of_log("z_cli_execution_output.txt"), Some("z"));
    }

    #[test]
    fn on_disk_an_artifact_must_sit_in_its_run() {
        let root = tempfile::tempdir().unwrap();
        let write = |rel: &str| {
            let path = root.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        };
        write("run/train_execution_output.txt");
        write("run/train_config.json");
        write("run/other_config.json");
        write("run/.hugflow/rerun.log");
        write("cli/t_cli_execution_output.txt");
        write("cli/t_executed.ipynb");
        write(".config/app/app_config.json");
        write(".config/app/.hugflow/rerun.json");
        write("art/.huldra/state.json");
        write("art/.huldra/huldra.log");
        write("noart/.huldra/huldra.log");
        let at = |rel| run_artifact_at(root.path(), rel);
        assert_eq!(at("run/train_execution_output.txt"), Some(RunArtifact::Log));
        assert_eq!(at("run/train_config.json"), Some(RunArtifact::Config));
        assert_eq!(at("run/.hugflow/rerun.log"), Some(RunArtifact::RerunLog));
        assert_eq!(at("cli/t_executed.ipynb"), Some(RunArtifact::Notebook));
        assert_eq!(at("art/.huldra/huldra.log"), Some(RunArtifact::HuldraLog));
        // Named like artifacts, but not in a run of theirs.
        assert_eq!(at("run/other_config.json"), None);
        assert_eq!(at(".config/app/app_config.json"), None);
        assert_eq!(at(".config/app/.hugflow/rerun.json"), None);
        assert_eq!(at("noart/.huldra/huldra.log"), None);
        // Missing files and folders are not files.
        assert_eq!(at("run/.hugflow/rerun.json"), None);
        assert_eq!(at("run"), None);
    }
}
