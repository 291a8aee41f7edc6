//! The orchestrator's settings: the seed's variables (`HF_TOKEN`, `PREPARE_DATASET_REPO`,
//! `RETRAIN_<LABEL>_REPO`, `HF_HUB_METADATA_<LABEL>`, `THRESHOLD_<LABEL>`, `DATABASE_URL`,
//! `POLL_INTERVAL`, `POLL_TIMEOUT`, `DRY_RUN`) and, for any number of labels each with its own
//! count query, a TOML file. Variables override the file.
//!
//! The seed's own example names a label `DEPT` in `RETRAIN_DEPT_REPO` but `DEPARTMENT` in
//! `THRESHOLD_DEPARTMENT`; a threshold whose name the label abbreviates (or the reverse) is
//! accepted when exactly one matches, so that example works as written.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Duration;

use hugflow_core::config::Secret;
use serde::Deserialize;

/// The seed's count: reviewed rows whose corrected label differs from the predicted one.
/// `$1` is the label's `model_type`.
pub const DEFAULT_COUNT_QUERY: &str = "SELECT COUNT(*) FROM misclassified_complaints \
     WHERE model_type = $1 AND reviewed = TRUE \
     AND corrected_label IS NOT NULL AND corrected_label <> predicted_label";

/// Correct rows sampled per misclassified one (the seed's 0.5).
pub const DEFAULT_SAMPLE_RATIO: f64 = 0.5;

#[derive(Debug, Clone)]
pub struct RetrainConfig {
    pub hf_token: Option<Secret>,
    pub hf_endpoint: String,
    /// The Space that prepares every label's dataset.
    pub prepare_space: String,
    /// A SQLAlchemy-style URL: `postgresql[+driver]://…` or `sqlite:////absolute/path`.
    pub database_url: Secret,
    pub labels: Vec<LabelConfig>,
    pub poll_interval: Duration,
    pub poll_timeout: Duration,
    pub dry_run: bool,
    pub sample_ratio: f64,
    /// The GitHub Actions run, when running in one.
    pub actions_url: Option<String>,
    /// Group output with `::group::` (under GitHub Actions).
    pub github_actions: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabelConfig {
    /// As the variables spell it (`DEPT`), or the TOML table's name.
    pub name: String,
    pub retrain_space: String,
    /// The full URL of the label's `dataset_metadata.json`.
    pub metadata_url: String,
    pub threshold: u64,
    /// Bound to `$1` in the count query (default: the name in lower case).
    pub model_type: String,
    pub count_query: String,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("{name} is not set: {fix}")]
    Missing { name: String, fix: String },
    #[error("{name}={value:?} is not valid: {expected}")]
    Invalid {
        name: String,
        value: String,
        expected: String,
    },
    #[error("cannot read {path}: {message}")]
    File { path: String, message: String },
}

/// `retrain.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    prepare_space: Option<String>,
    #[serde(default, deserialize_with = "seconds_in_file")]
    poll_interval: Option<f64>,
    #[serde(default, deserialize_with = "seconds_in_file")]
    poll_timeout: Option<f64>,
    dry_run: Option<bool>,
    sample_ratio: Option<f64>,
    #[serde(default)]
    labels: BTreeMap<String, FileLabel>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLabel {
    retrain_space: Option<String>,
    metadata_url: Option<String>,
    threshold: Option<u64>,
    model_type: Option<String>,
    count_query: Option<String>,
}

impl RetrainConfig {
    /// From `values` (the environment and `.env`) over the TOML file at `file`, if any.
    pub fn load(
        values: &HashMap<String, String>,
        file: Option<&Path>,
    ) -> Result<Self, ConfigError> {
        let file_config = match file {
            Some(path) => read_file(path)?,
            None => FileConfig::default(),
        };
        Self::from_parts(values, file_config)
    }

