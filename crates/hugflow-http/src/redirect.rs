//! Which redirects Hugflow follows. A Hub (or a mirror at `HF_ENDPOINT`) that answers a
//! redirect chooses where the next request goes, so each hop is checked: it stays on HTTP(S)
//! (never `file:`, `ftp:`, `data:`, ...), never goes from `https` down to `http` (the
//! bytes and anything the URL carries would cross the network in clear), and a chain ends
//! after [`MAX_REDIRECTS`] hops, as browsers' and `requests`' caps end loops. Where the token
//! goes is the caller's rule (the Hub's origin only); this module only judges the hop.

use url::Url;

/// Hops followed before a chain counts as a loop (`requests`, which `huggingface_hub` uses,
/// allows 30; curl 50; the Hub's own chains are one hop to the CDN, two for a renamed repo).
pub const MAX_REDIRECTS: usize = 10;

/// Why a redirect was not followed. Displays what a user can act on; URLs are shown without
/// their query, which for the Hub's CDN carries a signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectRefused {
    /// The target is not `http:` or `https:`.
    NotHttp { to: String },
    /// From `https:` to `http:`.
    Downgrade { from: String, to: String },
    /// More than [`MAX_REDIRECTS`] hops.
    TooMany { last: String },
}

impl std::fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotHttp { to } => write!(
                f,
                "the Hub (or mirror at HF_ENDPOINT) redirected to {to}, which is not an http(s) URL; Hugflow follows only http(s) redirects"
            ),
            Self::Downgrade { from, to } => write!(
                f,
                "the Hub (or mirror at HF_ENDPOINT) redirected from {from} down to plain http at {to}; Hugflow does not leave https"
            ),
            Self::TooMany { last } => write!(
                f,
                "the Hub (or mirror at HF_ENDPOINT) redirected more than {MAX_REDIRECTS} times (a redirect loop?), last to {last}"
            ),
        }
    }
}

impl std::error::Error for RedirectRefused {}

/// Whether to follow a redirect from `from` to `to` after `followed` earlier hops of the chain.
pub fn check_redirect(from: &Url, to: &Url, followed: usize) -> Result<(), RedirectRefused> {
    if !matches!(to.scheme(), "http" | "https") {
        return Err(RedirectRefused::NotHttp { to: shown(to) });
    }
    if from.scheme() == "https" && to.scheme() == "http" {
        return Err(RedirectRefused::Downgrade {
            from: shown(from),
            to: shown(to),
        });
    }
    if followed >= MAX_REDIRECTS {
        return Err(RedirectRefused::TooMany { last: shown(to) });
    }
    Ok(())
}

/// A reqwest redirect policy that applies [`check_redirect`] to every hop. reqwest itself
/// drops `Authorization` when a hop changes host, port or scheme.
pub fn policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let from = attempt.previous().last().cloned();
        let followed = attempt.previous().len().saturating_sub(1);
        let verdict = match &from {
            Some(from) => check_redirect(from, attempt.url(), followed),
            None => Ok(()),
        };
        match verdict {
            Ok(()) => attempt.follow(),
            Err(refused) => attempt.error(refused),
        }
    })
}

/// `scheme://host[:port]/path`, without query or fragment.
fn shown(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.set_fragment(None);
    let _ = url.set_password(None);
    let _ = url.set_username("");
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn the_hubs_own_redirects_are_followed() {
        // The Hub's LFS redirect to its CDN, a renamed repo's relative redirect, and a test
        // Hub on plain http going to its plain-http CDN.
        let hub = url("https://huggingface.co/datasets/a/b/resolve/main/x.parquet");
        let cdn = url("https://cas-bridge.xethub.hf.co/xet-bridge-us/abc?X-Amz-Signature=s");
        assert_eq!(check_redirect(&hub, &cdn, 0), Ok(()));
        assert_eq!(
            check_redirect(&hub, &hub.join("/datasets/a/c").unwrap(), 1),
            Ok(())
        );
        let local = url("http://127.0.0.1:9/datasets/a/b/resolve/main/x");
        assert_eq!(
            check_redirect(&local, &url("http://127.0.0.1:10/cdn/x"), 0),
            Ok(())
        );
        assert_eq!(
            check_redirect(&local, &url("https://127.0.0.1:10/cdn/x"), 0),
            Ok(())
        );
    }

    #[test]
    fn other_schemes_are_refused() {
        let hub = url("http://127.0.0.1:9/datasets/a/b/resolve/main/x");
        for to in [
            "file:///etc/passwd",
            "ftp://mirror/x",
            "data:text/plain,hi",
            "gopher://h/",
        ] {
            let refused = check_redirect(&hub, &url(to), 0).unwrap_err();
            assert!(matches!(refused, RedirectRefused::NotHttp { .. }), "{to}");
            assert!(
                refused.to_string().contains("not an http(s) URL"),
                "{refused}"
            );
        }
        let shown = check_redirect(&hub, &url("file:///etc/passwd"), 0)
            .unwrap_err()
            .to_string();
        assert!(shown.contains("file:///etc/passwd"), "{shown}");
    }

    #[test]
    fn https_is_never_downgraded_to_http() {
        let hub = url("https://huggingface.co/datasets/a/b/resolve/main/x");
        let refused = check_redirect(&hub, &url("http://cdn.example/x?sig=secret"), 0).unwrap_err();
        assert_eq!(
            refused,
            RedirectRefused::Downgrade {
                from: "https://huggingface.co/datasets/a/b/resolve/main/x".into(),
                to: "http://cdn.example/x".into(),
            }
        );
        assert!(!refused.to_string().contains("secret"), "no signed query");
        assert!(refused.to_string().contains("does not leave https"));
    }

    #[test]
    fn chains_end_after_the_cap() {
        let a = url("http://127.0.0.1:9/a");
        assert_eq!(check_redirect(&a, &a, MAX_REDIRECTS - 1), Ok(()));
        let refused = check_redirect(&a, &a, MAX_REDIRECTS).unwrap_err();
        assert!(
            refused.to_string().contains("more than 10 times"),
            "{refused}"
        );
    }
}
