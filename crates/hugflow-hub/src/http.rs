//! The Hub's requests: authentication, which answers are worth another attempt (the loop
//! itself is `hugflow_http::retry`), and turning HTTP failures into [`HubError`].

use reqwest::{Response, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::HubConfig;
use crate::error::{HubError, NotFoundKind, redirect_refused};
use hugflow_core::config::Secret;
pub use hugflow_http::endpoint_name;
use hugflow_http::{
    Attempt, Outcome, RedirectRefused, RetryPolicy, check_redirect, is_retryable, requested_wait,
    root_cause,
};

#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    /// For HEAD requests whose redirect is the answer (the Hub's LFS redirects to its CDN).
    no_redirect: reqwest::Client,
    token: Option<Secret>,
    retry: RetryPolicy,
    /// The token is only ever sent to this origin (the Hub's own; the viewer shares it when
    /// it is the same server).
    origin: url::Origin,
    endpoint: Url,
}

impl Http {
    pub fn new(config: &HubConfig, endpoint: &Url) -> Result<Self, HubError> {
        let builder = || {
            reqwest::Client::builder()
                .user_agent(concat!("hugflow/", env!("CARGO_PKG_VERSION")))
                .timeout(config.timeout)
                .connect_timeout(std::time::Duration::from_secs(10))
        };
        let setup = |error: reqwest::Error| HubError::Config {
            message: format!("cannot set up HTTP: {error}"),
        };
        let client = builder()
            .redirect(hugflow_http::redirect_policy())
            .build()
            .map_err(setup)?;
        let no_redirect = builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(setup)?;
        Ok(Self {
            client,
            no_redirect,
            token: config.token.clone(),
            retry: config.retry.clone(),
            origin: endpoint.origin(),
            endpoint: endpoint.clone(),
        })
    }

    /// GETs `url`, retrying transient failures; `repo` names the dataset in errors.
    pub async fn get(&self, url: Url, repo: Option<&str>) -> Result<Response, HubError> {
        self.send(reqwest::Method::GET, url, repo).await
    }

    /// POSTs to `url` with an empty body (Space restarts and pauses), retrying transient
    /// failures: asking twice for a restart is still one restart.
    pub async fn post(&self, url: Url, repo: Option<&str>) -> Result<Response, HubError> {
        self.send(reqwest::Method::POST, url, repo).await
    }

    /// HEADs `url` without following redirects: a 3xx is returned as the answer.
    pub async fn head(&self, url: Url, repo: Option<&str>) -> Result<Response, HubError> {
        self.send(reqwest::Method::HEAD, url, repo).await
    }

    async fn send(
        &self,
        method: reqwest::Method,
        url: Url,
        repo: Option<&str>,
    ) -> Result<Response, HubError> {
        let client = if method == reqwest::Method::HEAD {
            &self.no_redirect
        } else {
            &self.client
        };
        let (retry, url, method) = (&self.retry, &url, &method);
        // Each attempt's future owns copies of these references, so it stays `Send`.
        hugflow_http::retry(retry, |attempt: Attempt| async move {
            let mut request = client.request(method.clone(), url.clone());
            let sends_token = self.token.is_some() && url.origin() == self.origin;
            if let Some(token) = self.token.as_ref().filter(|_| sends_token) {
                request = request.bearer_auth(token.expose());
            }
            let endpoint = endpoint_name(url);
            match request.send().await {
                Err(error) if error.is_redirect() => {
                    Outcome::Done(Err(match refused_redirect(&error) {
                        Some(reason) => redirect_refused(endpoint, &reason),
                        None => HubError::Malformed {
                            endpoint,
                            message: root_cause(&error),
                        },
                    }))
                }
                Err(error) => {
                    let offline = HubError::Offline {
                        endpoint,
                        message: root_cause(&error),
                    };
                    // A refused or unresolvable connection rarely heals within seconds: one
                    // retry, then say we are offline rather than keep the user waiting.
                    let given_up = error.is_connect() && attempt.number >= 2;
                    if given_up || !(error.is_timeout() || error.is_connect() || error.is_request())
                    {
                        return Outcome::Done(Err(offline));
                    }
                    if !attempt.last {
                        let number = attempt.number;
                        tracing::debug!(%error, attempt = number, "retrying after a network error");
                    }
                    Outcome::Retry {
                        error: offline,
                        wait: None,
                    }
                }
                Ok(response)
                    if response.status().is_success()
                        || (response.status().is_redirection()
                            && method == reqwest::Method::HEAD) =>
                {
                    Outcome::Done(Ok(response))
                }
                // A redirect the policy passed is followed, so one still here is one reqwest
                // could not follow (a `Location` that is no http(s) URL, or none at all).
                Ok(response) if response.status().is_redirection() => {
                    Outcome::Done(Err(unfollowed(&response)))
                }
                Ok(response) if is_retryable(response.status()) => {
                    let status = response.status();
                    let asked = requested_wait(response.headers());
                    let wait = asked.unwrap_or_else(|| retry.backoff(attempt.number));
                    if status == StatusCode::TOO_MANY_REQUESTS
                        && (attempt.last || wait > retry.max_wait)
                    {
                        return Outcome::Done(Err(HubError::RateLimited {
                            endpoint,
                            retry_after: wait,
                        }));
                    }
                    if !attempt.last {
                        tracing::debug!(%status, attempt = attempt.number, ?wait, "retrying");
                    }
                    Outcome::Retry {
                        error: HubError::Server {
                            endpoint,
                            status: status.as_u16(),
                            attempts: attempt.number,
                        },
                        wait: Some(wait),
                    }
                }
                Ok(response) => Outcome::Done(Err(self.refusal(response, repo, sends_token).await)),
            }
        })
        .await
    }