    fn from_parts(values: &HashMap<String, String>, file: FileConfig) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            values
                .get(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let missing = |name: &str, fix: &str| ConfigError::Missing {
            name: name.into(),
            fix: fix.into(),
        };
        let prepare_space = get("PREPARE_DATASET_REPO")
            .or(file.prepare_space.clone())
            .ok_or_else(|| {
                missing(
                    "PREPARE_DATASET_REPO",
                    "set it to the dataset-prepare Space (owner/name), or prepare_space in the TOML file",
                )
            })?;
        let database_url = get("DATABASE_URL").map(Secret::new).ok_or_else(|| {
            missing(
                "DATABASE_URL",
                "set it to the database holding misclassified_complaints (postgresql://… or sqlite:////absolute/path)",
            )
        })?;
        let seconds =
            |name: &str, from_file: Option<f64>, default: f64| -> Result<Duration, ConfigError> {
                let value = match get(name) {
                    Some(v) => v
                        .parse::<f64>()
                        .ok()
                        .filter(|s| s.is_finite() && *s >= 0.0)
                        .ok_or_else(|| ConfigError::Invalid {
                            name: name.into(),
                            value: v.clone(),
                            expected: "a number of seconds, e.g. 60".into(),
                        })?,
                    None => from_file.unwrap_or(default),
                };
                Ok(Duration::from_secs_f64(value))
            };
        let poll_interval =
            seconds("POLL_INTERVAL", file.poll_interval, 60.0)?.max(Duration::from_millis(1));
        // The seed's example misspells it POL_TIMEOUT.
        let poll_timeout = match get("POLL_TIMEOUT") {
            Some(_) => seconds("POLL_TIMEOUT", None, 1800.0)?,
            None => seconds("POL_TIMEOUT", file.poll_timeout, 1800.0)?,
        };
        let dry_run = match get("DRY_RUN").map(|v| v.to_ascii_lowercase()) {
            None => file.dry_run.unwrap_or(false),
            Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => true,
            Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => false,
            Some(v) => {
                return Err(ConfigError::Invalid {
                    name: "DRY_RUN".into(),
                    value: v,
                    expected: "true or false".into(),
                });
            }
        };
        let sample_ratio = match get("SAMPLE_RATIO") {
            Some(v) => v
                .parse::<f64>()
                .ok()
                .filter(|r| *r >= 0.0 && r.is_finite())
                .ok_or_else(|| ConfigError::Invalid {
                    name: "SAMPLE_RATIO".into(),
                    value: v.clone(),
                    expected: "a number ≥ 0, e.g. 0.5".into(),
                })?,
            None => file.sample_ratio.unwrap_or(DEFAULT_SAMPLE_RATIO),
        };
        let labels = labels(values, &file)?;
        if labels.is_empty() {
            return Err(missing(
                "RETRAIN_<LABEL>_REPO",
                "name at least one label's retrain Space (e.g. RETRAIN_URGENCY_REPO), or add [labels.<name>] to the TOML file",
            ));
        }
        let github_actions = get("GITHUB_ACTIONS").as_deref() == Some("true");
        let actions_url = match (
            get("GITHUB_SERVER_URL"),
            get("GITHUB_REPOSITORY"),
            get("GITHUB_RUN_ID"),
        ) {
            (Some(server), Some(repo), Some(run)) => {
                Some(format!("{server}/{repo}/actions/runs/{run}"))
            }
            _ => None,
        };
        Ok(Self {
            hf_token: get("HF_TOKEN").map(Secret::new),
            hf_endpoint: get("HF_ENDPOINT").unwrap_or_else(|| hugflow_hub::DEFAULT_ENDPOINT.into()),
            prepare_space,
            database_url,
            labels,
            poll_interval,
            poll_timeout,
            dry_run,
            sample_ratio,
            actions_url,
            github_actions,
        })
    }
}

/// `poll_interval = 5` and `poll_interval = 0.5` alike (TOML keeps integers and floats apart).
fn seconds_in_file<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<f64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Number {
        Integer(u64),
        Float(f64),
    }
    Ok(
        Option::<Number>::deserialize(deserializer)?.map(|n| match n {
            Number::Integer(i) => i as f64,
            Number::Float(f) => f,
        }),
    )
}

fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    toml::from_str(&text).map_err(|e| ConfigError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// The labels named by `RETRAIN_<LABEL>_REPO` variables and by the file's tables, merged.
fn labels(
    values: &HashMap<String, String>,
    file: &FileConfig,
) -> Result<Vec<LabelConfig>, ConfigError> {
    let mut names: Vec<String> = values
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .filter_map(|(k, _)| k.strip_prefix("RETRAIN_")?.strip_suffix("_REPO"))
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect();
    for name in file.labels.keys() {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(name.clone());
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|name| label(values, file, &name))
        .collect()
}

fn label(
    values: &HashMap<String, String>,
    file: &FileConfig,
    name: &str,
) -> Result<LabelConfig, ConfigError> {
    let upper = name.to_ascii_uppercase();
    let get = |key: String| {
        values
            .get(&key)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let from_file = file
        .labels
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, l)| l);
    let missing = |key: String, what: &str| ConfigError::Missing {
        fix: format!(
            "set it to {what}, or {} under [labels.{}] in the TOML file",
            key_in_file(&key),
            name.to_ascii_lowercase()
        ),
        name: key,
    };
    let retrain_space = get(format!("RETRAIN_{upper}_REPO"))
        .or_else(|| from_file.and_then(|l| l.retrain_space.clone()))
        .ok_or_else(|| {
            missing(
                format!("RETRAIN_{upper}_REPO"),
                "the label's retrain Space (owner/name)",
            )
        })?;
    let metadata_url = get(format!("HF_HUB_METADATA_{upper}"))
        .or_else(|| from_file.and_then(|l| l.metadata_url.clone()))
        .ok_or_else(|| {
            missing(
                format!("HF_HUB_METADATA_{upper}"),
                "the URL of the label's dataset_metadata.json (…/datasets/owner/name/resolve/main/dataset_metadata.json)",
            )
        })?;
    url::Url::parse(&metadata_url).map_err(|e| ConfigError::Invalid {
        name: format!("HF_HUB_METADATA_{upper}"),
        value: metadata_url.clone(),
        expected: format!("a full URL ({e})"),
    })?;
    let threshold = match threshold_var(values, &upper)? {
        Some(t) => t,
        None => from_file.and_then(|l| l.threshold).ok_or_else(|| {
            missing(
                format!("THRESHOLD_{upper}"),
                "the dataset length that triggers a retrain",
            )
        })?,
    };
    Ok(LabelConfig {
        name: name.to_string(),
        retrain_space,
        metadata_url,
        threshold,
        model_type: from_file
            .and_then(|l| l.model_type.clone())
            .unwrap_or_else(|| name.to_ascii_lowercase()),
        count_query: from_file
            .and_then(|l| l.count_query.clone())
            .unwrap_or_else(|| DEFAULT_COUNT_QUERY.to_string()),
    })
}

fn key_in_file(key: &str) -> &'static str {
    match key.split('_').next() {
        Some("RETRAIN") => "retrain_space",
        Some("HF") => "metadata_url",
        _ => "threshold",
    }
}

/// `THRESHOLD_<LABEL>`, or the one `THRESHOLD_*` the label abbreviates (or the reverse).
fn threshold_var(
    values: &HashMap<String, String>,
    upper: &str,
) -> Result<Option<u64>, ConfigError> {
    let exact = format!("THRESHOLD_{upper}");
    let mut candidates: Vec<(&String, &String)> = values
        .iter()
        .filter(|(k, v)| !v.trim().is_empty() && **k == exact)
        .collect();
    if candidates.is_empty() {
        candidates = values
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .filter(|(k, _)| {
                k.strip_prefix("THRESHOLD_")
                    .is_some_and(|t| abbreviates(upper, t) || abbreviates(t, upper))
            })
            .collect();
    }
    match candidates.as_slice() {
        [] => Ok(None),
        [(name, value)] => {
            value
                .trim()
                .parse::<u64>()
                .map(Some)
                .map_err(|_| ConfigError::Invalid {
                    name: name.to_string(),
                    value: value.to_string(),
                    expected: "a whole number of rows".into(),
                })
        }
        many => Err(ConfigError::Invalid {
            name: format!("THRESHOLD_{upper}"),
            value: many
                .iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            expected: format!("one threshold for label {upper}; name it exactly THRESHOLD_{upper}"),
        }),
    }
}

