//! Hugflow's tokens and where they come from.
//!
//! Order: the OS keyring (what the desktop's Settings page writes), then the environment
//! (what CI sets), then, for GitHub only, `gh auth token`. Callers learn a token's *status*
//! (set or not, and from where) without ever touching its value; only [`Secrets::resolve`]
//! hands the value out, to the code that talks to the service it belongs to.

use std::process::{Command, Stdio};

use hugflow_core::config::Secret;
use serde::{Deserialize, Serialize};

/// The keyring service all Hugflow entries live under.
pub const KEYRING_SERVICE: &str = "hugflow";

/// The secrets Hugflow knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SecretId {
    HfToken,
    GithubToken,
    SlackWebhook,
}

impl SecretId {
    pub const ALL: [SecretId; 3] = [Self::HfToken, Self::GithubToken, Self::SlackWebhook];

    /// The keyring entry's user name.
    pub fn key(self) -> &'static str {
        match self {
            Self::HfToken => "hf_token",
            Self::GithubToken => "github_token",
            Self::SlackWebhook => "slack_webhook",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::HfToken => "Hugging Face token",
            Self::GithubToken => "GitHub token",
            Self::SlackWebhook => "Slack webhook URL",
        }
    }

    /// Environment variables consulted after the keyring, in order.
    pub fn env_vars(self) -> &'static [&'static str] {
        match self {
            Self::HfToken => &["HF_TOKEN"],
            Self::GithubToken => &["GH_TOKEN", "GITHUB_TOKEN"],
            Self::SlackWebhook => &["SLACK_WEBHOOK_URL"],
        }
    }

    /// Rejects values that cannot be right, before they reach the keyring.
    pub fn check(self, value: &str) -> Result<(), SecretError> {
        let invalid = |why: &str| SecretError::Invalid {
            id: self,
            why: why.to_string(),
        };
        if value.trim().is_empty() {
            return Err(invalid("it is empty"));
        }
        if value.trim() != value || value.chars().any(char::is_control) {
            return Err(invalid(
                "it has spaces or line breaks around it; paste the value alone",
            ));
        }
        if self == Self::SlackWebhook && !value.starts_with("https://") {
            return Err(invalid("a Slack webhook URL starts with https://"));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SecretSource {
    Keyring,
    Environment,
    GhCli,
}

/// What the UI may know about a secret: never its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SecretStatus {
    pub id: SecretId,
    pub label: String,
    pub set: bool,
    pub source: Option<SecretSource>,
    /// The environment variable it came from, when `source` is `environment`.
    pub env_var: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error(
        "the OS keyring is not available ({0}); on Linux start a Secret Service (GNOME Keyring or KWallet) and unlock it, or set the token in the environment"
    )]
    Unavailable(String),
    #[error("the OS keyring refused access ({0}); unlock it and try again")]
    Locked(String),
    #[error("the {} was not saved: {why}", id.label())]
    Invalid { id: SecretId, why: String },
}

/// Where secrets are kept. The real one is the OS keyring; tests of other crates can use an
/// in-memory store.
pub trait SecretStore: Send + Sync {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError>;
    fn set(&self, key: &str, value: &str) -> Result<(), SecretError>;
    fn delete(&self, key: &str) -> Result<(), SecretError>;
}

impl<T: SecretStore + ?Sized> SecretStore for Box<T> {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        (**self).get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        (**self).set(key, value)
    }
    fn delete(&self, key: &str) -> Result<(), SecretError> {
        (**self).delete(key)
    }
}

/// The OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows).
#[derive(Debug, Clone)]
pub struct OsKeyring {
    service: String,
}

impl Default for OsKeyring {
    fn default() -> Self {
        Self::new(KEYRING_SERVICE)
    }
}

impl OsKeyring {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    fn entry(&self, key: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(&self.service, key).map_err(map_keyring_error)
    }
}

fn map_keyring_error(error: keyring::Error) -> SecretError {
    match error {
        keyring::Error::NoStorageAccess(inner) => SecretError::Locked(inner.to_string()),
        other => SecretError::Unavailable(other.to_string()),
    }
}

impl SecretStore for OsKeyring {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        match self.entry(key)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(map_keyring_error(error)),
        }
    }

    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        self.entry(key)?
            .set_password(value)
            .map_err(map_keyring_error)
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(map_keyring_error(error)),
        }
    }
}

/// A secret's value and where it was found.
pub struct Resolved {
    pub value: Secret,
    pub source: SecretSource,
    /// The environment variable, when `source` is `Environment`.
    pub env_var: Option<&'static str>,
}

/// Looks up an environment variable (the process's, or a fixed map in tests).
type EnvLookup = Box<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Resolves secrets in Hugflow's order over a store and an environment.
pub struct Secrets<S: SecretStore> {
    store: S,
    env: EnvLookup,
    gh_cli: bool,
}

