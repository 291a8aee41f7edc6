//! GitHub's requests: its headers, the token (only ever to the API's own origin), which
//! answers are worth another attempt (the loop itself is `hugflow_http::retry`), conditional
//! GETs, rate-limit bookkeeping, and GitHub's error bodies turned into
//! [`GithubError`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use hugflow_core::config::Secret;
use hugflow_http::{
    Attempt, Outcome, RetryPolicy, endpoint_name, is_retryable, requested_wait, root_cause,
};
use reqwest::header::{ETAG, HeaderMap, IF_NONE_MATCH};
use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::GithubError;

/// Entries kept for conditional requests; polling a few dozen PRs stays well below it.
const ETAG_CACHE_ENTRIES: usize = 1024;

/// GitHub's rate-limit headers, as last seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RateLimit {
    pub limit: u64,
    pub remaining: u64,
    /// Unix seconds.
    pub reset: u64,
}

/// A successful answer (fresh, or remembered when GitHub said 304).
#[derive(Debug, Clone)]
pub struct Answer {
    pub headers: HeaderMap,
    pub body: Bytes,
    pub url: Url,
}

impl Answer {
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, GithubError> {
        serde_json::from_slice(&self.body).map_err(|error| GithubError::Malformed {
            endpoint: endpoint_name(&self.url),
            message: error.to_string(),
        })
    }
}

#[derive(Debug)]
struct Cached {
    etag: String,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    token: Option<Secret>,
    retry: RetryPolicy,
    origin: url::Origin,
    etags: Arc<Mutex<HashMap<String, Cached>>>,
    rate_limit: Arc<Mutex<Option<RateLimit>>>,
}

impl Http {
    pub fn new(
        api: &Url,
        token: Option<Secret>,
        retry: RetryPolicy,
        timeout: Duration,
    ) -> Result<Self, GithubError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::ACCEPT,
            "application/vnd.github+json"
                .parse()
                .expect("a valid header"),
        );
        headers.insert(
            "x-github-api-version",
            "2022-11-28".parse().expect("a valid header"),
        );
        let client = reqwest::Client::builder()
            .user_agent(concat!("hugflow/", env!("CARGO_PKG_VERSION")))
            .default_headers(headers)
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|error| GithubError::Config {
                message: format!("cannot set up HTTP: {error}"),
            })?;
        Ok(Self {
            client,
            token,
            retry,
            origin: api.origin(),
            etags: Arc::default(),
            rate_limit: Arc::default(),
        })
    }

    pub fn rate_limit(&self) -> Option<RateLimit> {
        *self.rate_limit.lock().expect("rate limit lock")
    }

    /// A GET that sends `If-None-Match` when it has seen the URL before; a 304 (which GitHub
    /// does not count against the rate limit) returns the remembered body.
    pub async fn get(&self, url: Url) -> Result<Answer, GithubError> {
        self.send(Method::GET, url, None).await
    }

    pub async fn send(
        &self,
        method: Method,
        url: Url,
        body: Option<&serde_json::Value>,
    ) -> Result<Answer, GithubError> {
        let token = self.token.as_ref().ok_or(GithubError::NoToken)?;
        if url.origin() != self.origin {
            return Err(GithubError::Malformed {
                endpoint: url.to_string(),
                message: "the URL is on another host than the configured API".into(),
            });
        }
        let endpoint = endpoint_name(&url);
        let conditional = (method == Method::GET)
            .then(|| self.cached_etag(&url))
            .flatten();
        let (retry, url, method) = (&self.retry, &url, &method);
        let (endpoint, conditional) = (&endpoint, &conditional);
        // Each attempt's future owns copies of these references, so it stays `Send`.
        hugflow_http::retry(retry, |attempt: Attempt| async move {
            let mut request = self
                .client
                .request(method.clone(), url.clone())
                .bearer_auth(token.expose());
            if let Some(etag) = conditional {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = match request.send().await {
                Ok(response) => response,
                Err(error) => {
                    let offline = GithubError::Offline {
                        endpoint: endpoint.clone(),
                        message: root_cause(&error),
                    };
                    // A refused connection rarely heals within seconds: one retry.
                    if error.is_connect() && attempt.number >= 2
                        || !(error.is_timeout() || error.is_connect())
                    {
                        return Outcome::Done(Err(offline));
                    }
                    return Outcome::Retry {
                        error: offline,
                        wait: None,
                    };
                }
            };
            let status = response.status();
            let headers = response.headers().clone();
            self.note_rate_limit(&headers);
            let bytes = match response.bytes().await {
                Ok(bytes) => bytes,
                Err(error) => {
                    return Outcome::Done(Err(GithubError::Offline {
                        endpoint: endpoint.clone(),
                        message: root_cause(&error),
                    }));
                }
            };
            if status == StatusCode::NOT_MODIFIED {
                return Outcome::Done(self.remembered(url).ok_or_else(|| GithubError::Malformed {
                    endpoint: endpoint.clone(),
                    message: "304 Not Modified for a request that was not conditional".into(),
                }));
            }
            if status.is_success() {
                if method == Method::GET {
                    self.remember(url, &headers, &bytes);
                }
                return Outcome::Done(Ok(Answer {
                    headers,
                    body: bytes,
                    url: url.clone(),
                }));
            }
            if let Some(wait) = rate_limited(status, &headers) {
                let error = GithubError::RateLimited {
                    endpoint: endpoint.clone(),
                    retry_after: wait,
                };
                if attempt.last || wait > retry.max_wait {
                    return Outcome::Done(Err(error));
                }
                let number = attempt.number;
                tracing::debug!(%status, attempt = number, ?wait, "waiting out a GitHub rate limit");
                return Outcome::Retry {
                    error,
                    wait: Some(wait),
                };
            }
            if is_retryable(status) {
                // The policy's backoff, not a `Retry-After` (GitHub sends those with limits).
                return Outcome::Retry {
                    error: GithubError::Server {
                        endpoint: endpoint.clone(),
                        status: status.as_u16(),
                        attempts: attempt.number,
                    },
                    wait: None,
                };
            }
            Outcome::Done(Err(refusal(status, &bytes, endpoint.clone())))
        })
        .await
    }

    fn cached_etag(&self, url: &Url) -> Option<String> {
        let cache = self.etags.lock().expect("etag cache lock");
        cache.get(url.as_str()).map(|c| c.etag.clone())
    }

    fn remembered(&self, url: &Url) -> Option<Answer> {
        let cache = self.etags.lock().expect("etag cache lock");
        cache.get(url.as_str()).map(|cached| Answer {
            headers: cached.headers.clone(),
            body: cached.body.clone(),
            url: url.clone(),
        })
    }

    fn remember(&self, url: &Url, headers: &HeaderMap, body: &Bytes) {
        let Some(etag) = headers.get(ETAG).and_then(|v| v.to_str().ok()) else {
            return;
        };
        let mut cache = self.etags.lock().expect("etag cache lock");
        if cache.len() >= ETAG_CACHE_ENTRIES && !cache.contains_key(url.as_str()) {
            cache.clear();
        }
        cache.insert(
            url.to_string(),
            Cached {
                etag: etag.to_string(),
                headers: headers.clone(),
                body: body.clone(),
            },
        );
    }

    fn note_rate_limit(&self, headers: &HeaderMap) {
        let number = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok())
        };
        if let (Some(limit), Some(remaining), Some(reset)) = (
            number("x-ratelimit-limit"),
            number("x-ratelimit-remaining"),
            number("x-ratelimit-reset"),
        ) {
            *self.rate_limit.lock().expect("rate limit lock") = Some(RateLimit {
                limit,
                remaining,
                reset,
            });
        }
    }
}