/// `DEPT` abbreviates `DEPARTMENT`: same first letter, and its letters appear in order.
fn abbreviates(short: &str, long: &str) -> bool {
    let mut letters = long.chars();
    short
        .chars()
        .next()
        .is_some_and(|first| long.starts_with(first))
        && short.chars().all(|c| letters.any(|l| l == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn seed_example() -> HashMap<String, String> {
        values(&[
            ("HF_TOKEN", "hf_xxx"),
            ("PREPARE_DATASET_REPO", "owner/project_prepare_dataset"),
            ("RETRAIN_DEPT_REPO", "owner/project_retrain_dept"),
            ("RETRAIN_URGENCY_REPO", "owner/project_retrain_urgency"),
            (
                "HF_HUB_METADATA_DEPT",
                "https://huggingface.co/datasets/owner/project_department/resolve/main/dataset_metadata.json",
            ),
            (
                "HF_HUB_METADATA_URGENCY",
                "https://huggingface.co/datasets/owner/project_urgency/resolve/main/dataset_metadata.json",
            ),
            (
                "DATABASE_URL",
                "postgresql+psycopg2://demo_user:demo_pass@db.example.com:5432/project_db",
            ),
            ("THRESHOLD_DEPARTMENT", "40"),
            ("THRESHOLD_URGENCY", "30"),
            ("POLL_INTERVAL", "60"),
            ("POL_TIMEOUT", "1800"),
            ("DRY_RUN", "false"),
        ])
    }

    #[test]
    fn the_seeds_example_configures_two_labels() {
        let config = RetrainConfig::load(&seed_example(), None).unwrap();
        let names: Vec<_> = config
            .labels
            .iter()
            .map(|l| (l.name.as_str(), l.threshold))
            .collect();
        assert_eq!(names, [("DEPT", 40), ("URGENCY", 30)]);
        assert_eq!(config.labels[0].model_type, "dept");
        assert_eq!(config.poll_timeout, Duration::from_secs(1800));
        assert!(!config.dry_run);
        assert!(
            !format!("{config:?}").contains("demo_pass"),
            "the URL's password never prints"
        );
    }

    #[test]
    fn a_toml_file_adds_labels_with_their_own_queries_and_variables_win() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("retrain.toml");
        std::fs::write(
            &file,
            r#"
prepare_space = "acme/prepare"
poll_interval = 5
[labels.topic]
retrain_space = "acme/retrain-topic"
metadata_url = "https://huggingface.co/datasets/acme/topic/resolve/main/dataset_metadata.json"
threshold = 100
count_query = "SELECT COUNT(*) FROM reviews WHERE kind = $1"
"#,
        )
        .unwrap();
        let mut env = values(&[
            ("DATABASE_URL", "sqlite:///tmp/x.db"),
            ("THRESHOLD_TOPIC", "7"),
        ]);
        let config = RetrainConfig::load(&env, Some(&file)).unwrap();
        assert_eq!(config.prepare_space, "acme/prepare");
        assert_eq!(config.poll_interval, Duration::from_secs(5));
        assert_eq!(
            config.labels[0].threshold, 7,
            "THRESHOLD_TOPIC overrides the file"
        );
        assert_eq!(
            config.labels[0].count_query,
            "SELECT COUNT(*) FROM reviews WHERE kind = $1"
        );
        env.insert("DRY_RUN".into(), "maybe".into());
        let error = RetrainConfig::load(&env, Some(&file)).unwrap_err();
        assert!(error.to_string().contains("DRY_RUN"), "{error}");
    }

    #[test]
    fn missing_and_bad_values_name_the_variable_and_the_fix() {
        let mut env = seed_example();
        env.remove("HF_HUB_METADATA_URGENCY");
        let error = RetrainConfig::load(&env, None).unwrap_err().to_string();
        assert!(
            error.contains("HF_HUB_METADATA_URGENCY") && error.contains("dataset_metadata.json"),
            "{error}"
        );
        let mut env = seed_example();
        env.insert("POLL_INTERVAL".into(), "1m".into());
        let error = RetrainConfig::load(&env, None).unwrap_err().to_string();
        assert!(
            error.contains("POLL_INTERVAL") && error.contains("seconds"),
            "{error}"
        );
        let mut env = seed_example();
        env.insert("THRESHOLD_DEPTH".into(), "3".into());
        let error = RetrainConfig::load(&env, None).unwrap_err().to_string();
        assert!(
            error.contains("THRESHOLD_DEPT"),
            "two thresholds match DEPT: {error}"
        );
    }

    #[test]
    fn a_broken_toml_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("retrain.toml");
        std::fs::write(&file, "[labels.x]\nthreshhold = 3\n").unwrap();
        let error = RetrainConfig::load(&seed_example(), Some(&file))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("retrain.toml") && error.contains("threshhold"),
            "{error}"
        );
    }
}
