//! The Runs page: folders of ductaflow runs and huldra artifacts, on this computer or on a
//! host (read there by its agent over SSH), saved in the app's settings in the order added;
//! their scans and the tails of their files.

use std::path::{Component, Path, PathBuf};

use hugflow_core::runs::RunsReport;
use hugflow_ops::runs::{ScanError, ScanOptions};
use hugflow_remote::agent as remote_agent;
use hugflow_remote::quote::check_path;
use serde::{Deserialize, Serialize};

use crate::hosts::{agent_error, unknown_host};
use crate::{ApiError, ErrorCode, HugflowApp};

/// A folder of flow or artifact runs: on this computer (`host: null`) or on a host over SSH.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RunSource {
    /// A host's name as added on the Hosts page; `null` for a folder on this computer.
    pub host: Option<String>,
    /// The folder to scan (absolute; on the host for a host source).
    pub path: String,
}

const RUN_SOURCES_SETTING: &str = "run_sources";
/// The most lines a tail may ask for.
const MAX_TAIL_LINES: u32 = 5_000;

impl HugflowApp {
    pub fn run_sources(&self) -> Result<Vec<RunSource>, ApiError> {
        match self.db.setting(RUN_SOURCES_SETTING)? {
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                ApiError::new(
                    ErrorCode::Database,
                    format!("the saved run folders cannot be read ({e}); add them again"),
                )
            }),
            None => Ok(Vec::new()),
        }
    }

    /// Adds a run folder after checking it: a local folder must exist; a host must be one of
    /// the user's and the path safe to send to it. Adding is the user's own act (Browse… or
    /// the form); every other Runs call then names only a folder saved here.
    pub fn add_run_source(&self, source: &RunSource) -> Result<Vec<RunSource>, ApiError> {
        let source = normalized(source);
        if !Path::new(&source.path).is_absolute() {
            return Err(invalid(format!(
                "`{}` is not an absolute folder path",
                source.path
            )));
        }
        match &source.host {
            None if !Path::new(&source.path).is_dir() => {
                return Err(invalid(format!(
                    "{} is not a folder on this computer; pick it with Browse…",
                    source.path
                )));
            }
            None => {}
            Some(host) => {
                if self.db.host(host)?.is_none() {
                    return Err(unknown_host(host));
                }
                check_path("the runs folder", &source.path).map_err(|e| invalid(e.to_string()))?;
            }
        }
        let mut sources = self.run_sources()?;
        if !sources.contains(&source) {
            sources.push(source);
        }
        self.save_run_sources(&sources)?;
        Ok(sources)
    }

    pub fn remove_run_source(&self, source: &RunSource) -> Result<Vec<RunSource>, ApiError> {
        let mut sources = self.run_sources()?;
        sources.retain(|s| s != source);
        self.save_run_sources(&sources)?;
        Ok(sources)
    }

    fn save_run_sources(&self, sources: &[RunSource]) -> Result<(), ApiError> {
        let json = serde_json::to_string(sources).expect("sources serialise");
        Ok(self.db.set_setting(RUN_SOURCES_SETTING, &json)?)
    }

    /// The saved run folder `source` names (as `add_run_source` saved it), or `not_allowed`:
    /// the window may only read and run what the user added.
    pub(crate) fn saved_source(&self, source: &RunSource) -> Result<RunSource, ApiError> {
        let wanted = normalized(source);
        if self.run_sources()?.contains(&wanted) {
            return Ok(wanted);
        }
        let place = wanted
            .host
            .as_deref()
            .map_or("this computer".to_string(), |h| format!("host {h}"));
        Err(ApiError::new(
            ErrorCode::NotAllowed,
            format!(
                "`{}` on {place} is not one of your run folders; add it on the Runs page first",
                source.path
            ),
        ))
    }

    /// Every run under the saved source's folder.
    pub async fn scan_runs(&self, source: &RunSource) -> Result<RunsReport, ApiError> {
        let source = self.saved_source(source)?;
        match &source.host {
            None => {
                let root = PathBuf::from(&source.path);
                tokio::task::spawn_blocking(move || {
                    hugflow_ops::runs::scan(&root, &ScanOptions::default())
                })
                .await
                .map_err(|e| ApiError::new(ErrorCode::Io, e.to_string()))?
                .map_err(scan_error)
            }
            Some(host) => {
                let (target, info) = self.agent_on(host)?;
                remote_agent::reports::runs(&self.hosts.ssh, &target, &info, &source.path)
                    .await
                    .map_err(agent_error)
            }
        }
    }

    /// The last `lines` lines of `file` (relative to the saved source's folder, as the report
    /// gives it). Only run artifacts are read (see [`artifact_inside`]): a saved folder may be
    /// a whole project or `~`, and the window has no business with its other files.
    pub async fn run_file_tail(
        &self,
        source: &RunSource,
        file: &str,
        lines: u32,
    ) -> Result<Vec<String>, ApiError> {
        let source = self.saved_source(source)?;
        let path = artifact_inside(&source, file)?;
        let lines = lines.clamp(1, MAX_TAIL_LINES);
        match &source.host {
            None => tokio::task::spawn_blocking(move || tail(&path, lines as usize))
                .await
                .map_err(|e| ApiError::new(ErrorCode::Io, e.to_string()))?,
            Some(host) => {
                // A plain `tail`, but only on a host whose agent answers (so it is reachable).
                let (target, _) = self.agent_on(host)?;
                remote_agent::reports::file_tail(
                    &self.hosts.ssh,
                    &target,
                    &path.display().to_string(),
                    lines,
                )
                .await
                .map_err(agent_error)
            }
        }
    }
}