impl<S: SecretStore> Secrets<S> {
    /// Reads the process environment and asks `gh` when it is installed.
    pub fn new(store: S) -> Self {
        Self {
            store,
            env: Box::new(|name| std::env::var(name).ok()),
            gh_cli: true,
        }
    }

    /// For tests: a fixed environment and no `gh`.
    pub fn with_env(
        store: S,
        env: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        Self {
            store,
            env: Box::new(env),
            gh_cli: false,
        }
    }

    /// The value and where it came from. A keyring that cannot be reached is logged and
    /// skipped, so CI (no keyring) still finds its environment tokens.
    pub fn resolve(&self, id: SecretId) -> Option<Resolved> {
        let found = |value: Secret, source, env_var| {
            Some(Resolved {
                value,
                source,
                env_var,
            })
        };
        match self.store.get(id.key()) {
            Ok(Some(value)) => return found(Secret::new(value), SecretSource::Keyring, None),
            Ok(None) => {}
            Err(error) => tracing::debug!(%error, secret = id.key(), "keyring lookup failed"),
        }
        for name in id.env_vars() {
            if let Some(value) = (self.env)(name).filter(|v| !v.trim().is_empty()) {
                return found(Secret::new(value), SecretSource::Environment, Some(name));
            }
        }
        if id == SecretId::GithubToken
            && self.gh_cli
            && let Some(token) = gh_auth_token()
        {
            return found(token, SecretSource::GhCli, None);
        }
        None
    }

    pub fn status(&self, id: SecretId) -> SecretStatus {
        let found = self.resolve(id);
        SecretStatus {
            id,
            label: id.label().to_string(),
            set: found.is_some(),
            source: found.as_ref().map(|r| r.source),
            env_var: found.and_then(|r| r.env_var.map(str::to_string)),
        }
    }

    pub fn statuses(&self) -> Vec<SecretStatus> {
        SecretId::ALL.iter().map(|id| self.status(*id)).collect()
    }

    /// Stores `value` in the keyring (replacing any previous one).
    pub fn set(&self, id: SecretId, value: &str) -> Result<SecretStatus, SecretError> {
        id.check(value)?;
        self.store.set(id.key(), value)?;
        Ok(self.status(id))
    }

    /// Removes the keyring entry; an environment value, if any, then shows through.
    pub fn clear(&self, id: SecretId) -> Result<SecretStatus, SecretError> {
        self.store.delete(id.key())?;
        Ok(self.status(id))
    }
}

/// `gh auth token`, when `gh` is installed and logged in. The token comes back on stdout,
/// never on a command line.
fn gh_auth_token() -> Option<Secret> {
    let output = Command::new("gh")
        .args(["auth", "token"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let token = String::from_utf8(output.stdout).ok()?;
    let token = token.trim();
    (output.status.success() && !token.is_empty()).then(|| Secret::new(token))
}

/// A store in memory, for tests of code that needs secrets but not the keyring.
#[derive(Debug, Default)]
pub struct MemoryStore(std::sync::Mutex<std::collections::HashMap<String, String>>);

impl SecretStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        Ok(self.0.lock().unwrap().get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> Result<(), SecretError> {
        self.0
            .lock()
            .unwrap()
            .insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn delete(&self, key: &str) -> Result<(), SecretError> {
        self.0.lock().unwrap().remove(key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyring_wins_then_environment() {
        let secrets = Secrets::with_env(MemoryStore::default(), |name| {
            (name == "GITHUB_TOKEN").then(|| "from-env".to_string())
        });
        let status = secrets.status(SecretId::GithubToken);
        assert_eq!(
            (status.set, status.source, status.env_var.as_deref()),
            (true, Some(SecretSource::Environment), Some("GITHUB_TOKEN"))
        );
        secrets.set(SecretId::GithubToken, "from-keyring").unwrap();
        let found = secrets.resolve(SecretId::GithubToken).unwrap();
        assert_eq!(
            (found.value.expose(), found.source),
            ("from-keyring", SecretSource::Keyring)
        );
        let status = secrets.clear(SecretId::GithubToken).unwrap();
        assert_eq!(status.source, Some(SecretSource::Environment));
        assert!(!secrets.status(SecretId::HfToken).set);
    }

    #[test]
    fn bad_values_are_refused_before_storing() {
        let secrets = Secrets::with_env(MemoryStore::default(), |_| None);
        for (id, value) in [
            (SecretId::HfToken, ""),
            (SecretId::HfToken, " hf_x\n"),
            (SecretId::SlackWebhook, "http://hooks.example/x"),
        ] {
            let error = secrets.set(id, value).unwrap_err().to_string();
            assert!(error.contains(id.label()), "{error}");
        }
        assert!(!secrets.status(SecretId::HfToken).set);
    }
}