/// How long GitHub asks us to wait, when a 403 or 429 is a rate limit: `Retry-After` (the
/// secondary limits), else until `X-RateLimit-Reset` when `X-RateLimit-Remaining` is 0.
fn rate_limited(status: StatusCode, headers: &HeaderMap) -> Option<Duration> {
    if status != StatusCode::FORBIDDEN && status != StatusCode::TOO_MANY_REQUESTS {
        return None;
    }
    if let Some(wait) = requested_wait(headers) {
        return Some(wait);
    }
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if header("x-ratelimit-remaining") != Some("0") {
        return (status == StatusCode::TOO_MANY_REQUESTS).then_some(Duration::from_secs(60));
    }
    let reset = header("x-ratelimit-reset")?.parse::<u64>().ok()?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Some(Duration::from_secs(reset.saturating_sub(now).max(1)))
}

/// GitHub's error body: `{"message": ..., "errors": [{"message"|"code"|"field"...}]}`.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: String,
    #[serde(default)]
    errors: Vec<ErrorItem>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ErrorItem {
    Detailed {
        message: Option<String>,
        code: Option<String>,
        field: Option<String>,
    },
    Text(String),
}

impl ErrorItem {
    fn describe(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Detailed {
                message: Some(message),
                ..
            } => message.clone(),
            Self::Detailed { code, field, .. } => format!(
                "{} {}",
                field.as_deref().unwrap_or("a field"),
                code.as_deref().unwrap_or("is invalid")
            ),
        }
    }
}

fn refusal(status: StatusCode, body: &[u8], endpoint: String) -> GithubError {
    let parsed: ErrorBody = serde_json::from_slice(body).unwrap_or_else(|_| ErrorBody {
        message: String::from_utf8_lossy(body).chars().take(200).collect(),
        errors: Vec::new(),
    });
    let message = if parsed.message.is_empty() {
        format!("HTTP {status}")
    } else {
        parsed.message
    };
    match status.as_u16() {
        401 => GithubError::Unauthorized { message },
        403 => GithubError::Forbidden { endpoint, message },
        404 => GithubError::NotFound { endpoint },
        409 => GithubError::Conflict { endpoint, message },
        405 => GithubError::NotMergeable { message },
        422 => {
            let errors: Vec<String> = parsed.errors.iter().map(ErrorItem::describe).collect();
            let message = if errors.is_empty() {
                message
            } else {
                format!("{message}: {}", errors.join("; "))
            };
            GithubError::Validation {
                endpoint,
                message,
                errors,
            }
        }
        _ => GithubError::Malformed {
            endpoint,
            message: format!("HTTP {status}: {message}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Flows and the desktop spawn GitHub requests, retry loop included: their futures must
    /// stay `Send`.
    #[test]
    fn requests_can_be_spawned() {
        fn spawnable<F: Future + Send>(_: F) {}
        let api = Url::parse("http://127.0.0.1:9").unwrap();
        let token = Some(Secret::new("t"));
        let http = Http::new(&api, token, RetryPolicy::quick(), Duration::from_secs(1)).unwrap();
        spawnable(http.get(api.join("user").unwrap()));
    }
}
