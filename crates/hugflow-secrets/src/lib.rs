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
    /// Why the keyring could not be asked. Reported even when the environment supplied the
    /// value, so a locked or missing keyring never passes for "not set".
    pub keyring: Option<KeyringProblem>,
}

/// How the OS keyring failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum KeyringState {
    /// No keyring service answers (none installed or running, or no D-Bus session).
    Unavailable,
    /// The keyring (or the collection holding the entry) is locked.
    Locked,
    /// The keyring answered with an error.
    Failing,
}

/// A keyring that could not be asked, with what its backend said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[error("{explanation}")]
pub struct KeyringProblem {
    pub state: KeyringState,
    /// The backend's own words (D-Bus error, collection name); never a secret.
    pub message: String,
    /// What is wrong and what to do, with `message` in it: what the UI shows.
    pub explanation: String,
}

impl KeyringProblem {
    fn new(state: KeyringState, message: impl Into<String>) -> Self {
        let message = message.into();
        let explanation = match state {
            KeyringState::Locked => {
                format!("the OS keyring is locked: unlock your keyring ({message})")
            }
            KeyringState::Unavailable => format!(
                "the OS keyring is unavailable: start a Secret Service such as GNOME Keyring or KWallet ({message})"
            ),
            KeyringState::Failing => {
                format!("the OS keyring failed: check or restart it ({message})")
            }
        };
        Self {
            state,
            message,
            explanation,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("{0}, then try again")]
    Keyring(KeyringProblem),
    #[error("the {} was not saved: {why}", id.label())]
    Invalid { id: SecretId, why: String },
}

/// A secret found nowhere, and why the keyring could not say.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Missing {
    pub id: SecretId,
    pub keyring: Option<KeyringProblem>,
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let env = self.id.env_vars().join(" or ");
        match &self.keyring {
            Some(problem) => write!(f, "no {}: {problem}, or set {env}", self.id.label()),
            None => write!(
                f,
                "no {} is set: save one in Settings, or set {env}",
                self.id.label()
            ),
        }
    }
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
    SecretError::Keyring(classify(error))
}

/// Sorts what the keyring crate says into unavailable / locked / failing. Measured against
/// gnome-keyring: a locked item gives `NoStorageAccess` ("unlock prompt was dismissed" when
/// no prompter can show); creating an item in a locked collection gives `PlatformFailure`
/// wrapping the D-Bus error `org.freedesktop.Secret.Error.IsLocked`; no keyring on the bus
/// gives `PlatformFailure` wrapping `org.freedesktop.DBus.Error.ServiceUnknown`.
fn classify(error: keyring::Error) -> KeyringProblem {
    match error {
        keyring::Error::NoStorageAccess(inner) => {
            KeyringProblem::new(KeyringState::Locked, inner.to_string())
        }
        keyring::Error::PlatformFailure(inner) => {
            let state = secret_service::state_of(inner.as_ref()).unwrap_or_else(|| {
                if inner.to_string().to_lowercase().contains("locked") {
                    KeyringState::Locked
                } else {
                    KeyringState::Failing
                }
            });
            KeyringProblem::new(state, inner.to_string())
        }
        other => KeyringProblem::new(KeyringState::Failing, other.to_string()),
    }
}

/// Linux's Secret Service, asked directly for what the keyring crate cannot tell without
/// side effects: whether our entry (or the collection a new one would go to) is locked.
#[cfg(target_os = "linux")]
mod secret_service {
    use std::collections::HashMap;

    use dbus_secret_service::{EncryptionType, Error, SecretService};

    use super::{KeyringProblem, KeyringState};

