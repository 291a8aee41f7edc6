//! huldra artifact folders: a folder holding `.huldra/state.json` is one artifact.
//!
//! `state.json` comes in two shapes:
//!
//! - **newer huldra** (`"schema_version": 1`): `result.status` (`absent`, `incomplete`,
//!   `success`, `failed`) and `attempt` (`status`, `started_at`, `ended_at`, `heartbeat_at`,
//!   `lease_expires_at`, `owner {pid, host, hostname, command}`, `error {type, message,
//!   traceback}`), plus `updated_at`;
//! - **the seed's older huldra**: flat `status` (`queued`, `running`, `success`, `failed`,
//!   `preempted`, `cancelled`, `missing`), `updated_at`, and optionally `lease_expires_at`,
//!   `last_heartbeat_at`, `hostname`, `pid`, `command`, `reason`, `traceback`. Its status is
//!   the `result`; there is no `attempt`; `reason`/`traceback` make the `error`.
//!
//! **Stale.** A `running` attempt (or flat status) whose owner died keeps saying `running`. It
//! is stale when its `lease_expires_at` is before `now`; without a lease, when its last sign of
//! life (`heartbeat_at`/`last_heartbeat_at`, else `updated_at`, else `state.json`'s
//! modification time) is older than `running_within`. The `status` shown is `stale` for a
//! stale artifact, else the attempt's status (newer shape), else the result; `unknown` when
//! `state.json` cannot be read.
//!
//! `class`, `hash`, `config` (`huldra_obj`), `python_def`, `git_commit` and `command` come from
//! `.huldra/metadata.json`; when it is missing or broken the class is the parent folder's name
//! and the hash the folder's name, and `problem` says why. The owner's host and pid come from
//! `attempt.owner` (newer) or `hostname`/`pid` (older).
//!
//! An artifact's own folder holds its outputs (checkpoints, shards), never further runs, so the
//! scan does not enter it.

use std::path::Path;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use hugflow_core::runs::{HuldraArtifact, HuldraError};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::walk::{Dir, join_rel};

pub use crate::artifacts::HULDRA_DIR as STATE_DIR;
use crate::artifacts::{HULDRA_METADATA, HULDRA_STATE};

/// Whether a listed folder is an artifact (it has `.huldra/state.json`).
pub fn is_artifact(dir: &Dir) -> bool {
    dir.has_dir(STATE_DIR) && dir.path.join(STATE_DIR).join(HULDRA_STATE).is_file()
}

/// The fields of `metadata.json` the report uses; the rest (a git diff can be large) is
/// skipped unparsed.
#[derive(Deserialize, Default)]
struct Metadata {
    #[serde(default)]
    huldra_python_def: Value,
    #[serde(default)]
    huldra_obj: Value,
    #[serde(default)]
    huldra_hash: Value,
    #[serde(default)]
    git_commit: Value,
    #[serde(default)]
    command: Value,
}

