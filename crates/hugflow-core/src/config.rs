//! Engine settings, with the seed's names and defaults, from the environment and `.env`.
//!
//! The process environment wins over `.env` (as python-dotenv does by default). An empty value
//! counts as unset, so a workflow's `${{ vars.X }}` that is not defined falls back to the
//! default instead of to an empty path.

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
    /// `AUTO_MERGE`, default true.
    pub auto_merge: bool,
    /// `AUTO_CLEANUP_REQUESTS`, default false.
    pub auto_cleanup_requests: bool,
    /// `STORAGE_QUOTA_GB`; unset means no quota.
    pub storage_quota_gb: Option<f64>,
    /// `HF_ENDPOINT`, default `https://huggingface.co`.
    pub hf_endpoint: String,
}

pub const DEFAULT_STORAGE_ROOT: &str = "./datasets";
pub const DEFAULT_STATE_DIR: &str = "./.hugflow-state";
pub const DEFAULT_HF_ENDPOINT: &str = "https://huggingface.co";

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
        let max_concurrent = number("MAX_CONCURRENT_DOWNLOADS", 8)?;
        if max_concurrent == 0 {
            return Err(invalid(
                "MAX_CONCURRENT_DOWNLOADS",
                "0",
                "expected at least 1",
            ));
        }
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
            max_concurrent_downloads: max_concurrent as usize,
            auto_merge: flag("AUTO_MERGE", true)?,
            auto_cleanup_requests: flag("AUTO_CLEANUP_REQUESTS", false)?,
            storage_quota_gb,
            hf_endpoint: get("HF_ENDPOINT")
                .unwrap_or(DEFAULT_HF_ENDPOINT)
                .trim_end_matches('/')
                .to_string(),
        })
    }
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
}