    /// A 4xx the Hub meant: not found (or private), gated, disabled, bad token. `sent_token`:
    /// whether this request carried the token. Classified as huggingface_hub's
    /// `hf_raise_for_status` does: by `X-Error-Code`, then by `X-Error-Message`, then by status.
    async fn refusal(&self, response: Response, repo: Option<&str>, sent_token: bool) -> HubError {
        let status = response.status();
        let code = response
            .headers()
            .get("x-error-code")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let url = response.url().clone();
        let header_message = response
            .headers()
            .get("x-error-message")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response.text().await.unwrap_or_default();
        let message = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string))
            .or_else(|| header_message.clone())
            .unwrap_or_else(|| body.chars().take(200).collect());
        let name = repo
            .map(|r| format!("`{r}`"))
            .unwrap_or_else(|| "the dataset".into());
        let host = url.host_str().unwrap_or("the Hub").to_string();
        let id = repo.unwrap_or_default().to_string();
        match (status.as_u16(), code.as_str()) {
            (401 | 403, "GatedRepo") => HubError::Gated {
                message: ensure_period(&message),
                access_url: format!("{}datasets/{id}", self.endpoint),
                id,
            },
            // huggingface.co answers this (no code) for every file and tree of a disabled
            // repository; huggingface_hub raises `DisabledRepoError` on exactly this message.
            (403, "") if header_message.as_deref().map(str::trim) == Some(DISABLED_MESSAGE) => {
                HubError::Disabled { id, host }
            }
            // The Hub's answer to an anonymous request for a missing, private or gated-and-
            // hidden repository (huggingface_hub reads any such 401 on a repository URL as
            // "repository not found (or private)"): which of these it is, only a token can tell.
            (401, "" | "RepoNotFound") if !sent_token && repo.is_some() => {
                HubError::NotFoundOrPrivate { id, host }
            }
            (_, "RepoNotFound") => HubError::NotFound {
                kind: NotFoundKind::Repo,
                message: format!(
                    "dataset {name} was not found on {host}: check the id (as on its Hub page), or, if it is private, that your token can see it"
                ),
            },
            (_, "RevisionNotFound") => HubError::NotFound {
                kind: NotFoundKind::Revision,
                message: format!(
                    "{name} has no such revision ({message}); pick a branch, tag or commit that exists"
                ),
            },
            (_, "EntryNotFound") => HubError::NotFound {
                kind: NotFoundKind::Entry,
                message: format!("{name} has no such file or folder ({message})"),
            },
            (401, _) => HubError::Unauthorized { message },
            (404, _) => HubError::NotFound {
                kind: NotFoundKind::Other,
                message: format!("{} was not found ({message})", endpoint_name(&url)),
            },
            _ => HubError::Malformed {
                endpoint: endpoint_name(&url),
                message: format!("HTTP {status}: {message}"),
            },
        }
    }
}

/// The redirect policy's verdict inside a reqwest error, if that is what stopped it.
fn refused_redirect(error: &reqwest::Error) -> Option<RedirectRefused> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = cause {
        if let Some(refused) = error.downcast_ref::<RedirectRefused>() {
            return Some(refused.clone());
        }
        cause = error.source();
    }
    None
}

/// The error for a redirect that was answered but not followed.
fn unfollowed(response: &Response) -> HubError {
    let from = response.url();
    let endpoint = endpoint_name(from);
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok());
    match location.map(|l| from.join(l)) {
        Some(Ok(to)) => match check_redirect(from, &to, 0) {
            Err(reason) => redirect_refused(endpoint, &reason),
            Ok(()) => HubError::Malformed {
                endpoint,
                message: format!(
                    "HTTP {} redirect that could not be followed",
                    response.status()
                ),
            },
        },
        _ => HubError::Malformed {
            endpoint,
            message: format!("HTTP {} without a usable Location", response.status()),
        },
    }
}

/// Reads a whole body; a connection lost on the way is reported as offline.
pub async fn body(response: Response, url: &Url) -> Result<bytes::Bytes, HubError> {
    response.bytes().await.map_err(|error| HubError::Offline {
        endpoint: endpoint_name(url),
        message: root_cause(&error),
    })
}

/// Decodes a JSON body, naming the endpoint when it is not what we expect.
pub async fn json<T: DeserializeOwned>(response: Response, url: &Url) -> Result<T, HubError> {
    let bytes = body(response, url).await?;
    serde_json::from_slice(&bytes).map_err(|error| HubError::Malformed {
        endpoint: endpoint_name(url),
        message: error.to_string(),
    })
}

/// `X-Error-Message` of a disabled repository's files and tree (huggingface.co, 2025).
const DISABLED_MESSAGE: &str = "Access to this resource is disabled.";

fn ensure_period(message: &str) -> String {
    let message = message.trim();
    if message.ends_with('.') {
        message.to_string()
    } else {
        format!("{message}.")
    }
}

#[cfg(test)]
mod tests {
    use crate::{HubClient, HubConfig};

    /// Sync jobs and the desktop spawn the Hub's requests, retry loop included: their futures
    /// must stay `Send`.
    #[test]
    fn requests_can_be_spawned() {
        fn spawnable<F: Future + Send>(_: F) {}
        let client = HubClient::new(HubConfig::new("http://127.0.0.1:9")).unwrap();
        spawnable(client.dataset_json::<serde_json::Value>("a/b", "main", "x.json"));
        spawnable(client.file_metadata("a/b", "main", "x.json"));
        spawnable(client.splits("a/b"));
    }
}