/// How a run source is saved and looked up: trimmed, without a trailing `/` (but `/` stays
/// the root), an empty host meaning this computer.
fn normalized(source: &RunSource) -> RunSource {
    let path = source.path.trim().trim_end_matches('/');
    RunSource {
        host: source
            .host
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(str::to_string),
        // `/` trimmed of its slash is still the root.
        path: if path.is_empty() && !source.path.trim().is_empty() {
            "/".into()
        } else {
            path.to_string()
        },
    }
}

/// `relative` (as the report gives paths) joined to the source's folder; a path that would
/// leave the folder is refused. On this computer both are resolved (symbolic links and all)
/// and the result must still be inside the folder, so a link in a run folder cannot point the
/// tail or a re-run elsewhere. On a host only the names are checked here (the host's files are
/// not visible from this computer), and the path travels quoted.
pub(crate) fn inside(source: &RunSource, relative: &str, what: &str) -> Result<PathBuf, ApiError> {
    let path = Path::new(relative);
    let plain =
        !relative.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        return Err(ApiError::new(
            ErrorCode::NotAllowed,
            format!(
                "`{relative}` is not a {what} inside the runs folder {}; only paths the scan lists are read",
                source.path
            ),
        ));
    }
    let joined = Path::new(&source.path).join(path);
    if source.host.is_some() {
        return Ok(joined);
    }
    let resolve = |p: &Path| {
        p.canonicalize().map_err(|e| {
            let code = if e.kind() == std::io::ErrorKind::NotFound {
                ErrorCode::NotFound
            } else {
                ErrorCode::Io
            };
            ApiError::new(code, format!("cannot read {}: {e}", p.display()))
        })
    };
    let root = resolve(Path::new(&source.path))?;
    let resolved = resolve(&joined)?;
    if !resolved.starts_with(&root) {
        return Err(ApiError::new(
            ErrorCode::NotAllowed,
            format!(
                "`{relative}` leads out of the runs folder {} (to {}, through a symbolic link); only files inside it are read",
                source.path,
                resolved.display()
            ),
        ));
    }
    Ok(resolved)
}

/// `relative` as [`inside`] resolves it, if it is a run artifact by hugflow-runs' one rule
/// (the files a scan reads and points to), else `not_allowed`. The name the window sent is
/// judged first, so on a host nothing else is ever sent. On this computer the file it resolves
/// to (through links) must be an artifact too, sitting in its run (a config next to its flow's
/// log, a huldra file in an artifact folder): a link named like a log cannot lead to a key, and
/// `app_config.json` elsewhere in a saved `~` is not a run's.
fn artifact_inside(source: &RunSource, relative: &str) -> Result<PathBuf, ApiError> {
    let refused = |why: &str| {
        ApiError::new(
            ErrorCode::NotAllowed,
            format!(
                "`{relative}` in the runs folder {} {why}; Hugflow reads only {}",
                source.path,
                hugflow_runs::READABLE_ARTIFACTS
            ),
        )
    };
    if hugflow_runs::run_artifact(relative).is_none() {
        return Err(refused("is not a run artifact"));
    }
    let path = inside(source, relative, "file")?;
    if source.host.is_some() {
        return Ok(path);
    }
    // `inside` resolved both, so the root resolves (and `path` is below it).
    let root = Path::new(&source.path)
        .canonicalize()
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("cannot read {}: {e}", source.path)))?;
    let resolved = path
        .strip_prefix(&root)
        .ok()
        .and_then(Path::to_str)
        .and_then(|rel| hugflow_runs::run_artifact_at(&root, rel));
    match resolved {
        Some(_) => Ok(path),
        None => Err(refused(&format!(
            "(read as {}) is not an artifact of a run there",
            path.display()
        ))),
    }
}

fn invalid(message: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, message)
}

fn scan_error(error: ScanError) -> ApiError {
    let code = match error {
        ScanError::NotFound { .. } => ErrorCode::NotFound,
        ScanError::NotAFolder { .. } => ErrorCode::InvalidInput,
        ScanError::Unreadable { .. } => ErrorCode::Io,
    };
    ApiError::new(code, error.to_string())
}

/// The last `lines` lines of a local file, read lossily (logs may hold anything).
fn tail(path: &Path, lines: usize) -> Result<Vec<String>, ApiError> {
    let bytes = std::fs::read(path).map_err(|e| {
        ApiError::new(
            ErrorCode::Io,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let all: Vec<&str> = text.lines().collect();
    Ok(all[all.len().saturating_sub(lines)..]
        .iter()
        .map(|l| l.to_string())
        .collect())
}

#[cfg(test)]
pub(crate) mod tests;
