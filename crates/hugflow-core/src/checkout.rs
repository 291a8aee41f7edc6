//! A Hugflow checkout: the GitOps repository's working tree (or any directory the engine runs
//! in) with its settings resolved to absolute paths.

use std::path::{Component, Path, PathBuf};

use std::collections::HashMap;

use crate::config::{Config, ConfigError, HOST_CONFIG_VAR, RunnerConfig};
use crate::state::StateDir;

#[derive(Debug, Clone)]
pub struct Checkout {
    pub root: PathBuf,
    pub config: Config,
    pub storage_root: PathBuf,
    pub state: StateDir,
}

impl Checkout {
    /// Loads `root/.env` under the environment and resolves `STORAGE_ROOT` and `STATE_DIR`
    /// against `root` when they are relative.
    pub fn open(root: &Path) -> Result<Self, ConfigError> {
        let config = Config::load(root)?;
        Ok(Self::with_config(root, config))
    }

    /// CI mode's checkout: `root` is the workspace, the pull request's own files, so nothing
    /// in it is read for settings ([`Config::load_runner`]), and the data and state must lie
    /// outside it: `STORAGE_ROOT`, `STATE_DIR` and `PROCESSED_ROOT` must be absolute (relative
    /// ones would resolve into the checkout, which the PR writes and `actions/checkout`
    /// cleans), and a host file may not sit inside it.
    pub fn open_runner(
        root: &Path,
        env: &HashMap<String, String>,
    ) -> Result<RunnerCheckout, ConfigError> {
        let RunnerConfig { config, files } = Config::load_runner(env)?;
        let checkout = Self::with_config(root, config);
        // Through symlinks too: `/srv/link/datasets` is inside a checkout at `/srv/real`.
        let root = resolved(&checkout.root);
        let inside = |path: &Path| resolved(path).starts_with(&root);
        if let Some(file) = files.iter().find(|file| inside(file)) {
            return Err(ConfigError::Invalid {
                name: HOST_CONFIG_VAR,
                value: file.display().to_string(),
                expected: "expected a file outside the checkout (the pull request writes the checkout); put it in /etc/hugflow/env",
                env_file: "the runner's environment".into(),
            });
        }
        let config = &checkout.config;
        let paths = [
            ("STORAGE_ROOT", Some(&config.storage_root)),
            ("STATE_DIR", Some(&config.state_dir)),
            ("PROCESSED_ROOT", config.processed_root.as_ref()),
        ];
        for (name, path) in paths {
            if let Some(path) = path.filter(|path| !path.is_absolute() || inside(path)) {
                return Err(ConfigError::Invalid {
                    name,
                    value: path.display().to_string(),
                    expected: "expected an absolute path outside the checkout: in CI mode the checkout is the pull request's and is cleaned on every run",
                    env_file: files.last().map_or_else(
                        || "the runner's environment".to_string(),
                        |file| format!("the runner's environment or {}", file.display()),
                    ),
                });
            }
        }
        let ignored_env_file = Some(checkout.root.join(".env")).filter(|path| path.exists());
        Ok(RunnerCheckout {
            checkout,
            files,
            ignored_env_file,
        })
    }

    pub fn with_config(root: &Path, config: Config) -> Self {
        let root = absolute(root);
        let storage_root = resolve(&root, &config.storage_root);
        let state = StateDir::new(resolve(&root, &config.state_dir));
        Self {
            root,
            config,
            storage_root,
            state,
        }
    }

    /// The directory of `storage_name`, or `None` if the name could leave the storage root
    /// (a hand-edited or foreign manifest); callers must not touch such a path.
    pub fn dataset_dir(&self, storage_name: &str) -> Option<PathBuf> {
        let mut components = Path::new(storage_name).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(_)), None) if !storage_name.contains(['/', '\\']) => {
                Some(self.storage_root.join(storage_name))
            }
            _ => None,
        }
    }
}

/// A CI-mode checkout and what its settings came from, for the run's log.
#[derive(Debug, Clone)]
pub struct RunnerCheckout {
    pub checkout: Checkout,
    /// The host files read.
    pub files: Vec<PathBuf>,
    /// The workspace's `.env`, present and ignored.
    pub ignored_env_file: Option<PathBuf>,
}

impl RunnerCheckout {
    /// What the run says about where its settings came from.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(file) = &self.ignored_env_file {
            notes.push(format!(
                "ignoring {}: in CI mode settings come only from the runner's environment and its host file ({HOST_CONFIG_VAR}, /etc/hugflow/env or ~/.config/hugflow/env), never from the pull request's checkout",
                file.display()
            ));
        }
        for file in &self.files {
            notes.push(format!("settings from {}", file.display()));
        }
        notes
    }
}

fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    normalize(&joined)
}

fn resolve(root: &Path, path: &Path) -> PathBuf {
    normalize(&root.join(path))
}

/// `path` with its longest existing prefix resolved through symlinks (`canonicalize` needs
/// the whole path to exist, and a storage root may not exist yet).
fn resolved(path: &Path) -> PathBuf {
    let path = normalize(&absolute(path));
    let mut existing = path.as_path();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let rest = path.strip_prefix(existing).unwrap_or(Path::new(""));
            return real.join(rest);
        }
        match existing.parent() {
            Some(parent) => existing = parent,
            None => return path,
        }
    }
}

/// Drops `.` components and folds `..` lexically, so paths shown to users read cleanly.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(component);
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn relative_settings_resolve_against_the_checkout() {
        let config = Config::from_values(&HashMap::new(), ".env").unwrap();
        let checkout = Checkout::with_config(Path::new("/srv/gitops"), config);
        assert_eq!(checkout.storage_root, PathBuf::from("/srv/gitops/datasets"));
        assert_eq!(
            checkout.state.path(),
            Path::new("/srv/gitops/.hugflow-state")
        );
        let values = HashMap::from([("STORAGE_ROOT".to_string(), "/data/ds".to_string())]);
        let config = Config::from_values(&values, ".env").unwrap();
        let checkout = Checkout::with_config(Path::new("/srv/gitops"), config);
        assert_eq!(checkout.storage_root, PathBuf::from("/data/ds"));
    }

    #[test]
    fn a_runner_checkout_keeps_data_and_settings_outside_the_pull_requests_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("workspace");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(root.join(".env"), "STORAGE_ROOT=/tmp/evil\n").unwrap();
        let env = |pairs: &[(&str, &str)]| -> HashMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .chain([("HOME".to_string(), dir.path().display().to_string())])
                .collect()
        };
        let good = Checkout::open_runner(
            &root,
            &env(&[("STORAGE_ROOT", "/data/ds"), ("STATE_DIR", "/data/state")]),
        )
        .unwrap();
        assert_eq!(good.checkout.storage_root, PathBuf::from("/data/ds"));
        assert_eq!(good.ignored_env_file, Some(root.join(".env")));
        assert!(
            good.notes()[0].starts_with("ignoring "),
            "{:?}",
            good.notes()
        );

        // The seed's relative defaults, or a path into the checkout, are refused by name.
        let inside = root.join("datasets").display().to_string();
        for (pairs, name) in [
            (vec![("STATE_DIR", "/data/state")], "STORAGE_ROOT"),
            (vec![("STORAGE_ROOT", "/data/ds")], "STATE_DIR"),
            (
                vec![("STORAGE_ROOT", inside.as_str()), ("STATE_DIR", "/s")],
                "STORAGE_ROOT",
            ),
            (
                vec![
                    ("STORAGE_ROOT", "/d"),
                    ("STATE_DIR", "/s"),
                    ("PROCESSED_ROOT", "p"),
                ],
                "PROCESSED_ROOT",
            ),
        ] {
            let error = Checkout::open_runner(&root, &env(&pairs))
                .unwrap_err()
                .to_string();
            assert!(error.starts_with(name), "{error}");
            assert!(error.contains("outside the checkout"), "{error}");
        }
        // Nor through a symlink to the checkout, for a folder that does not exist yet.
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&root, &link).unwrap();
        let via_link = link.join("datasets").display().to_string();
        let error = Checkout::open_runner(
            &root,
            &env(&[("STORAGE_ROOT", via_link.as_str()), ("STATE_DIR", "/s")]),
        )
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("STORAGE_ROOT"), "{error}");
        // A host file inside the checkout is the PR's to write.
        std::fs::write(root.join("hugflow.env"), "STORAGE_ROOT=/x\n").unwrap();
        let named = root.join("hugflow.env").display().to_string();
        let error = Checkout::open_runner(&root, &env(&[(HOST_CONFIG_VAR, named.as_str())]))
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("HUGFLOW_CONFIG"), "{error}");
    }

    #[test]
    fn dataset_dirs_never_leave_the_root() {
        let config = Config::from_values(&HashMap::new(), ".env").unwrap();
        let checkout = Checkout::with_config(Path::new("/srv/gitops"), config);
        assert_eq!(
            checkout.dataset_dir("squad__rev_main"),
            Some(PathBuf::from("/srv/gitops/datasets/squad__rev_main"))
        );
        for bad in ["", ".", "..", "../x", "a/b", "/etc", "a\\b"] {
            assert_eq!(checkout.dataset_dir(bad), None, "{bad:?}");
        }
    }
}
