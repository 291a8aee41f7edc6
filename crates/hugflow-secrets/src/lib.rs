//! Hugflow's tokens and where they come from.
//!
//! Order: the OS keyring (what the desktop's Settings page writes), then the environment
//! (what CI sets), then, for GitHub only, `gh auth token`. Callers learn a token's *status*
//! (set or not, and from where) without ever touching its value; only [`Secrets::lookup`]
//! hands the value out, to the code that talks to the service it belongs to.
//!
//! A token saved from the desktop is bound to the origin it was saved for (see
//! [`Destination`]): the Hub endpoint and the GitHub API URL are settings the webview can
//! change, so a compromised webview could otherwise re-point them at its own server and
//! collect the token with the app's next call. A keyring token is handed out only for a
//! request to the origin it was saved for; saving it again (which needs the token itself) is
//! the only way to move it. Environment tokens and `gh auth token` are the user's own choice
//! outside the app and stay unbound.

use std::ffi::OsString;
use std::process::{Command, Stdio};

use hugflow_core::config::Secret;
use serde::{Deserialize, Serialize};
use url::Url;

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

    /// The origin a keyring entry with no recorded origin (saved before tokens were bound)
    /// counts as bound to: the service's public default. Until then the desktop always sent the
    /// token to whatever endpoint was configured at the time, so its true origin is unknown;
    /// trusting the endpoint configured *now* would let whoever changed that setting (the
    /// threat this binding exists for) claim the token. The default is where nearly every such
    /// token was made for, and a user of a mirror or GitHub Enterprise is told to save it once
    /// more. `None`: not bound to an origin (a Slack webhook URL is its own destination).
    pub fn default_origin(self) -> Option<&'static str> {
        match self {
            Self::HfToken => Some("https://huggingface.co"),
            Self::GithubToken => Some("https://api.github.com"),
            Self::SlackWebhook => None,
        }
    }

    /// The setting that says where this secret goes, as Settings names it.
    fn destination_setting(self) -> &'static str {
        match self {
            Self::HfToken => "the Hub endpoint",
            Self::GithubToken => "the GitHub API URL",
            Self::SlackWebhook => "the Slack webhook URL",
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

/// Where a token is about to be sent: a URL the user configured (the Hub endpoint, the GitHub
/// API URL), reduced to its origin (scheme, host, port) for the comparison with the origin a
/// keyring token was saved for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    /// The URL as configured, without any user name or password, for messages.
    url: String,
    /// `scheme://host[:port]`, the port only when not the scheme's default.
    origin: String,
    /// The GitHub host `gh auth token --hostname` is asked for.
    gh_host: Option<String>,
}

/// A configured URL no token can be bound to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{url:?} cannot receive a token: {why}; use an http(s) URL such as https://huggingface.co or https://api.github.com"
)]
pub struct BadDestination {
    pub url: String,
    pub why: String,
}

impl Destination {
    pub fn new(url: &str) -> Result<Self, BadDestination> {
        let bad = |why: &str| BadDestination {
            url: url.to_string(),
            why: why.to_string(),
        };
        let mut parsed = Url::parse(url.trim()).map_err(|e| bad(&e.to_string()))?;
        if !matches!(parsed.scheme(), "https" | "http") || parsed.host().is_none() {
            return Err(bad("it is not an http(s) URL with a host"));
        }
        // Credentials in a configured URL must not reach messages or the UI.
        let _ = parsed.set_username("");
        let _ = parsed.set_password(None);
        let origin = parsed.origin().ascii_serialization();
        let shown = parsed.to_string();
        let url = match shown.strip_suffix('/') {
            Some(bare) if parsed.path() == "/" && parsed.query().is_none() => bare.to_string(),
            _ => shown,
        };
        Ok(Self {
            url,
            origin,
            gh_host: None,
        })
    }

