//! The one URL allow-list of the desktop app: what `open_url` opens, what links in the UI open
//! (they all go through `open_url`), and what a notification's click opens. A URL is let
//! through only when it is a page of the configured Hub or of the configured GitHub host (PRs,
//! Actions run pages, dataset pages), so neither a dataset card, a PR body, nor a URL read from
//! a host's database can make the app open `file://`, `javascript:` or a look-alike host.

use url::{Host, Url};

use crate::requests::Notice;
use crate::{ApiError, ErrorCode, HugflowApp, Notification};

/// A URL the allow-list admitted. Only this module makes one, so the shell (which gets
/// nothing else to open, see `AppHost`) cannot be handed an unchecked URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedUrl(String);

impl AllowedUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The origins (scheme, host, port) whose pages may be opened, from the app's settings.
#[derive(Debug, Clone, Default)]
pub struct LinkPolicy {
    /// Each origin with what it is, for the refusal message ("the Hub", "GitHub").
    origins: Vec<(Url, &'static str)>,
}

impl LinkPolicy {
    /// The policy for a Hub endpoint and a GitHub API URL, as saved in the settings. One that
    /// does not parse, or is plain http off this machine, admits nothing (the other still does).
    pub fn new(hub_endpoint: &str, github_api_url: &str) -> Self {
        let mut policy = Self::default();
        if let Ok(hub) = Url::parse(hub_endpoint.trim()) {
            policy.admit_origin(hub, "the Hub");
        }
        if let Some(web) = github_web_origin(github_api_url) {
            policy.admit_origin(web, "GitHub");
        }
        policy
    }

    /// Pages of `origin` may be opened when it is https. Plain http is admitted only on a
    /// loopback address: the test fakes (and a mirror on this machine) serve there, the
    /// traffic never leaves the computer, and the user configured exactly that origin as the
    /// Hub or GitHub the app already talks to. Any other http origin would let a network
    /// attacker rewrite the page, so it admits nothing.
    fn admit_origin(&mut self, origin: Url, what: &'static str) {
        let loopback = match origin.host() {
            Some(Host::Ipv4(ip)) => ip.is_loopback(),
            Some(Host::Ipv6(ip)) => ip.is_loopback(),
            Some(Host::Domain(name)) => name == "localhost",
            None => false,
        };
        if origin.scheme() == "https" || (origin.scheme() == "http" && loopback) {
            self.origins.push((origin, what));
        }
    }

    /// `url` when it is a page of an admitted origin: the same scheme, host and port (so
    /// `https://huggingface.co.evil.example/` is not the Hub) and no user name or password
    /// (`https://huggingface.co@evil.example/` is a page of evil.example).
    pub fn check(&self, url: &str) -> Result<AllowedUrl, ApiError> {
        let refused = |why: &str| {
            let allowed: Vec<String> = self
                .origins
                .iter()
                .map(|(origin, what)| format!("{what} ({})", origin.origin().ascii_serialization()))
                .collect();
            let allowed = if allowed.is_empty() {
                "none is configured; set the Hub endpoint and the GitHub API URL in Settings"
                    .to_string()
            } else {
                allowed.join(", ")
            };
            ApiError::new(
                ErrorCode::NotAllowed,
                format!("not opening {url:?}: {why}; the app opens only pages of {allowed}"),
            )
        };
        let parsed = Url::parse(url.trim()).map_err(|_| refused("it is not a URL"))?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(refused("it carries a user name or password"));
        }
        let admitted = self
            .origins
            .iter()
            .any(|(origin, _)| origin.origin() == parsed.origin());
        if admitted {
            Ok(AllowedUrl(parsed.into()))
        } else {
            Err(refused("it is on another site"))
        }
    }

    /// `url` if admitted; a refused one is logged (it came from outside: a PR, a host's
    /// database) and dropped, so its notification is shown without an "open" action.
    pub fn admit(&self, url: &str) -> Option<AllowedUrl> {
        if url.trim().is_empty() {
            return None;
        }
        self.check(url)
            .map_err(|error| tracing::warn!("notification link dropped: {}", error.message))
            .ok()
    }
}

/// The web origin of a GitHub API URL: `https://github.com` for `https://api.github.com`,
/// `https://HOST` for GitHub Enterprise's `https://HOST/api/v3` (and the test server's own
/// origin). The host rule is the GitHub crate's; the scheme and port stay the API's.
fn github_web_origin(api_url: &str) -> Option<Url> {
    let host = hugflow_github::web_host(api_url)?;
    let mut origin = Url::parse(api_url.trim()).ok()?;
    if origin.host_str() != Some(host.as_str()) {
        // api.github.com → github.com: the web host serves on the default port.
        origin.set_host(Some(&host)).ok()?;
        origin.set_port(None).ok()?;
    }
    origin.set_path("/");
    Some(origin)
}

impl HugflowApp {
    /// The allow-list for the settings saved now (the Hub endpoint and the GitHub API URL).
    pub fn link_policy(&self) -> Result<LinkPolicy, ApiError> {
        let github = self.request_settings()?.api_url;
        // A Hub endpoint that does not parse leaves only GitHub's pages; the Hub's own calls
        // report that endpoint's error where it matters.
        let hub = self
            .hub()
            .map(|hub| hub.endpoint().to_string())
            .unwrap_or_default();
        Ok(LinkPolicy::new(&hub, &github))
    }

    /// Opens a page of the configured Hub or GitHub host in the browser; anything else is
    /// refused with `not_allowed`.
    pub fn open_url(&self, url: &str) -> Result<(), ApiError> {
        let url = self.link_policy()?.check(url)?;
        self.host.open_url(&url).map_err(|why| {
            ApiError::new(
                ErrorCode::Io,
                format!("cannot open {}: {why}", url.as_str()),
            )
        })
    }

    /// Shows a desktop notification whose click opens its link only if the allow-list
    /// admits it; otherwise it is shown without an "open" action.
    pub(crate) fn notify(&self, notice: Notice) {
        let url = match (&notice.link, self.link_policy()) {
            (Some(link), Ok(policy)) => policy.admit(link),
            (Some(_), Err(error)) => {
                tracing::warn!(%error, "notification link dropped: the settings cannot be read");
                None
            }
            (None, _) => None,
        };
        self.host.notify(Notification {
            title: notice.title,
            body: notice.body,
            url,
        });
    }
}

#[cfg(test)]
mod tests;
