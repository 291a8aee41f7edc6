//! Engine settings, with the seed's names and defaults, from the environment and `.env`.
//!
//! The process environment wins over `.env` (as python-dotenv does by default). An empty value
//! counts as unset, so a workflow's `${{ vars.X }}` that is not defined falls back to the
//! default instead of to an empty path.
//!
//! CI mode is different ([`Config::load_runner`]): the workspace is the pull request's own
//! checkout, so its `.env` is the PR author's to write (`HF_ENDPOINT` would take the token
//! elsewhere). There the settings come from the runner alone: the process environment over
//! the host files [`runner_files`] names, which sit outside any checkout.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// A value that must never be printed: `Debug` and `Display` show only that it is set.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself; call only where it is handed to the service it is for.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "{name}={value:?} is not valid: {expected}; fix it in the environment or in {env_file}"
    )]
    Invalid {
        name: &'static str,
        value: String,
        expected: &'static str,
        env_file: String,
    },
    #[error("cannot read {path}: {message}; fix the line or delete the file")]
    EnvFile { path: PathBuf, message: String },
}

/// The engine's settings. Paths are as given; [`crate::checkout::Checkout`] resolves them.
#[derive(Debug, Clone)]
pub struct Config {
    pub hf_token: Option<Secret>,
    pub github_token: Option<Secret>,
    pub slack_webhook_url: Option<Secret>,
    /// `STORAGE_ROOT`, default `./datasets`.
    pub storage_root: PathBuf,
    /// `STATE_DIR`, default `./.hugflow-state`.
    pub state_dir: PathBuf,
    /// `PROCESSED_ROOT`: where the seed links processed datasets; unset means no links.
    pub processed_root: Option<PathBuf>,
    /// `PROGRESS_INTERVAL`, default 10000 files.
    pub progress_interval: u64,
    /// `MAX_CONCURRENT_DOWNLOADS`, default 8 (the sync issue's figure; the seed said 5).
    pub max_concurrent_downloads: usize,
    /// `MAX_CONNECTIONS_PER_FILE`, default 16: byte ranges of one large file fetched at once
    /// (1 fetches every file as one stream).
    pub max_connections_per_file: usize,
    /// `MAX_CONNECTIONS`, default 32: connections of one download at most, whatever they
    /// fetch; fewer are used when more stop adding throughput.
    pub max_connections: usize,
    /// `RANGE_THRESHOLD_MB`, default 256: files larger than this are fetched in ranges.
    pub range_threshold_mb: u64,
    /// `AUTO_MERGE`, default true.
    pub auto_merge: bool,
    /// `AUTO_CLEANUP_REQUESTS`, default false.
    pub auto_cleanup_requests: bool,
    /// `STORAGE_QUOTA_GB`; unset means no quota.
    pub storage_quota_gb: Option<f64>,
    /// `HF_ENDPOINT`, default `https://huggingface.co`.
    pub hf_endpoint: String,
    /// `HF_VIEWER_ENDPOINT`: the dataset viewer of that Hub, default
    /// [`default_viewer_endpoint`] of `hf_endpoint`. The HF token goes to these two origins.
    pub hf_viewer_endpoint: String,
}

pub const DEFAULT_STORAGE_ROOT: &str = "./datasets";
pub const DEFAULT_STATE_DIR: &str = "./.hugflow-state";
pub const DEFAULT_HF_ENDPOINT: &str = "https://huggingface.co";
/// The dataset viewer of huggingface.co (it lives on an origin of its own).
pub const DEFAULT_VIEWER_ENDPOINT: &str = "https://datasets-server.huggingface.co";

/// The dataset viewer a Hub has when none is configured: datasets-server.huggingface.co for
/// huggingface.co, the Hub itself for any other (a mirror or an enterprise Hub serving both).
/// The one place this rule lives: the Hub client and the token binding both ask it.
pub fn default_viewer_endpoint(hub: &str) -> String {
    let hub = hub.trim().trim_end_matches('/');
    if hub == DEFAULT_HF_ENDPOINT {
        DEFAULT_VIEWER_ENDPOINT.to_string()
    } else {
        hub.to_string()
    }
}

impl Config {
    /// Reads `dir/.env` (if present) under the process environment.
    pub fn load(dir: &Path) -> Result<Self, ConfigError> {
        let values = environment(dir)?;
        Self::from_values(&values, &dir.join(".env").display().to_string())
    }

