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

mod origin;
mod store;
#[cfg(test)]
mod tests;

use std::ffi::OsString;
use std::process::{Command, Stdio};

use hugflow_core::config::Secret;
use serde::{Deserialize, Serialize};

pub use origin::{BadDestination, Destination, OriginMismatch};
use origin::{BoundEntry, Saved};
pub use store::{KeyringProblem, KeyringState, MemoryStore, OsKeyring, SecretError, SecretStore};

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
    pub(crate) fn destination_setting(self) -> &'static str {
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

/// A secret's value and where it was found.
pub struct Resolved {
    pub value: Secret,
    pub source: SecretSource,
    /// The environment variable, when `source` is `Environment`.
    pub env_var: Option<&'static str>,
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
                let other = match to {
                    Some(to) if !saved.goes_to(to) => {
                        tracing::debug!(secret = id.key(), saved_for = ?saved.origin, to = %to.origin, "keyring token saved for another origin");
                        Some(OriginMismatch::new(id, &saved, to))
                    }
                    // The Hub it was saved for, with another viewer now: it goes to the Hub,
                    // not to that viewer; the status says so (Settings shows it).
                    Some(to)
                        if id == SecretId::HfToken
                            && to.of_hub.is_none()
                            && !saved.goes_to(&to.viewer()) =>
                    {
                        result.other_origin = Some(OriginMismatch::new(id, &saved, &to.viewer()));
                        None
                    }
                    _ => None,
                };
                result.saved_for = saved.origin.clone();
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
            // Bound to the Hub and its viewer (a viewer destination: to its Hub and itself).
            (Some(_), Some(to)) => serde_json::to_string(&BoundEntry {
                origin: to.of_hub.clone().unwrap_or_else(|| to.origin.clone()),
                viewer: (id == SecretId::HfToken).then(|| match &to.of_hub {
                    Some(_) => to.origin.clone(),
                    None => to.viewer_origin(),
                }),
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
