//! A Hugflow checkout: the GitOps repository's working tree (or any directory the engine runs
//! in) with its settings resolved to absolute paths.

use std::path::{Component, Path, PathBuf};

use crate::config::{Config, ConfigError};
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