    /// Lets `gh auth token` be asked, for `host` only: without a host, `gh` answers for its
    /// default host, whose token may be for another GitHub than the one this goes to.
    pub fn with_gh_host(mut self, host: Option<String>) -> Self {
        self.gh_host = host;
        self
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

/// A keyring token saved for another origin than the one it would be sent to now: it is not
/// sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OriginMismatch {
    /// The origin the keyring's token was saved for.
    pub saved_for: String,
    /// The URL the token would go to now (the configured setting).
    pub requested: String,
    /// What is wrong and what to do: what the UI shows.
    pub explanation: String,
}

impl OriginMismatch {
    fn new(id: SecretId, saved_for: &str, to: &Destination) -> Self {
        Self {
            saved_for: saved_for.to_string(),
            requested: to.url.clone(),
            explanation: format!(
                "the {} in the keyring was saved for {saved_for}, but {} is now {}, so it is not sent there: save the token again for it",
                id.label(),
                id.destination_setting(),
                to.url,
            ),
        }
    }
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
    /// The origin the keyring's token is saved for, when the keyring has one and the secret
    /// is bound to an origin (tokens are; the Slack webhook URL is not).
    pub saved_for: Option<String>,
    /// The keyring's token is saved for another origin than the configured one and is not
    /// used. Reported even when the environment supplied a value instead.
    pub other_origin: Option<OriginMismatch>,
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

/// A secret found nowhere usable, and why the keyring could not supply it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Missing {
    pub id: SecretId,
    pub keyring: Option<KeyringProblem>,
    /// The keyring has one, saved for another origin. Boxed: errors stay small.
    pub other_origin: Option<Box<OriginMismatch>>,
}

impl Missing {
    /// Whether the user has (or may have) saved one that cannot be used: a keyring that could
    /// not be asked, or a token saved for another origin. Then a call that would go without
    /// a token should rather stop and say so.
    pub fn explained(&self) -> bool {
        self.keyring.is_some() || self.other_origin.is_some()
    }
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let env = self.id.env_vars().join(" or ");
        match (&self.keyring, &self.other_origin) {
            (Some(problem), _) => write!(f, "no {}: {problem}, or set {env}", self.id.label()),
            (None, Some(other)) => write!(
                f,
                "no usable {}: {} in Settings, or set {env}",
                self.id.label(),
                other.explanation
            ),
            (None, None) => write!(
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

/// A keyring entry of a bound secret: the token and the origin it was saved for. JSON in the
/// entry's secret, so the binding is exactly as protected as the token (the webview can
/// neither read nor rewrite it) and moves with it on every platform keyring v3 supports;
/// entry attributes would be Secret Service only.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BoundEntry {
    origin: String,
    token: String,
}

/// A keyring value read back: the secret and, for a bound one, the origin it is for.
struct Saved {
    value: String,
    origin: Option<String>,
}

impl Saved {
    fn decode(id: SecretId, raw: String) -> Self {
        let Some(default) = id.default_origin() else {
            return Self {
                value: raw,
                origin: None,
            };
        };
        match serde_json::from_str::<BoundEntry>(&raw) {
            Ok(entry) => Self {
                value: entry.token,
                origin: Some(entry.origin),
            },
            // A plain token, saved before tokens were bound: see `SecretId::default_origin`.
            Err(_) => Self {
                value: raw,
                origin: Some(default.to_string()),
            },
        }
    }
}

/// Everything one search learnt.
#[derive(Default)]
struct Found {
    resolved: Option<Resolved>,
    keyring: Option<KeyringProblem>,
    saved_for: Option<String>,
    other_origin: Option<OriginMismatch>,
}

/// Looks up an environment variable (the process's, or a fixed map in tests).
type EnvLookup = Box<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Resolves secrets in Hugflow's order over a store and an environment.
pub struct Secrets<S: SecretStore> {
    store: S,
    env: EnvLookup,
    /// The `gh` program to ask, if any.
    gh: Option<OsString>,
}

impl<S: SecretStore> Secrets<S> {
    /// Reads the process environment and asks `gh` when it is installed.
    pub fn new(store: S) -> Self {
        Self {
            store,
            env: Box::new(|name| std::env::var(name).ok()),
            gh: Some("gh".into()),
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
            gh: None,
        }
    }

    /// Asks `program` instead of `gh` (tests: a script standing in for it).
    pub fn with_gh(mut self, program: impl Into<OsString>) -> Self {
        self.gh = Some(program.into());
        self
    }

    /// The value for a request to `to`, and where it came from. A keyring token saved for
    /// another origin is skipped, as is a keyring that cannot be asked (CI has no keyring and
    /// sets the environment); when nothing else has the secret, the error says which.
    pub fn lookup(&self, id: SecretId, to: &Destination) -> Result<Resolved, Missing> {
        let found = self.find(id, Some(to));
        found.resolved.ok_or(Missing {
            id,
            keyring: found.keyring,
            other_origin: found.other_origin.map(Box::new),
        })
    }

    /// [`Secrets::lookup`] for a call that can also go without the secret (public data):
    /// `Ok(None)` when none is set anywhere, but an error when one was saved and cannot be
    /// used (a keyring that cannot be asked, a token saved for another origin), so that is
    /// said instead of a late, unnamed refusal.
    pub fn optional(&self, id: SecretId, to: &Destination) -> Result<Option<Resolved>, Missing> {
        match self.lookup(id, to) {
            Ok(found) => Ok(Some(found)),
            Err(missing) if missing.explained() => Err(missing),
            Err(_) => Ok(None),
        }
    }

    /// What was found for `to`, and what kept the keyring's value from being used, whether or
    /// not the secret was then found elsewhere. `to: None` compares no origin (a status for a
    /// destination that is not configured properly: nothing is sent then anyway).
    fn find(&self, id: SecretId, to: Option<&Destination>) -> Found {
        let found = |value: Secret, source, env_var| Resolved {
            value,
            source,
            env_var,
        };
        let mut result = Found::default();
        match self.store.get(id.key()) {
            Ok(Some(raw)) => {
                let saved = Saved::decode(id, raw);
                let other = match (&saved.origin, to) {
                    (Some(origin), Some(to)) if *origin != to.origin => {
                        tracing::debug!(secret = id.key(), saved_for = %origin, to = %to.origin, "keyring token saved for another origin");
                        Some(OriginMismatch::new(id, origin, to))
                    }
                    _ => None,
                };
                result.saved_for = saved.origin;
                if other.is_none() {
                    let value = Secret::new(saved.value);
                    result.resolved = Some(found(value, SecretSource::Keyring, None));
                    return result;
                }
                result.other_origin = other;
            }
            Ok(None) => {}
            Err(SecretError::Keyring(problem)) => {
                tracing::debug!(%problem, secret = id.key(), "keyring lookup failed");
                result.keyring = Some(problem);
            }
            Err(other) => {
                result.keyring = Some(KeyringProblem::new(
                    KeyringState::Failing,
                    other.to_string(),
                ))
            }
        }
        for name in id.env_vars() {
            if let Some(value) = (self.env)(name).filter(|v| !v.trim().is_empty()) {
                let value = found(Secret::new(value), SecretSource::Environment, Some(name));
                result.resolved = Some(value);
                return result;
            }
        }
        if id == SecretId::GithubToken
            && let Some(program) = &self.gh
            && let Some(host) = to.and_then(|to| to.gh_host.as_deref())
            && let Some(token) = gh_auth_token(program, host)
        {
            result.resolved = Some(found(token, SecretSource::GhCli, None));
        }
        result
    }

    /// Where the secret for a request to `to` would come from; `to` is `None` for a secret
    /// bound to no origin, or when the setting naming its destination is not a valid URL.
    pub fn status(&self, id: SecretId, to: Option<&Destination>) -> SecretStatus {
        let found = self.find(id, to);
        let resolved = found.resolved.as_ref();
        SecretStatus {
            id,
            label: id.label().to_string(),
            set: resolved.is_some(),
            source: resolved.map(|r| r.source),
            env_var: resolved.and_then(|r| r.env_var.map(str::to_string)),
            keyring: found.keyring,
            saved_for: found.saved_for,
            other_origin: found.other_origin,
        }
    }

    /// Every secret's status, each for the destination `to` gives it.
    pub fn statuses(&self, to: impl Fn(SecretId) -> Option<Destination>) -> Vec<SecretStatus> {
        SecretId::ALL
            .iter()
            .map(|id| self.status(*id, to(*id).as_ref()))
            .collect()
    }

    /// Stores `value` in the keyring (replacing any previous one), bound to `to`'s origin
    /// when `id` is a token. A token needs `to`: storing it unbound would bind it to the
    /// default origin, not to the one it was meant for.
    pub fn set(
        &self,
        id: SecretId,
        value: &str,
        to: Option<&Destination>,
    ) -> Result<SecretStatus, SecretError> {
        id.check(value)?;
        let stored = match (id.default_origin(), to) {
            (None, _) => value.to_string(),
            (Some(_), Some(to)) => serde_json::to_string(&BoundEntry {
                origin: to.origin.clone(),
                token: value.to_string(),
            })
            .expect("two strings serialize"),
            (Some(_), None) => {
                return Err(SecretError::Invalid {
                    id,
                    why: format!(
                        "{} is not set to a valid URL; fix it first, so the token can be bound to it",
                        id.destination_setting()
                    ),
                });
            }
        };
        self.store.set(id.key(), &stored)?;
        Ok(self.status(id, to))
    }

    /// Removes the keyring entry; an environment value, if any, then shows through.
    pub fn clear(
        &self,
        id: SecretId,
        to: Option<&Destination>,
    ) -> Result<SecretStatus, SecretError> {
        self.store.delete(id.key())?;
        Ok(self.status(id, to))
    }
}

/// `gh auth token --hostname HOST`, when `gh` is installed and logged in to `host`. The token
/// comes back on stdout, never on a command line.
fn gh_auth_token(program: &OsString, host: &str) -> Option<Secret> {
    let output = Command::new(program)
        .args(["auth", "token", "--hostname", host])
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

    fn to(url: &str) -> Destination {
        Destination::new(url).unwrap()
    }

    const HUB: &str = "https://huggingface.co";
    const GITHUB: &str = "https://api.github.com";

    #[test]
    fn keyring_wins_then_environment() {
        let secrets = Secrets::with_env(MemoryStore::default(), |name| {
            (name == "GITHUB_TOKEN").then(|| "from-env".to_string())
        });
        let github = to(GITHUB);
        let status = secrets.status(SecretId::GithubToken, Some(&github));
        assert_eq!(
            (status.set, status.source, status.env_var.as_deref()),
            (true, Some(SecretSource::Environment), Some("GITHUB_TOKEN"))
        );
        secrets
            .set(SecretId::GithubToken, "from-keyring", Some(&github))
            .unwrap();
        let found = secrets.lookup(SecretId::GithubToken, &github).ok().unwrap();
        assert_eq!(
            (found.value.expose(), found.source),
            ("from-keyring", SecretSource::Keyring)
        );
        let status = secrets.clear(SecretId::GithubToken, Some(&github)).unwrap();
        assert_eq!(status.source, Some(SecretSource::Environment));
        assert!(!secrets.status(SecretId::HfToken, Some(&to(HUB))).set);
    }

    #[test]
    fn a_saved_token_goes_only_to_the_origin_it_was_saved_for() {
        let secrets = Secrets::with_env(MemoryStore::default(), |_| None);
        let saved_for = to("https://ghe.example/api/v3");
        secrets
            .set(SecretId::GithubToken, "ghp_bound", Some(&saved_for))
            .unwrap();
        // The same origin, whatever the path: the API lives under it.
        let same = to("https://GHE.example:443/api/v3/");
        let found = secrets.lookup(SecretId::GithubToken, &same).ok().unwrap();
        assert_eq!(found.value.expose(), "ghp_bound");
        let status = secrets.status(SecretId::GithubToken, Some(&same));
        assert_eq!(status.saved_for.as_deref(), Some("https://ghe.example"));
        assert_eq!(status.other_origin, None);

        for elsewhere in [
            "https://evil.example/api/v3",
            "http://ghe.example/api/v3",
            "https://ghe.example:8443/api/v3",
            "https://ghe.example.evil.example/api/v3",
        ] {
            let missing = secrets
                .lookup(SecretId::GithubToken, &to(elsewhere))
                .err()
                .unwrap_or_else(|| panic!("the token was handed out for {elsewhere}"));
            let other = *missing.other_origin.clone().expect("the mismatch is named");
            assert_eq!(other.saved_for, "https://ghe.example");
            assert_eq!(other.requested, elsewhere);
            assert!(missing.explained());
            let status = secrets.status(SecretId::GithubToken, Some(&to(elsewhere)));
            assert_eq!(
                (status.set, status.source, status.other_origin.as_ref()),
                (false, None, Some(&other))
            );
            let message = missing.to_string();
            assert!(!message.contains("ghp_bound"), "{message}");
        }
        assert_eq!(
            secrets
                .lookup(SecretId::GithubToken, &to("https://evil.example/api/v3"))
                .err()
                .unwrap()
                .to_string(),
            "no usable GitHub token: the GitHub token in the keyring was saved for https://ghe.example, \
             but the GitHub API URL is now https://evil.example/api/v3, so it is not sent there: save \
             the token again for it in Settings, or set GH_TOKEN or GITHUB_TOKEN"
        );
        // An environment token is the user's own choice: used anywhere, the mismatch still shown.
        let with_env = Secrets::with_env(secrets.store, |name| {
            (name == "GH_TOKEN").then(|| "ghp_env".to_string())
        });
        let evil = to("https://evil.example/api/v3");
        let found = with_env.lookup(SecretId::GithubToken, &evil).ok().unwrap();
        assert_eq!(found.value.expose(), "ghp_env");
        let status = with_env.status(SecretId::GithubToken, Some(&evil));
        assert_eq!(status.source, Some(SecretSource::Environment));
        assert!(status.other_origin.is_some());
    }

    #[test]
    fn a_legacy_plain_entry_is_bound_to_the_default_origin() {
        let store = MemoryStore::default();
        store.set("hf_token", "hf_legacy").unwrap();
        store.set("github_token", "ghp_legacy").unwrap();
        let secrets = Secrets::with_env(store, |_| None);
        for (id, default, other) in [
            (SecretId::HfToken, HUB, "https://hub.mirror.example"),
            (SecretId::GithubToken, GITHUB, "https://ghe.example/api/v3"),
        ] {
            assert_eq!(id.default_origin(), Some(default));
            let found = secrets.lookup(id, &to(default)).ok().unwrap();
            assert!(found.value.expose().ends_with("_legacy"));
            let status = secrets.status(id, Some(&to(default)));
            assert_eq!(status.saved_for.as_deref(), Some(default));
            let missing = secrets.lookup(id, &to(other)).err().unwrap();
            assert_eq!(
                missing.other_origin.map(|o| o.saved_for).as_deref(),
                Some(default)
            );
        }
    }

    #[test]
    fn a_token_is_stored_with_its_origin_and_a_webhook_as_it_is() {
        let secrets = Secrets::with_env(MemoryStore::default(), |_| None);
        secrets
            .set(
                SecretId::HfToken,
                "hf_x",
                Some(&to("https://hub.mirror.example/")),
            )
            .unwrap();
        let raw = secrets.store.get("hf_token").unwrap().unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&raw).unwrap(),
            serde_json::json!({"origin": "https://hub.mirror.example", "token": "hf_x"})
        );
        let error = secrets
            .set(SecretId::GithubToken, "ghp_x", None)
            .unwrap_err()
            .to_string();
        assert!(error.contains("the GitHub API URL"), "{error}");
        assert_eq!(secrets.store.get("github_token").unwrap(), None);
        let hook = "https://hooks.slack.com/services/T/B/X";
        let status = secrets.set(SecretId::SlackWebhook, hook, None).unwrap();
        assert_eq!((status.set, status.saved_for), (true, None));
        assert_eq!(
            secrets.store.get("slack_webhook").unwrap().as_deref(),
            Some(hook)
        );
    }