    /// Builds the settings from a map of variables; `env_file` only names the file in errors.
    pub fn from_values(
        values: &HashMap<String, String>,
        env_file: &str,
    ) -> Result<Self, ConfigError> {
        let get = |name: &str| values.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        let invalid =
            |name: &'static str, value: &str, expected: &'static str| ConfigError::Invalid {
                name,
                value: value.to_string(),
                expected,
                env_file: env_file.to_string(),
            };
        let number = |name: &'static str, default: u64| -> Result<u64, ConfigError> {
            match get(name) {
                None => Ok(default),
                Some(v) => v
                    .parse()
                    .map_err(|_| invalid(name, v, "expected a whole number")),
            }
        };
        let flag = |name: &'static str, default: bool| -> Result<bool, ConfigError> {
            match get(name).map(str::to_ascii_lowercase).as_deref() {
                None => Ok(default),
                Some("1" | "true" | "yes" | "on") => Ok(true),
                Some("0" | "false" | "no" | "off") => Ok(false),
                Some(_) => Err(invalid(
                    name,
                    get(name).unwrap_or_default(),
                    "expected true or false",
                )),
            }
        };
        let at_least_one = |name: &'static str, default: u64| -> Result<u64, ConfigError> {
            match number(name, default)? {
                0 => Err(invalid(name, "0", "expected at least 1")),
                n => Ok(n),
            }
        };
        let max_connections_per_file = at_least_one("MAX_CONNECTIONS_PER_FILE", 16)?;
        let max_connections = at_least_one("MAX_CONNECTIONS", 32)?;
        let range_threshold_mb = at_least_one("RANGE_THRESHOLD_MB", 256)?;
        let storage_quota_gb = match get("STORAGE_QUOTA_GB") {
            None => None,
            Some(v) => Some(v.parse::<f64>().ok().filter(|q| *q > 0.0).ok_or_else(|| {
                invalid("STORAGE_QUOTA_GB", v, "expected a positive number of GB")
            })?),
        };
        Ok(Self {
            hf_token: get("HF_TOKEN").map(Secret::new),
            github_token: get("GITHUB_TOKEN")
                .or_else(|| get("GH_TOKEN"))
                .map(Secret::new),
            slack_webhook_url: get("SLACK_WEBHOOK_URL").map(Secret::new),
            storage_root: PathBuf::from(get("STORAGE_ROOT").unwrap_or(DEFAULT_STORAGE_ROOT)),
            state_dir: PathBuf::from(get("STATE_DIR").unwrap_or(DEFAULT_STATE_DIR)),
            processed_root: get("PROCESSED_ROOT").map(PathBuf::from),
            progress_interval: number("PROGRESS_INTERVAL", 10_000)?,
            max_concurrent_downloads: at_least_one("MAX_CONCURRENT_DOWNLOADS", 8)? as usize,
            max_connections_per_file: max_connections_per_file as usize,
            max_connections: max_connections as usize,
            range_threshold_mb,
            auto_merge: flag("AUTO_MERGE", true)?,
            auto_cleanup_requests: flag("AUTO_CLEANUP_REQUESTS", false)?,
            storage_quota_gb,
            hf_viewer_endpoint: get("HF_VIEWER_ENDPOINT")
                .map(|v| v.trim_end_matches('/').to_string())
                .unwrap_or_else(|| {
                    default_viewer_endpoint(get("HF_ENDPOINT").unwrap_or(DEFAULT_HF_ENDPOINT))
                }),
            hf_endpoint: get("HF_ENDPOINT")
                .unwrap_or(DEFAULT_HF_ENDPOINT)
                .trim_end_matches('/')
                .to_string(),
        })
    }
}

/// Names the runner's settings file for CI mode; replaces the default locations when set.
pub const HOST_CONFIG_VAR: &str = "HUGFLOW_CONFIG";
/// The runner's settings file for every user of the host.
pub const SYSTEM_HOST_CONFIG: &str = "/etc/hugflow/env";

/// The settings of CI mode and where they came from.
#[derive(Debug, Clone)]
pub struct RunnerConfig {
    pub config: Config,
    /// The host files read, in order (a later one wins, the environment over all).
    pub files: Vec<PathBuf>,
}

