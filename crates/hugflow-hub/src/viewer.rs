//! The dataset viewer (datasets-server): splits, first rows, sizes, features.
//!
//! The viewer lives on an origin of its own (`https://datasets-server.huggingface.co` for
//! huggingface.co, `HF_VIEWER_ENDPOINT` or the desktop's setting otherwise). The real viewer
//! answers gated and private datasets `401 ExternalUnauthenticatedError` without a token, so
//! the HF token goes to it too: to exactly the Hub's origin (see `http`) and this one, never
//! to a redirect target on another origin (reqwest drops `Authorization` on such a hop, and
//! the token is only attached when the request's own origin is the viewer's).
//!
//! Its refusals are its own protocol: `X-Error-Code` and `{"error": ...}` as
//! huggingface/dataset-viewer's `libapi` sends them (`ExternalUnauthenticatedError` 401,
//! `ExternalAuthenticatedError` 404, `ResponseNotReady` 500, 501 for datasets it does not
//! process: blocked ones, too many configs). [`viewer_refusal`] reads them; none becomes an
//! empty answer.

use hugflow_core::config::Secret;
use hugflow_http::{
    Attempt, Outcome, RetryPolicy, endpoint_name, is_retryable, requested_wait, root_cause,
};
use reqwest::StatusCode;
use url::{Origin, Url};

use crate::models::{FirstRows, SizeReport, Splits, ViewerInfo};
use crate::{HubClient, HubConfig, HubError, NotFoundKind, ViewerRefusal, http};

/// The viewer's connection: its own origin and the token that may go there.
#[derive(Debug, Clone)]
pub(crate) struct ViewerHttp {
    client: reqwest::Client,
    base: Url,
    origin: Origin,
    token: Option<Secret>,
    /// The Hub has a token that is not sent here (it was saved for another viewer origin).
    withheld: bool,
    retry: RetryPolicy,
    /// The Hub's endpoint, for access links in errors.
    hub: Url,
}

impl ViewerHttp {
    pub(crate) fn new(config: &HubConfig, base: Url, hub: Url) -> Result<Self, HubError> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("hugflow/", env!("CARGO_PKG_VERSION")))
            .timeout(config.timeout)
            .connect_timeout(std::time::Duration::from_secs(10))
            .redirect(hugflow_http::redirect_policy())
            .build()
            .map_err(|error| HubError::Config {
                message: format!("cannot set up HTTP: {error}"),
            })?;
        Ok(Self {
            client,
            origin: base.origin(),
            base,
            token: config.viewer_token.clone(),
            withheld: config.token.is_some() && config.viewer_token.is_none(),
            retry: config.retry.clone(),
            hub,
        })
    }

    pub(crate) fn base(&self) -> &Url {
        &self.base
    }

    /// `GET /healthcheck`, which datasets-server answers `ok` (no token needed, none sent).
    pub(crate) async fn healthcheck(&self) -> Result<(), HubError> {
        let url = self.base.join("healthcheck").expect("a valid path");
        let endpoint = endpoint_name(&url);
        let response = self
            .client
            .get(url)
            .send()
            .await
            .map_err(|error| HubError::Offline {
                endpoint: endpoint.clone(),
                message: format!(
                    "{}; check the network or the viewer endpoint",
                    root_cause(&error)
                ),
            })?;
        match response.status() {
            status if status.is_success() => Ok(()),
            status => Err(HubError::Malformed {
                endpoint,
                message: format!(
                    "HTTP {status}: no dataset viewer answers there; check the viewer endpoint"
                ),
            }),
        }
    }

    /// GETs `url` (on the viewer), retrying what the Hub's client retries except the viewer's
    /// own "not ready" and "not supported" answers, which say something a retry will not fix.
    async fn get<T: serde::de::DeserializeOwned>(&self, url: Url, id: &str) -> Result<T, HubError> {
        let (retry, url) = (&self.retry, &url);
        hugflow_http::retry(retry, |attempt: Attempt| async move {
            let sends_token = self.token.is_some() && url.origin() == self.origin;
            let mut request = self.client.get(url.clone());
            if let Some(token) = self.token.as_ref().filter(|_| sends_token) {
                request = request.bearer_auth(token.expose());
            }
            let endpoint = endpoint_name(url);
            let response = match request.send().await {
                Ok(response) => response,
                Err(error) if error.is_redirect() => {
                    return Outcome::Done(Err(HubError::Untrusted {
                        endpoint,
                        message: format!("{}; check the viewer endpoint", root_cause(&error)),
                    }));
                }
                Err(error) => {
                    let offline = HubError::Offline {
                        endpoint,
                        message: format!(
                            "{}; check the network or the viewer endpoint (HF_VIEWER_ENDPOINT)",
                            root_cause(&error)
                        ),
                    };
                    // As the Hub's client: a refused connection gets one retry.
                    if error.is_connect() && attempt.number >= 2
                        || !error.is_timeout() && !error.is_connect()
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
            if status.is_success() {
                return Outcome::Done(http::json(response, url).await);
            }
            let code = response
                .headers()
                .get("x-error-code")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            let own_answer = code == "ResponseNotReady" || status == StatusCode::NOT_IMPLEMENTED;
            let retryable = is_retryable(status) && !own_answer;
            let wait =
                requested_wait(response.headers()).unwrap_or_else(|| retry.backoff(attempt.number));
            // The last answer is the viewer's refusal, whatever wait it asks for.
            if retryable
                && !attempt.last
                && status == StatusCode::TOO_MANY_REQUESTS
                && wait > retry.max_wait
            {
                return Outcome::Done(Err(HubError::RateLimited {
                    endpoint,
                    retry_after: wait,
                }));
            }
            let body = response.text().await.unwrap_or_default();
            let message = serde_json::from_str::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string))
                .unwrap_or_else(|| body.chars().take(200).collect());
            let asked = Asked {
                id,
                endpoint: url,
                hub: &self.hub,
                sent_token: sends_token,
                withheld: self.withheld,
            };
            let refusal = viewer_refusal(status.as_u16(), &code, &message, &asked);
            if retryable {
                Outcome::Retry {
                    error: refusal,
                    wait: Some(wait),
                }
            } else {
                Outcome::Done(Err(refusal))
            }
        })
        .await
    }
}

