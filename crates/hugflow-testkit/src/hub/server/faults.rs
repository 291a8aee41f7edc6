//! Fault injection, changeable while the server runs: added latency, a bandwidth, file downloads
//! held until released, the next N requests
//! answered with 429 (with the Hub's `RateLimit` headers), 5xx or malformed JSON (optionally
//! only under a path prefix), and corrupted CDN bytes for a file. Also the middleware that
//! applies them and writes the request log.
//!
//! A hostile Hub (or mirror at `HF_ENDPOINT`) too: [`Faults::tamper_tree_entry`] rewrites fields
//! of one entry of a dataset's tree answers (the real shape, one value changed: a traversing
//! `path` or `oid`, an absurd `size`), and [`Faults::redirect_resolve`] answers a file's
//! `/resolve/` with a 302 to anywhere (as the Hub's LFS redirect to its CDN does, but to
//! `file:///etc/passwd`, plain http, or back to itself).
//!
//! Rate limits: besides the next-N-requests 429s, [`Faults::resolver_budget`] (and
//! [`Faults::budget`] for the other buckets) meters a bucket per fixed window as the real Hub
//! does (see `ratelimit.rs`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use tokio::sync::watch;

use super::log::{Listener, LoggedRequest};
use super::ratelimit::{Meter, RateBucket, Verdict, too_many_requests};
use super::state::Shared;

/// A handle to a running fake Hub's faults; cheap to clone, usable from any thread.
#[derive(Debug, Clone)]
pub struct Faults {
    state: Arc<Mutex<FaultState>>,
    /// Whether file downloads wait before they answer (see [`Faults::hold_files`]).
    held: Arc<watch::Sender<bool>>,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            state: Arc::default(),
            held: Arc::new(watch::Sender::new(false)),
        }
    }
}

#[derive(Debug, Default)]
struct FaultState {
    latency: Duration,
    bandwidth: Option<u64>,
    ignored_ranges: u32,
    rules: Vec<Rule>,
    corruptions: Vec<(String, u32)>,
    /// `(dataset id, entry path, fields to set)`.
    tampered: Vec<(String, String, Map<String, Value>)>,
    /// `(file path, Location)`.
    redirects: Vec<(String, String)>,
    /// Metered buckets, at most one meter each.
    meters: Vec<Meter>,
}

#[derive(Debug)]
struct Rule {
    prefix: Option<String>,
    remaining: u32,
    action: Action,
}

/// What a fault rule answers instead of the real response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    RateLimit { retry_after: u64 },
    Status(u16),
    MalformedJson,
}

impl Faults {
    /// Adds `latency` before every response (zero to stop).
    pub fn set_latency(&self, latency: Duration) {
        self.lock().latency = latency;
    }

    /// Paces every file body started from now on to `bytes_per_second` (`None` for full
    /// speed), as a slow link would: a killed client then has little in flight.
    pub fn set_bandwidth(&self, bytes_per_second: Option<u64>) {
        self.lock().bandwidth = bytes_per_second;
    }

    pub(crate) fn bandwidth(&self) -> Option<u64> {
        self.lock().bandwidth
    }

    /// From now on, every file download (the Hub's `/resolve/` and the CDN's answers) waits
    /// before it answers, until [`release_files`](Self::release_files): a sync then stays
    /// running for as long as a test looks at it, however slow the machine is (a bandwidth
    /// only makes that likely).
    pub fn hold_files(&self) {
        self.held.send_replace(true);
    }

    /// Lets held and later file downloads answer.
    pub fn release_files(&self) {
        self.held.send_replace(false);
    }

    async fn wait_while_held(&self) {
        let mut held = self.held.subscribe();
        // The sender lives as long as `self`, so the wait cannot fail.
        let _ = held.wait_for(|held| !held).await;
    }

    /// The next `count` requests (whose path starts with `prefix`, if given) get 429 with
    /// `Retry-After: retry_after` seconds and `RateLimit: "<bucket>";r=0;t=<retry_after>`.
    pub fn rate_limit(&self, count: u32, retry_after: u64, prefix: Option<&str>) {
        self.add(count, prefix, Action::RateLimit { retry_after });
    }

    /// The next `count` requests (under `prefix`, if given) get `status` (500, 502, 503, ...).
    pub fn fail(&self, count: u32, status: u16, prefix: Option<&str>) {
        self.add(count, prefix, Action::Status(status));
    }