impl Config {
    /// CI mode's settings: `env` (the process environment) over the runner's host files
    /// ([`runner_files`]), in `.env` syntax. No file of the workspace is read.
    pub fn load_runner(env: &HashMap<String, String>) -> Result<RunnerConfig, ConfigError> {
        let files = runner_files(env)?;
        let mut values = HashMap::new();
        for file in &files {
            values.extend(read_env_file(file)?);
        }
        values.extend(env.iter().map(|(k, v)| (k.clone(), v.clone())));
        let named = match files.last() {
            Some(file) => format!("the runner's environment or {}", file.display()),
            None => format!(
                "the runner's environment (or a host file: {HOST_CONFIG_VAR}, {SYSTEM_HOST_CONFIG} or ~/.config/hugflow/env)"
            ),
        };
        let config = Self::from_values(&values, &named)?;
        Ok(RunnerConfig { config, files })
    }
}

/// The runner's host files: `HUGFLOW_CONFIG` alone when set (it must be an absolute path to a
/// file that exists: an operator who names one means it), else those of
/// `/etc/hugflow/env` and `$XDG_CONFIG_HOME/hugflow/env` (default `~/.config/hugflow/env`)
/// that exist, the user's after the system's.
pub fn runner_files(env: &HashMap<String, String>) -> Result<Vec<PathBuf>, ConfigError> {
    let get = |name: &str| env.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    if let Some(named) = get(HOST_CONFIG_VAR) {
        let path = PathBuf::from(named);
        if !path.is_absolute() || !path.is_file() {
            return Err(ConfigError::Invalid {
                name: HOST_CONFIG_VAR,
                value: named.to_string(),
                expected: "expected the absolute path of an existing settings file on this host",
                env_file: "the runner's environment".into(),
            });
        }
        return Ok(vec![path]);
    }
    let user = get("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| get("HOME").map(|home| Path::new(home).join(".config")))
        .map(|dir| dir.join("hugflow/env"));
    Ok([Some(PathBuf::from(SYSTEM_HOST_CONFIG)), user]
        .into_iter()
        .flatten()
        .filter(|path| path.is_file())
        .collect())
}

/// The variables the engine sees in `dir`: `dir/.env` (if present) under the process
/// environment, which wins.
pub fn environment(dir: &Path) -> Result<HashMap<String, String>, ConfigError> {
    let mut values = read_env_file(&dir.join(".env"))?;
    values.extend(std::env::vars());
    Ok(values)
}

fn read_env_file(path: &Path) -> Result<HashMap<String, String>, ConfigError> {
    let mut values = HashMap::new();
    let iter = match dotenvy::from_path_iter(path) {
        Ok(iter) => iter,
        Err(dotenvy::Error::Io(error)) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(values);
        }
        Err(error) => {
            return Err(ConfigError::EnvFile {
                path: path.to_path_buf(),
                message: error.to_string(),
            });
        }
    };
    for item in iter {
        let (key, value) = item.map_err(|error| ConfigError::EnvFile {
            path: path.to_path_buf(),
            message: error.to_string(),
        })?;
        values.insert(key, value);
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_runner_reads_its_host_file_under_the_environment_and_never_a_workspace_env() {
        let dir = tempfile::tempdir().unwrap();
        let host = dir.path().join("hugflow.env");
        std::fs::write(
            &host,
            "HF_ENDPOINT=https://mirror.internal\nSTORAGE_ROOT=/data/host\nAUTO_MERGE=false\n",
        )
        .unwrap();
        let workspace = dir.path().join("checkout");
        std::fs::create_dir(&workspace).unwrap();
        std::fs::write(
            workspace.join(".env"),
            "HF_ENDPOINT=https://attacker.example\nHF_VIEWER_ENDPOINT=https://attacker.example\n",
        )
        .unwrap();
        let host_path = host.to_str().unwrap();
        let loaded = Config::load_runner(&vars(&[
            (HOST_CONFIG_VAR, host_path),
            ("STORAGE_ROOT", "/data/env"),
        ]))
        .unwrap();
        assert_eq!(loaded.files, std::slice::from_ref(&host));
        assert_eq!(loaded.config.hf_endpoint, "https://mirror.internal");
        // A mirror's viewer defaults to the mirror itself, never to the workspace's choice.
        assert_eq!(loaded.config.hf_viewer_endpoint, "https://mirror.internal");
        assert_eq!(
            loaded.config.storage_root,
            PathBuf::from("/data/env"),
            "env wins"
        );
        assert!(!loaded.config.auto_merge);

        // Without HUGFLOW_CONFIG: the user's file under XDG_CONFIG_HOME (no /etc file here).
        let xdg = dir.path().join("xdg");
        std::fs::create_dir_all(xdg.join("hugflow")).unwrap();
        std::fs::write(xdg.join("hugflow/env"), "STATE_DIR=/data/state\n").unwrap();
        let loaded = Config::load_runner(&vars(&[("XDG_CONFIG_HOME", xdg.to_str().unwrap())]));
        let loaded = loaded.unwrap();
        if !Path::new(SYSTEM_HOST_CONFIG).exists() {
            assert_eq!(loaded.files, [xdg.join("hugflow/env")]);
        }
        assert_eq!(loaded.config.state_dir, PathBuf::from("/data/state"));
        assert_eq!(loaded.config.hf_endpoint, DEFAULT_HF_ENDPOINT);
        assert_eq!(loaded.config.hf_viewer_endpoint, DEFAULT_VIEWER_ENDPOINT);

        // A named file that is missing or relative is an error naming the variable.
        for bad in ["/nonexistent/hugflow.env", "hugflow.env"] {
            let error = Config::load_runner(&vars(&[(HOST_CONFIG_VAR, bad)]))
                .unwrap_err()
                .to_string();
            assert!(
                error.starts_with(&format!("HUGFLOW_CONFIG={bad:?}")),
                "{error}"
            );
        }
        // A bad value names the host file it came from.
        std::fs::write(&host, "MAX_CONCURRENT_DOWNLOADS=many\n").unwrap();
        let error = Config::load_runner(&vars(&[(HOST_CONFIG_VAR, host_path)]))
            .unwrap_err()
            .to_string();
        assert!(error.contains(host_path), "{error}");
    }

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let values = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_values(&values, ".env")
    }

    #[test]
    fn defaults_are_the_seeds() {
        let config = config(&[]).unwrap();
        assert_eq!(config.storage_root, PathBuf::from("./datasets"));
        assert_eq!(config.state_dir, PathBuf::from("./.hugflow-state"));
        assert_eq!(config.progress_interval, 10_000);
        assert!(config.auto_merge);
        assert!(!config.auto_cleanup_requests);
        assert!(config.hf_token.is_none());
        assert_eq!(config.hf_endpoint, "https://huggingface.co");
    }

    #[test]
    fn empty_values_count_as_unset() {
        let config = config(&[("STORAGE_ROOT", ""), ("AUTO_MERGE", " ")]).unwrap();
        assert_eq!(config.storage_root, PathBuf::from("./datasets"));
        assert!(config.auto_merge);
    }

    #[test]
    fn bad_values_name_the_variable_and_the_fix() {
        let error = config(&[("MAX_CONCURRENT_DOWNLOADS", "lots")])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("MAX_CONCURRENT_DOWNLOADS=\"lots\"") && error.contains("whole number"),
            "{error}"
        );
        let error = config(&[("AUTO_MERGE", "maybe")]).unwrap_err().to_string();
        assert!(error.contains("true or false"), "{error}");
    }

    #[test]
    fn secrets_never_print() {
        let config = config(&[("HF_TOKEN", "hf_supersecretvalue")]).unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("supersecret"), "{shown}");
        assert_eq!(config.hf_token.unwrap().expose(), "hf_supersecretvalue");
    }

    #[test]
    fn env_file_is_read_and_environment_wins() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(".env"),
            "STORAGE_ROOT=/data/from-env-file\nPROGRESS_INTERVAL=5\n",
        )
        .unwrap();
        let mut values = read_env_file(&dir.path().join(".env")).unwrap();
        assert_eq!(values["STORAGE_ROOT"], "/data/from-env-file");
        values.insert("PROGRESS_INTERVAL".into(), "7".into());
        assert_eq!(
            Config::from_values(&values, ".env")
                .unwrap()
                .progress_interval,
            7
        );
    }

    #[test]
    fn the_viewer_endpoint_is_set_or_follows_the_hub() {
        let config = |pairs: &[(&str, &str)]| Config::from_values(&vars(pairs), ".env").unwrap();
        assert_eq!(config(&[]).hf_viewer_endpoint, DEFAULT_VIEWER_ENDPOINT);
        let mirror = config(&[("HF_ENDPOINT", "https://hub.internal/")]);
        assert_eq!(mirror.hf_viewer_endpoint, "https://hub.internal");
        let both = config(&[
            ("HF_ENDPOINT", "https://hub.internal"),
            ("HF_VIEWER_ENDPOINT", "https://viewer.internal/"),
        ]);
        assert_eq!(both.hf_viewer_endpoint, "https://viewer.internal");
    }
}