/// Parts of the `X-Error-Code`s datasets-server answers (501) for a dataset beyond its limits:
/// `DatasetWithTooManyConfigsError`, `DatasetWithTooManySplitsError`,
/// `DatasetWithTooManyParquetFilesError`, `TooBigContentError`, `DatasetTooBigFrom...`.
const TOO_MUCH: [&str; 2] = ["TooMany", "TooBig"];

/// What was asked of the viewer, for the error that names it.
#[derive(Debug, Clone, Copy)]
pub struct Asked<'a> {
    pub id: &'a str,
    pub endpoint: &'a Url,
    /// The Hub's endpoint (access links).
    pub hub: &'a Url,
    /// Whether this request carried the token.
    pub sent_token: bool,
    /// Whether a token exists that was not sent here (saved for another viewer origin).
    pub withheld: bool,
}

/// The viewer's refusal, by its `X-Error-Code` (huggingface/dataset-viewer, `libapi`), as an
/// error that says what it means and what to do. Never an empty answer.
pub fn viewer_refusal(status: u16, code: &str, message: &str, asked: &Asked<'_>) -> HubError {
    let host = asked.endpoint.host_str().unwrap_or("the dataset viewer");
    let host = match asked.endpoint.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    };
    let id = asked.id;
    let refused = |refusal: ViewerRefusal, message: String| HubError::Viewer { refusal, message };
    match (status, code) {
        (401, _) if asked.withheld => HubError::Config {
            message: format!(
                "the dataset viewer at {host} shows `{id}` only with a token, and the Hugging Face token is not sent there: it was saved for another viewer endpoint; save the token again in Settings (or set HF_TOKEN)"
            ),
        },
        // libapi's auth check: `401 ExternalUnauthenticatedError` to a request without a token.
        (401, _) if !asked.sent_token => refused(
            ViewerRefusal::Unauthenticated,
            format!(
                "the dataset viewer at {host} shows `{id}` only with a token (it is gated or private, or does not exist; ExternalUnauthenticatedError): set a Hugging Face token the viewer accepts in Settings or HF_TOKEN"
            ),
        ),
        (401, _) => HubError::Unauthorized {
            message: format!("the dataset viewer at {host} refused it: {message}"),
        },
        // The real viewer says 404 rather than 403 here, so as not to tell whether it exists.
        (404, "ExternalAuthenticatedError") => HubError::Gated {
            id: id.to_string(),
            message: format!(
                "The dataset viewer at {host} will not show `{id}` to this token (ExternalAuthenticatedError)."
            ),
            access_url: format!("{}datasets/{id}", asked.hub),
        },
        // `500 ResponseNotReady`: computed later; not an outage, so not `Server`.
        (_, "ResponseNotReady") => refused(
            ViewerRefusal::NotReady,
            format!(
                "the dataset viewer at {host} has not computed its {} answer for `{id}` yet (ResponseNotReady): it is not ready; try again in a few minutes",
                asked.endpoint.path()
            ),
        ),
        (_, code) if TOO_MUCH.iter().any(|part| code.contains(part)) => refused(
            ViewerRefusal::TooBig,
            format!(
                "the dataset viewer at {host} does not process `{id}` ({code}: {message}): it has too many subsets or is too big for it; name the subset and split yourself, the files can still be downloaded"
            ),
        ),
        // `501 DatasetInBlockListError`, and the other 501 "not supported" codes.
        (501, _) => refused(
            ViewerRefusal::Blocked,
            format!(
                "the dataset viewer at {host} does not process `{id}` ({}: {message}); it may be blocked there. Its files can still be downloaded; name the subset and split yourself",
                if code.is_empty() { "501" } else { code }
            ),
        ),
        (404, _) => HubError::NotFound {
            kind: NotFoundKind::Other,
            message: format!(
                "the dataset viewer at {host} has no answer for `{id}` at {} ({message})",
                endpoint_name(asked.endpoint)
            ),
        },
        _ => HubError::Malformed {
            endpoint: endpoint_name(asked.endpoint),
            message: format!(
                "HTTP {status}{}: {message}",
                if code.is_empty() {
                    String::new()
                } else {
                    format!(" {code}")
                }
            ),
        },
    }
}

