//! What Settings' "Test connection" asks: whether the Hub answers, whom its token belongs to,
//! and whether the dataset viewer answers.

use serde::Deserialize;

use crate::{HubClient, HubError, http};

/// `GET /api/whoami-v2`: the account a token belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Whoami {
    pub name: String,
    /// `user` or `org`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

impl HubClient {
    /// The account the token belongs to (the Hub answers 401 without a valid one).
    pub async fn whoami(&self) -> Result<Whoami, HubError> {
        let url = self.api("api/whoami-v2");
        let response = self.http.get(url.clone(), None).await?;
        http::json(response, &url).await
    }

    /// Whether the Hub answers its API: the first dataset of a one-item listing.
    pub async fn ping(&self) -> Result<(), HubError> {
        let query = crate::ListQuery {
            limit: Some(1),
            ..Default::default()
        };
        self.list_datasets(&query).await.map(|_| ())
    }

    /// Whether the dataset viewer answers: datasets-server's `GET /healthcheck` (`ok`).
    pub async fn viewer_healthcheck(&self) -> Result<(), HubError> {
        self.viewer.healthcheck().await
    }
}

/// Checks an endpoint a user typed (the Hub's, the viewer's) before it is saved: an http(s)
/// URL with a host, without user name, password, query or fragment (a token belongs in the
/// token field, where it is bound and kept in the keyring, never in a URL). Returns it
/// trimmed, without a trailing `/`. `what` names the setting in the error.
pub fn check_endpoint(what: &str, text: &str) -> Result<String, HubError> {
    let text = text.trim();
    let refuse = |why: &str| HubError::Config {
        message: format!(
            "{what} `{}` {why}; use an http(s) URL such as https://huggingface.co",
            // Never echo credentials back.
            text.split_once('@').map_or(text, |(_, host)| host)
        ),
    };
    let url = url::Url::parse(text).map_err(|error| refuse(&format!("is not a URL ({error})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(refuse("is not an http(s) URL with a host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse(
            "holds a user name or password; remove them (the token goes in the token field)",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(refuse("has a query or fragment; remove it"));
    }
    Ok(text.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::check_endpoint;

    #[test]
    fn endpoints_are_http_urls_without_credentials() {
        assert_eq!(
            check_endpoint("the Hub endpoint", " https://hub.internal/ ").unwrap(),
            "https://hub.internal"
        );
        assert_eq!(
            check_endpoint("the viewer endpoint", "http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "hub.internal",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://user:hf_secret@hub.internal",
            "https://hub.internal/?token=x",
        ] {
            let error = check_endpoint("the Hub endpoint", bad)
                .unwrap_err()
                .to_string();
            assert!(error.starts_with("the Hub endpoint `"), "{error}");
            assert!(!error.contains("hf_secret"), "{error}");
        }
    }
}
