//! Where a token may go: the origin a keyring token is bound to, and how the binding is
//! stored. See the crate's docs for why tokens are bound.

use serde::{Deserialize, Serialize};
use url::Url;

use crate::SecretId;

/// Where a token is about to be sent: a URL the user configured (the Hub endpoint, the GitHub
/// API URL), reduced to its origin (scheme, host, port) for the comparison with the origin a
/// keyring token was saved for.
///
/// "The Hub" is two origins: the Hub's and its dataset viewer's
/// (`https://datasets-server.huggingface.co` for huggingface.co). A Hub destination names the
/// viewer it goes with ([`Destination::with_viewer`], else the Hub's default viewer), and the
/// HF token is saved for both; [`Destination::viewer`] is the destination of a request to that
/// viewer, which gets the token only when it was saved for this Hub *and* this viewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    /// The URL as configured, without any user name or password, for messages.
    pub(crate) url: String,
    /// `scheme://host[:port]`, the port only when not the scheme's default.
    pub(crate) origin: String,
    /// The GitHub host `gh auth token --hostname` is asked for.
    pub(crate) gh_host: Option<String>,
    /// A Hub's configured viewer (URL for messages, origin), when it is not the default one.
    pub(crate) viewer: Option<(String, String)>,
    /// For a viewer destination: the origin of the Hub it is the viewer of.
    pub(crate) of_hub: Option<String>,
}

/// The viewer a Hub origin has by default (the rule lives in `hugflow_core::config`).
pub(crate) fn default_viewer(hub_origin: &str) -> String {
    hugflow_core::config::default_viewer_endpoint(hub_origin)
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
            viewer: None,
            of_hub: None,
        })
    }

    /// This Hub together with its dataset viewer at `viewer_url` (the desktop's viewer
    /// setting, `HF_VIEWER_ENDPOINT`): a token saved for it is bound to both origins.
    pub fn with_viewer(mut self, viewer_url: &str) -> Result<Self, BadDestination> {
        let viewer = Self::new(viewer_url)?;
        self.viewer = Some((viewer.url, viewer.origin));
        Ok(self)
    }

    /// The origin of this Hub's viewer: the configured one, else the Hub's default viewer.
    pub(crate) fn viewer_origin(&self) -> String {
        match &self.viewer {
            Some((_, origin)) => origin.clone(),
            None => default_viewer(&self.origin),
        }
    }

    /// A request to this Hub's dataset viewer. A keyring token goes there only when it was
    /// saved for this Hub's origin and this viewer's origin.
    pub fn viewer(&self) -> Destination {
        let (url, origin) = self.viewer.clone().unwrap_or_else(|| {
            let default = default_viewer(&self.origin);
            (default.clone(), default)
        });
        Destination {
            url,
            origin,
            gh_host: None,
            viewer: None,
            of_hub: Some(self.origin.clone()),
        }
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
    pub(crate) fn new(id: SecretId, saved: &Saved, to: &Destination) -> Self {
        let origin = saved.origin.as_deref().unwrap_or_default();
        // A viewer request whose Hub is the one saved for: only the viewer moved.
        let (saved_for, setting) = match &to.of_hub {
            Some(hub) if hub == origin => (
                format!("{origin} with its dataset viewer at {}", saved.viewer()),
                "the dataset viewer endpoint",
            ),
            _ => (origin.to_string(), id.destination_setting()),
        };
        Self {
            explanation: format!(
                "the {} in the keyring was saved for {saved_for}, but {setting} is now {}, so it is not sent there: save the token again for it",
                id.label(),
                to.url,
            ),
            saved_for,
            requested: to.url.clone(),
        }
    }
}

/// A keyring entry of a bound secret: the token and the origin it was saved for. JSON in the
/// entry's secret, so the binding is exactly as protected as the token (the webview can
/// neither read nor rewrite it) and moves with it on every platform keyring v3 supports;
/// entry attributes would be Secret Service only.
///
/// `viewer`: the HF token's dataset viewer origin, saved with the Hub's; an entry without one
/// (saved before the viewer was bound, or a GitHub token) counts as bound to the Hub's default
/// viewer.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BoundEntry {
    pub(crate) origin: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) viewer: Option<String>,
    pub(crate) token: String,
}

/// A keyring value read back: the secret and, for a bound one, the origins it is for.
pub(crate) struct Saved {
    pub(crate) value: String,
    pub(crate) origin: Option<String>,
    /// The viewer origin saved with it; `None`: the default viewer of `origin`.
    pub(crate) viewer: Option<String>,
}

impl Saved {
    pub(crate) fn decode(id: SecretId, raw: String) -> Self {
        let Some(default) = id.default_origin() else {
            return Self {
                value: raw,
                origin: None,
                viewer: None,
            };
        };
        match serde_json::from_str::<BoundEntry>(&raw) {
            Ok(entry) => Self {
                value: entry.token,
                origin: Some(entry.origin),
                viewer: entry.viewer,
            },
            // A plain token, saved before tokens were bound: see `SecretId::default_origin`.
            Err(_) => Self {
                value: raw,
                origin: Some(default.to_string()),
                viewer: None,
            },
        }
    }

    /// The viewer origin it was saved with (a legacy or Hub-only entry: the Hub's default).
    pub(crate) fn viewer(&self) -> String {
        self.viewer
            .clone()
            .unwrap_or_else(|| default_viewer(self.origin.as_deref().unwrap_or_default()))
    }

    /// Whether it may go to `to`: a request to its origin, or to the viewer it was saved
    /// with, of the Hub it was saved for.
    pub(crate) fn goes_to(&self, to: &Destination) -> bool {
        let Some(origin) = &self.origin else {
            return true;
        };
        match &to.of_hub {
            None => *origin == to.origin,
            Some(hub) => hub == origin && self.viewer() == to.origin,
        }
    }
}