impl HubClient {
    fn viewer_url(&self, path: &str, params: &[(&str, &str)]) -> Url {
        let mut url = self
            .viewer
            .base()
            .join(path)
            .expect("viewer paths are valid");
        url.query_pairs_mut().extend_pairs(params);
        url
    }

    /// The dataset viewer's endpoint.
    pub fn viewer_endpoint(&self) -> &Url {
        self.viewer.base()
    }

    /// Every config/split the viewer knows.
    pub async fn splits(&self, id: &str) -> Result<Splits, HubError> {
        self.viewer
            .get(self.viewer_url("splits", &[("dataset", id)]), id)
            .await
    }

    /// The features and first rows (about 100) of one split.
    pub async fn first_rows(
        &self,
        id: &str,
        config: &str,
        split: &str,
    ) -> Result<FirstRows, HubError> {
        let url = self.viewer_url(
            "first-rows",
            &[("dataset", id), ("config", config), ("split", split)],
        );
        self.viewer.get(url, id).await
    }

    /// Row counts and byte sizes of the dataset, its configs and splits; with `config`, of
    /// that config and its splits (the viewer then answers `size.config`, not `size.dataset`).
    pub async fn size(&self, id: &str, config: Option<&str>) -> Result<SizeReport, HubError> {
        let mut params = vec![("dataset", id)];
        if let Some(config) = config {
            params.push(("config", config));
        }
        self.viewer.get(self.viewer_url("size", &params), id).await
    }

