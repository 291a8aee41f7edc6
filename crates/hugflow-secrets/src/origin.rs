//! Where a token may go: the origin a keyring token is bound to, and how the binding is
//! stored. See the crate's docs for why tokens are bound.

use serde::{Deserialize, Serialize};
use url::Url;

use crate::SecretId;

/// Where a token is about to be sent: a URL the user configured (the Hub endpoint, the GitHub
/// API URL), reduced to its origin (scheme, host, port) for the comparison with the origin a
/// keyring token was saved for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    /// The URL as configured, without any user name or password, for messages.
    pub(crate) url: String,
    /// `scheme://host[:port]`, the port only when not the scheme's default.
    pub(crate) origin: String,
    /// The GitHub host `gh auth token --hostname` is asked for.
    pub(crate) gh_host: Option<String>,
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
    pub(crate) fn new(id: SecretId, saved_for: &str, to: &Destination) -> Self {
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

/// A keyring entry of a bound secret: the token and the origin it was saved for. JSON in the
/// entry's secret, so the binding is exactly as protected as the token (the webview can
/// neither read nor rewrite it) and moves with it on every platform keyring v3 supports;
/// entry attributes would be Secret Service only.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BoundEntry {
    pub(crate) origin: String,
    pub(crate) token: String,
}

/// A keyring value read back: the secret and, for a bound one, the origin it is for.
pub(crate) struct Saved {
    pub(crate) value: String,
    pub(crate) origin: Option<String>,
}

impl Saved {
    pub(crate) fn decode(id: SecretId, raw: String) -> Self {
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