/// Reads one artifact folder.
pub fn read_artifact(
    dir: &Path,
    rel: &str,
    now: SystemTime,
    running_within: Duration,
) -> HuldraArtifact {
    let state_rel = join_rel(rel, &format!("{STATE_DIR}/{HULDRA_STATE}"));
    let metadata_rel = join_rel(rel, &format!("{STATE_DIR}/{HULDRA_METADATA}"));
    let state_path = dir.join(STATE_DIR).join(HULDRA_STATE);
    let mut problems = Vec::new();

    let folder_name = |path: &Path| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut artifact = HuldraArtifact {
        path: if rel.is_empty() {
            ".".to_string()
        } else {
            rel.to_string()
        },
        class: dir.parent().map(folder_name).unwrap_or_default(),
        hash: folder_name(dir),
        status: "unknown".to_string(),
        result: None,
        attempt: None,
        stale: false,
        config: None,
        python_def: None,
        git_commit: None,
        owner_host: None,
        owner_pid: None,
        command: None,
        started_at: None,
        ended_at: None,
        updated_at: None,
        lease_expires_at: None,
        error: None,
        problem: None,
    };

    match read_bytes(&dir.join(STATE_DIR).join(HULDRA_METADATA)).and_then(|bytes| {
        serde_json::from_slice::<Metadata>(&bytes).map_err(|e| format!("not valid JSON ({e})"))
    }) {
        Ok(meta) => {
            let class = meta
                .huldra_obj
                .get("__class__")
                .and_then(Value::as_str)
                .map(str::to_string);
            match class {
                Some(class) => artifact.class = class,
                None => problems.push(format!(
                    "{metadata_rel}: no huldra_obj.__class__; the class shown is the folder's"
                )),
            }
            if let Some(hash) = text(&meta.huldra_hash) {
                artifact.hash = hash;
            }
            artifact.config = (!meta.huldra_obj.is_null()).then_some(meta.huldra_obj);
            artifact.python_def = text(&meta.huldra_python_def);
            artifact.git_commit = text(&meta.git_commit);
            artifact.command = text(&meta.command);
        }
        Err(problem) => problems.push(format!(
            "{metadata_rel}: {problem}; class and hash shown are the folders' names"
        )),
    }

    let state =
        read_bytes(&state_path).and_then(|bytes| match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err("not a JSON object".to_string()),
            Err(e) => Err(format!("not valid JSON ({e})")),
        });
    let state = match state {
        Ok(state) => state,
        Err(problem) => {
            problems.push(format!("{state_rel}: {problem}; status unknown"));
            artifact.problem = Some(problems.join("; "));
            return artifact;
        }
    };

    artifact.updated_at = string(&state, "updated_at");
    // The last sign of life, for running states without a lease.
    let heartbeat;
    let running;
    let newer = ["schema_version", "result", "attempt"]
        .iter()
        .any(|key| state.contains_key(*key));
    if newer {
        artifact.result = state
            .get("result")
            .and_then(|r| r.get("status"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let attempt = state.get("attempt").and_then(Value::as_object);
        if let Some(attempt) = attempt {
            artifact.attempt = string(attempt, "status");
            artifact.started_at = string(attempt, "started_at");
            artifact.ended_at = string(attempt, "ended_at");
            artifact.lease_expires_at = string(attempt, "lease_expires_at");
            if let Some(owner) = attempt.get("owner").and_then(Value::as_object) {
                artifact.owner_host = string(owner, "host").or_else(|| string(owner, "hostname"));
                artifact.owner_pid = pid(owner.get("pid"));
                if artifact.command.is_none() {
                    artifact.command = string(owner, "command");
                }
            }
            artifact.error = attempt_error(attempt);
        }
        heartbeat = attempt.and_then(|a| string(a, "heartbeat_at"));
        running = artifact.attempt.as_deref() == Some("running");
    } else {
        artifact.result = string(&state, "status");
        artifact.lease_expires_at = string(&state, "lease_expires_at");
        artifact.owner_host = string(&state, "hostname").or_else(|| string(&state, "host"));
        artifact.owner_pid = pid(state.get("pid"));
        artifact.started_at = string(&state, "started_at");
        artifact.ended_at = string(&state, "ended_at");
        if artifact.command.is_none() {
            artifact.command = string(&state, "command");
        }
        let reason = string(&state, "reason");
        let traceback = string(&state, "traceback");
        if reason.is_some() || traceback.is_some() {
            let message = reason
                .clone()
                .or_else(|| traceback.as_deref().and_then(last_line))
                .unwrap_or_default();
            artifact.error = Some(HuldraError {
                kind: None,
                message,
                traceback,
            });
        }
        heartbeat = string(&state, "last_heartbeat_at");
        running = artifact.result.as_deref() == Some("running");
    }

    if running {
        artifact.stale = match artifact.lease_expires_at.as_deref().and_then(parse_instant) {
            Some(lease) => lease < now,
            None => {
                let alive = heartbeat
                    .as_deref()
                    .and_then(parse_instant)
                    .or_else(|| artifact.updated_at.as_deref().and_then(parse_instant))
                    .or_else(|| state_path.metadata().and_then(|m| m.modified()).ok());
                alive.is_some_and(|at| now.duration_since(at).is_ok_and(|age| age > running_within))
            }
        };
    }
    artifact.status = if artifact.stale {
        "stale".to_string()
    } else {
        artifact
            .attempt
            .clone()
            .or_else(|| artifact.result.clone())
            .unwrap_or_else(|| "unknown".to_string())
    };
    artifact.problem = (!problems.is_empty()).then(|| problems.join("; "));
    artifact
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "missing".to_string(),
        _ => format!("cannot read it ({e})"),
    })
}

fn attempt_error(attempt: &Map<String, Value>) -> Option<HuldraError> {
    match attempt.get("error") {
        Some(Value::Object(error)) => Some(HuldraError {
            kind: string(error, "type"),
            message: string(error, "message").unwrap_or_default(),
            traceback: string(error, "traceback"),
        }),
        Some(Value::String(message)) => Some(HuldraError {
            kind: None,
            message: message.clone(),
            traceback: None,
        }),
        _ => string(attempt, "reason").map(|reason| HuldraError {
            kind: None,
            message: reason,
            traceback: None,
        }),
    }
}

fn string(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(text)
}

/// A string, or a number written as one.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn pid(value: Option<&Value>) -> Option<u32> {
    match value? {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn last_line(text: &str) -> Option<String> {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
}

/// An instant huldra wrote: RFC 3339, or an ISO time without an offset (taken as UTC, as
/// huldra writes UTC).
pub fn parse_instant(text: &str) -> Option<SystemTime> {
    instant(text).map(SystemTime::from)
}

fn instant(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(at) = DateTime::<FixedOffset>::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .map(|naive| naive.and_utc())
}

/// Sorts newest first: by `updated_at`, else `started_at`; then by path.
pub fn sort(artifacts: &mut [HuldraArtifact]) {
    let key = |a: &HuldraArtifact| {
        a.updated_at
            .as_deref()
            .or(a.started_at.as_deref())
            .and_then(instant)
    };
    artifacts.sort_by_cached_key(|a| {
        let at = key(a);
        (at.is_none(), std::cmp::Reverse(at), a.path.clone())
    });
}