    #[test]
    fn destinations_are_origins_without_credentials() {
        let d = to("https://user:pw@Example.COM:443/api/v3?x=1");
        assert_eq!(d.origin(), "https://example.com");
        assert_eq!(d.url(), "https://example.com/api/v3?x=1");
        assert_eq!(
            to("http://127.0.0.1:8080/").origin(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            to("https://huggingface.co/").url(),
            "https://huggingface.co"
        );
        for bad in [
            "ftp://example.com",
            "huggingface.co",
            "file:///etc/passwd",
            "",
        ] {
            let error = Destination::new(bad).unwrap_err().to_string();
            assert!(error.contains(&format!("{bad:?}")), "{error}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn gh_is_asked_for_the_configured_host_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let gh = dir.path().join("gh");
        // Answers only `gh auth token --hostname ghe.example`, as a gh logged in there would.
        std::fs::write(
            &gh,
            "#!/bin/sh\n[ \"$*\" = \"auth token --hostname ghe.example\" ] && echo ghs_fromgh\n",
        )
        .unwrap();
        std::fs::set_permissions(&gh, std::fs::Permissions::from_mode(0o755)).unwrap();
        let secrets = Secrets::with_env(MemoryStore::default(), |_| None).with_gh(&gh);
        let ghe = to("https://ghe.example/api/v3").with_gh_host(Some("ghe.example".into()));
        let found = secrets.lookup(SecretId::GithubToken, &ghe).ok().unwrap();
        assert_eq!(
            (found.value.expose(), found.source),
            ("ghs_fromgh", SecretSource::GhCli)
        );
        let other = to(GITHUB).with_gh_host(Some("github.com".into()));
        assert!(secrets.lookup(SecretId::GithubToken, &other).is_err());
        // No host known: gh is not asked (it would answer for its default host).
        assert!(
            secrets
                .lookup(SecretId::GithubToken, &to("https://ghe.example/api/v3"))
                .is_err()
        );
        // A token saved for another GitHub does not keep gh from answering for this one.
        secrets
            .set(SecretId::GithubToken, "ghp_saved", Some(&to(GITHUB)))
            .unwrap();
        let found = secrets.lookup(SecretId::GithubToken, &ghe).ok().unwrap();
        assert_eq!(found.source, SecretSource::GhCli);
        assert!(
            secrets
                .status(SecretId::GithubToken, Some(&ghe))
                .other_origin
                .is_some()
        );
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
        let github = secrets.status(SecretId::GithubToken, Some(&to(GITHUB)));
        assert_eq!(
            (github.set, github.source, github.keyring.as_ref()),
            (true, Some(SecretSource::Environment), Some(&problem))
        );
        let hf = secrets.status(SecretId::HfToken, Some(&to(HUB)));
        assert_eq!((hf.set, hf.keyring.as_ref()), (false, Some(&problem)));
        let missing = secrets.optional(SecretId::HfToken, &to(HUB)).err().unwrap();
        assert_eq!(
            missing.to_string(),
            "no Hugging Face token: the OS keyring failed: check or restart it (D-Bus said no), or set HF_TOKEN"
        );
        let fine = Secrets::with_env(MemoryStore::default(), |_| None);
        assert!(matches!(
            fine.optional(SecretId::GithubToken, &to(GITHUB)),
            Ok(None)
        ));
        assert_eq!(
            fine.lookup(SecretId::GithubToken, &to(GITHUB))
                .err()
                .unwrap()
                .to_string(),
            "no GitHub token is set: save one in Settings, or set GH_TOKEN or GITHUB_TOKEN"
        );
    }

    #[test]
    fn bad_values_are_refused_before_storing() {
        let secrets = Secrets::with_env(MemoryStore::default(), |_| None);
        let hub = to(HUB);
        for (id, value) in [
            (SecretId::HfToken, ""),
            (SecretId::HfToken, " hf_x\n"),
            (SecretId::SlackWebhook, "http://hooks.example/x"),
        ] {
            let error = secrets.set(id, value, Some(&hub)).unwrap_err().to_string();
            assert!(error.contains(id.label()), "{error}");
        }
        assert!(!secrets.status(SecretId::HfToken, Some(&hub)).set);
    }
}