    /// Features and split sizes, for one config or all of them.
    pub async fn viewer_info(
        &self,
        id: &str,
        config: Option<&str>,
    ) -> Result<ViewerInfo, HubError> {
        let mut params = vec![("dataset", id)];
        if let Some(config) = config {
            params.push(("config", config));
        }
        self.viewer.get(self.viewer_url("info", &params), id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked<'a>(endpoint: &'a Url, hub: &'a Url, sent_token: bool, withheld: bool) -> Asked<'a> {
        Asked {
            id: "org/gated",
            endpoint,
            hub,
            sent_token,
            withheld,
        }
    }

    fn refusal(error: &HubError) -> Option<ViewerRefusal> {
        match error {
            HubError::Viewer { refusal, .. } => Some(*refusal),
            _ => None,
        }
    }

    #[test]
    fn each_viewer_refusal_says_what_it_means() {
        let endpoint =
            Url::parse("https://datasets-server.huggingface.co/splits?dataset=org/gated").unwrap();
        let hub = Url::parse("https://huggingface.co/").unwrap();
        let anonymous = viewer_refusal(
            401,
            "ExternalUnauthenticatedError",
            "The dataset does not exist, or is not accessible without authentication",
            &asked(&endpoint, &hub, false, false),
        );
        assert!(
            matches!(
                anonymous,
                HubError::Viewer {
                    refusal: ViewerRefusal::Unauthenticated,
                    ..
                }
            ),
            "{anonymous:?}"
        );
        let text = anonymous.to_string();
        assert!(
            text.contains("only with a token")
                && text.contains("set a Hugging Face token the viewer accepts"),
            "{text}"
        );
        assert!(
            !text.contains("refused the token"),
            "no token was sent: {text}"
        );

        let withheld = viewer_refusal(
            401,
            "ExternalUnauthenticatedError",
            "x",
            &asked(&endpoint, &hub, false, true),
        )
        .to_string();
        assert!(
            withheld.contains("saved for another viewer endpoint")
                && withheld.contains("save the token again"),
            "{withheld}"
        );

        let refused = viewer_refusal(
            401,
            "ExternalUnauthenticatedError",
            "bad",
            &asked(&endpoint, &hub, true, false),
        );
        assert!(
            matches!(refused, HubError::Unauthorized { .. }),
            "{refused:?}"
        );

        let no_access = viewer_refusal(
            404,
            "ExternalAuthenticatedError",
            "x",
            &asked(&endpoint, &hub, true, false),
        );
        match &no_access {
            HubError::Gated { access_url, .. } => {
                assert_eq!(access_url, "https://huggingface.co/datasets/org/gated")
            }
            other => panic!("{other:?}"),
        }

        let not_ready = viewer_refusal(
            500,
            "ResponseNotReady",
            "The server is busier than usual and the response is not ready yet. Please retry later.",
            &asked(&endpoint, &hub, true, false),
        );
        assert_eq!(refusal(&not_ready), Some(ViewerRefusal::NotReady));
        assert!(
            !not_ready.is_unreachable(),
            "the viewer is up: {not_ready:?}"
        );
        let not_ready = not_ready.to_string();
        assert!(
            not_ready.contains("has not computed its /splits answer")
                && not_ready.contains("not ready; try again in a few minutes"),
            "{not_ready}"
        );

        let blocked = viewer_refusal(
            501,
            "DatasetInBlockListError",
            "This dataset has been disabled for now.",
            &asked(&endpoint, &hub, true, false),
        );
        assert_eq!(refusal(&blocked), Some(ViewerRefusal::Blocked));
        let blocked = blocked.to_string();
        assert!(
            blocked.contains("does not process")
                && blocked.contains("blocked")
                && blocked.contains("DatasetInBlockListError"),
            "{blocked}"
        );

        let too_many = viewer_refusal(
            501,
            "DatasetWithTooManyConfigsError",
            "The maximum number of configs allowed is 3000",
            &asked(&endpoint, &hub, true, false),
        );
        assert_eq!(refusal(&too_many), Some(ViewerRefusal::TooBig));
        let too_many = too_many.to_string();
        assert!(too_many.contains("too many subsets"), "{too_many}");
        let splits = viewer_refusal(
            501,
            "DatasetWithTooManySplitsError",
            "The maximum number of splits allowed is 30",
            &asked(&endpoint, &hub, true, false),
        )
        .to_string();
        assert!(
            splits.contains("too many subsets or is too big"),
            "{splits}"
        );

        let missing = viewer_refusal(
            404,
            "ResponseNotFound",
            "Not found.",
            &asked(&endpoint, &hub, true, false),
        );
        assert!(matches!(missing, HubError::NotFound { .. }), "{missing:?}");
    }
}