    /// The next `count` requests under `prefix` get `200` with the truncated JSON
    /// `{"truncated": [`.
    pub fn malformed_json(&self, count: u32, prefix: &str) {
        self.add(count, Some(prefix), Action::MalformedJson);
    }

    /// The next `count` CDN downloads of a file (named by its repository path, e.g.
    /// `data/train-00000-of-00001.parquet`, or its sha256) get one byte flipped: the middle
    /// byte of what each answer sends (of the file, or of the range asked for).
    pub fn corrupt_cdn(&self, file: &str, count: u32) {
        self.lock().corruptions.push((file.to_string(), count));
    }

    /// The next `count` CDN requests with a `Range` header get the whole file (200), as
    /// servers that do not support ranges answer.
    pub fn ignore_ranges(&self, count: u32) {
        self.lock().ignored_ranges = count;
    }

    fn take_ignored_range(&self) -> bool {
        let mut state = self.lock();
        let take = state.ignored_ranges > 0;
        state.ignored_ranges = state.ignored_ranges.saturating_sub(1);
        take
    }

    /// From now on, the tree answers of dataset `id` carry `fields` in the entry at `path`
    /// (replacing or adding them; the entry keeps the path it is matched by unless `fields`
    /// sets one), e.g. `{"oid": "../../x"}`, `{"path": "../x"}` or `{"size": 1 << 62}`.
    pub fn tamper_tree_entry(&self, id: &str, path: &str, fields: Value) {
        let fields = match fields {
            Value::Object(fields) => fields,
            other => panic!("tamper_tree_entry takes a JSON object of fields, not {other}"),
        };
        self.lock()
            .tampered
            .push((id.to_string(), path.to_string(), fields));
    }

    /// Applies [`tamper_tree_entry`](Self::tamper_tree_entry) rules to one page of `id`'s tree.
    pub(crate) fn tamper_tree(&self, id: &str, entries: &mut [Value]) {
        let state = self.lock();
        for (_, path, fields) in state.tampered.iter().filter(|(d, _, _)| d == id) {
            for entry in entries.iter_mut().filter(|e| e["path"] == path.as_str()) {
                if let Value::Object(entry) = entry {
                    entry.extend(fields.clone());
                }
            }
        }
    }

    /// From now on, `GET|HEAD …/resolve/<rev>/…<file>` answers `302 Found` with
    /// `Location: <location>` (absolute, or relative to the request as the Hub's renamed-repo
    /// redirects are). Any revision; `file` is matched as the end of the URL path, so
    /// `README.md` also matches `docs/README.md`. A location that resolves to the same URL
    /// makes a redirect loop.
    pub fn redirect_resolve(&self, file: &str, location: &str) {
        self.lock()
            .redirects
            .push((file.to_string(), location.to_string()));
    }

    fn take_redirect(&self, path: &str) -> Option<String> {
        let (_, tail) = path.split_once("/resolve/")?;
        let state = self.lock();
        state
            .redirects
            .iter()
            .find(|(file, _)| tail.ends_with(&format!("/{file}")))
            .map(|(_, location)| location.clone())
    }

    /// From now on, meters `bucket` at `quota` requests per fixed `window` (the real Hub: 5
    /// minutes), replacing an earlier budget of the bucket: its answers carry `RateLimit` and
    /// `RateLimit-Policy`, and once the window's quota is used up it answers 429 until the
    /// window resets.
    pub fn budget(&self, bucket: RateBucket, quota: u64, window: Duration) {
        let mut state = self.lock();
        state.meters.retain(|m| m.bucket() != bucket);
        state.meters.push(Meter::new(bucket, quota, window));
    }

    /// [`budget`](Self::budget) of the `resolvers` bucket (`/resolve/` URLs), e.g.
    /// `resolver_budget(20, Duration::from_secs(10))` for a test of a 60-file sync.
    pub fn resolver_budget(&self, quota: u64, window: Duration) {
        self.budget(RateBucket::Resolvers, quota, window);
    }

    /// Counts a request to `path` in its bucket, when the bucket is metered.
    fn meter(&self, path: &str) -> Option<Verdict> {
        let bucket = RateBucket::of(path);
        let mut state = self.lock();
        let meter = state.meters.iter_mut().find(|m| m.bucket() == bucket)?;
        Some(meter.count(std::time::Instant::now()))
    }

    /// Removes every fault, budget, hold and the latency.
    pub fn clear(&self) {
        *self.lock() = FaultState::default();
        self.release_files();
    }