    /// The state a Secret Service error stands for, when it is one.
    pub fn state_of(error: &(dyn std::error::Error + 'static)) -> Option<KeyringState> {
        match error.downcast_ref::<Error>()? {
            Error::Locked | Error::Prompt => Some(KeyringState::Locked),
            Error::Unavailable => Some(KeyringState::Unavailable),
            Error::Dbus(e) => Some(match e.name().unwrap_or_default() {
                "org.freedesktop.Secret.Error.IsLocked" => KeyringState::Locked,
                "org.freedesktop.DBus.Error.ServiceUnknown"
                | "org.freedesktop.DBus.Error.NoServer"
                | "org.freedesktop.DBus.Error.FileNotFound"
                | "org.freedesktop.DBus.Error.NotSupported"
                | "org.freedesktop.DBus.Error.Spawn.ExecFailed" => KeyringState::Unavailable,
                _ => KeyringState::Failing,
            }),
            _ => Some(KeyringState::Failing),
        }
    }

    fn problem(error: Error) -> KeyringProblem {
        let state = state_of(&error).unwrap_or(KeyringState::Failing);
        KeyringProblem::new(state, error.to_string())
    }

    /// Refuses, without prompting, to read an entry that is locked. Asking the keyring crate
    /// would make gnome-keyring show its unlock prompt and block until someone answers it
    /// (for a year, as dbus-secret-service waits): a status check must not do that. Also
    /// reports a locked default collection when the entry does not exist, since a locked
    /// keyring would otherwise pass for "not set" and a save would fail.
    pub fn check_unlocked(service: &str, key: &str) -> Result<(), KeyringProblem> {
        // Plain: nothing secret is transferred on this connection.
        let ss = SecretService::connect(EncryptionType::Plain).map_err(problem)?;
        let found = ss
            .search_items(HashMap::from([("service", service), ("username", key)]))
            .map_err(problem)?;
        if !found.locked.is_empty() {
            return Err(KeyringProblem::new(
                KeyringState::Locked,
                format!(
                    "the Secret Service holds the entry {service}/{key} in a locked collection"
                ),
            ));
        }
        if found.unlocked.is_empty() {
            // No default collection (a keyring never set up) is not a lock: saving creates it.
            if let Ok(default) = ss.get_default_collection()
                && default.is_locked().map_err(problem)?
            {
                let label = default.get_label().unwrap_or_else(|_| "default".into());
                return Err(KeyringProblem::new(
                    KeyringState::Locked,
                    format!("the Secret Service collection \"{label}\" is locked"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(not(target_os = "linux"))]
mod secret_service {
    use super::{KeyringProblem, KeyringState};

    pub fn state_of(_: &(dyn std::error::Error + 'static)) -> Option<KeyringState> {
        None
    }

    /// Keychain and Credential Manager report a locked store through the keyring crate.
    pub fn check_unlocked(_: &str, _: &str) -> Result<(), KeyringProblem> {
        Ok(())
    }
}

impl SecretStore for OsKeyring {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        secret_service::check_unlocked(&self.service, key).map_err(SecretError::Keyring)?;
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

    /// The value and where it came from, or `None`; see [`Secrets::lookup`] for why.
    pub fn resolve(&self, id: SecretId) -> Option<Resolved> {
        self.lookup(id).ok()
    }

    /// The value and where it came from. A keyring that cannot be asked does not stop the
    /// search (CI has no keyring and sets the environment), but when nothing else has the
    /// secret, the error says what is wrong with the keyring instead of "not set".
    pub fn lookup(&self, id: SecretId) -> Result<Resolved, Missing> {
        let (found, keyring) = self.find(id);
        found.ok_or(Missing { id, keyring })
    }

    /// What was found, and the keyring's problem, if it had one, whether or not the secret
    /// was then found elsewhere.
    fn find(&self, id: SecretId) -> (Option<Resolved>, Option<KeyringProblem>) {
        let found = |value: Secret, source, env_var| Resolved {
            value,
            source,
            env_var,
        };
        let keyring = match self.store.get(id.key()) {
            Ok(Some(value)) => {
                let value = found(Secret::new(value), SecretSource::Keyring, None);
                return (Some(value), None);
            }
            Ok(None) => None,
            Err(SecretError::Keyring(problem)) => {
                tracing::debug!(%problem, secret = id.key(), "keyring lookup failed");
                Some(problem)
            }
            Err(other) => Some(KeyringProblem::new(
                KeyringState::Failing,
                other.to_string(),
            )),
        };
        for name in id.env_vars() {
            if let Some(value) = (self.env)(name).filter(|v| !v.trim().is_empty()) {
                let value = found(Secret::new(value), SecretSource::Environment, Some(name));
                return (Some(value), keyring);
            }
        }
        if id == SecretId::GithubToken
            && self.gh_cli
            && let Some(token) = gh_auth_token()
        {
            return (Some(found(token, SecretSource::GhCli, None)), keyring);
        }
        (None, keyring)
    }

    pub fn status(&self, id: SecretId) -> SecretStatus {
        let (found, keyring) = self.find(id);
        SecretStatus {
            id,
            label: id.label().to_string(),
            set: found.is_some(),
            source: found.as_ref().map(|r| r.source),
            env_var: found.and_then(|r| r.env_var.map(str::to_string)),
            keyring,
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

    /// A keyring that answers every call with the same problem.
    struct BrokenStore(KeyringProblem);

    impl SecretStore for BrokenStore {
        fn get(&self, _: &str) -> Result<Option<String>, SecretError> {
            Err(SecretError::Keyring(self.0.clone()))
        }
        fn set(&self, _: &str, _: &str) -> Result<(), SecretError> {
            Err(SecretError::Keyring(self.0.clone()))
        }
        fn delete(&self, _: &str) -> Result<(), SecretError> {
            Err(SecretError::Keyring(self.0.clone()))
        }
    }

    #[test]
    fn a_broken_keyring_is_named_when_nothing_else_has_the_secret() {
        let problem = KeyringProblem::new(KeyringState::Failing, "D-Bus said no");
        let secrets = Secrets::with_env(BrokenStore(problem.clone()), |name| {
            (name == "GH_TOKEN").then(|| "from-env".to_string())
        });
        let github = secrets.status(SecretId::GithubToken);
        assert_eq!(
            (github.set, github.source, github.keyring.as_ref()),
            (true, Some(SecretSource::Environment), Some(&problem))
        );
        let hf = secrets.status(SecretId::HfToken);
        assert_eq!((hf.set, hf.keyring.as_ref()), (false, Some(&problem)));
        assert_eq!(
            secrets.lookup(SecretId::HfToken).err().unwrap().to_string(),
            "no Hugging Face token: the OS keyring failed: check or restart it (D-Bus said no), or set HF_TOKEN"
        );
        let fine = Secrets::with_env(MemoryStore::default(), |_| None);
        assert_eq!(
            fine.lookup(SecretId::GithubToken)
                .err()
                .unwrap()
                .to_string(),
            "no GitHub token is set: save one in Settings, or set GH_TOKEN or GITHUB_TOKEN"
        );
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