    fn add(&self, count: u32, prefix: Option<&str>, action: Action) {
        self.lock().rules.push(Rule {
            prefix: prefix.map(str::to_string),
            remaining: count,
            action,
        });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn latency(&self) -> Duration {
        self.lock().latency
    }

    /// Consumes one use of the first rule matching `path`.
    fn take(&self, path: &str) -> Option<Action> {
        let mut state = self.lock();
        let rule = state.rules.iter_mut().find(|rule| {
            rule.remaining > 0 && rule.prefix.as_deref().is_none_or(|p| path.starts_with(p))
        })?;
        rule.remaining -= 1;
        let action = rule.action;
        state.rules.retain(|rule| rule.remaining > 0);
        Some(action)
    }

    /// Consumes one corruption of the file at `path` with content `sha256`, if one is set.
    pub(crate) fn take_corruption(&self, path: &str, sha256: &str) -> bool {
        let mut state = self.lock();
        let Some(slot) = state
            .corruptions
            .iter_mut()
            .find(|(file, count)| *count > 0 && (file == path || file == sha256))
        else {
            return false;
        };
        slot.1 -= 1;
        state.corruptions.retain(|(_, count)| *count > 0);
        true
    }
}

impl Action {
    fn response(self, path: &str) -> Response {
        match self {
            // The injected 429 names the bucket of the request and the real Hub's policy
            // shape (a quota of 3000 per 5 minutes).
            Self::RateLimit { retry_after } => too_many_requests(
                RateBucket::of(path),
                retry_after,
                3000,
                Duration::from_secs(300),
            ),
            Self::Status(code) => {
                let status =
                    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let mut response = if code == 500 {
                    (
                        status,
                        "{\"error\":\"Internal Error - We're working hard to fix this as soon as possible!\"}",
                    )
                        .into_response()
                } else {
                    let reason = status.canonical_reason().unwrap_or("Error");
                    let html = format!(
                        "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} {reason}</h1></center>\r\n</body>\r\n</html>\r\n"
                    );
                    (status, html).into_response()
                };
                let content_type = if code == 500 {
                    "application/json; charset=utf-8"
                } else {
                    "text/html"
                };
                response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
                response
            }
            Self::MalformedJson => {
                let mut response =
                    (StatusCode::OK, Body::from("{\"truncated\": [")).into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json; charset=utf-8"),
                );
                response
            }
        }
    }
}

/// A `302 Found` to `location`, shaped like the Hub's LFS redirect.
fn redirect_response(location: &str) -> Response {
    let body = format!("Found. Redirecting to {location}");
    let mut response = (StatusCode::FOUND, body).into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// Middleware for both listeners: latency, faults, `X-Request-Id`, and the request log.
pub async fn layer(
    State((state, listener)): State<(Arc<Shared>, Listener)>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let path_and_query = request
        .uri()
        .path_and_query()
        .map_or_else(|| path.clone(), |p| p.as_str().to_string());
    let method = request.method().to_string();
    let authorization = request.headers().contains_key(header::AUTHORIZATION);
    let range = request
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    // Only the CDN's answers carry an LFS file's bytes; a Hub redirect ignores ranges anyway.
    if range.is_some() && listener == Listener::Cdn && state.faults.take_ignored_range() {
        request.headers_mut().remove(header::RANGE);
    }
    let latency = state.faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if listener == Listener::Cdn || path.contains("/resolve/") {
        state.faults.wait_while_held().await;
    }
    let redirect = match listener {
        Listener::Hub => state.faults.take_redirect(&path),
        Listener::Cdn => None,
    };
    let mut response = match (redirect, state.faults.take(&path)) {
        (Some(location), _) => redirect_response(&location),
        (None, Some(action)) => action.response(&path),
        (None, None) => {
            // Only the Hub's own answers are metered, never the CDN's.
            let verdict = match listener {
                Listener::Hub => state.faults.meter(&path),
                _ => None,
            };
            match verdict {
                Some(verdict) if verdict.refused() => verdict.response(),
                Some(verdict) => {
                    let mut response = next.run(request).await;
                    verdict.stamp(&mut response);
                    response
                }
                None => next.run(request).await,
            }
        }
    };
    let id = state.next_request_id();
    response.headers_mut().insert(
        HeaderName::from_static("x-request-id"),
        HeaderValue::from_str(&format!("Root=1-testkit-{id:012x}")).expect("ASCII"),
    );
    state.log.push(LoggedRequest {
        listener,
        method,
        path: path_and_query,
        authorization,
        range,
        status: response.status().as_u16(),
    });
    response
}
