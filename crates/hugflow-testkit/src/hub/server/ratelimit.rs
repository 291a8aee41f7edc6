//! Rate limits as huggingface.co counts them (<https://huggingface.co/docs/hub/rate-limits>):
//! requests are metered per fixed window (5 minutes on the real Hub) in three buckets, `api`
//! (`/api/...`), `resolvers` (every URL with a `/resolve/` segment) and `pages` (the rest);
//! every answer of a metered bucket carries where the caller stands,
//!
//! ```text
//! RateLimit: "resolvers";r=4990;t=55
//! RateLimit-Policy: "fixed window";"resolvers";q=5000;w=300
//! ```
//!
//! and once the window's quota is used up the Hub answers `429` with `Retry-After`, `RateLimit`
//! `r=0` and the JSON error below until the window resets (header and error shapes as
//! huggingface_hub issue #3553 and PR #3570 record them). A window starts at its first request
//! and lasts `w` seconds; `t` is the seconds left, rounded up, so a client that waits `t` finds
//! the new window. Refused requests do not use up the next window.
//!
//! The fake meters only buckets a test gives a budget (e.g. `faults().resolver_budget(20,
//! 10 s)`), so tests that do not ask see the unmetered Hub they always saw. The CDN is not the
//! Hub and is never metered.

use std::time::{Duration, Instant};

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// A rate-limit bucket of the Hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateBucket {
    Api,
    Resolvers,
    Pages,
}

impl RateBucket {
    /// The bucket the Hub counts a request to `path` in.
    pub fn of(path: &str) -> Self {
        if path.contains("/resolve/") {
            Self::Resolvers
        } else if path.starts_with("/api/") {
            Self::Api
        } else {
            Self::Pages
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::Resolvers => "resolvers",
            Self::Pages => "pages",
        }
    }
}

/// One bucket's budget and its current window.
#[derive(Debug)]
pub(crate) struct Meter {
    bucket: RateBucket,
    quota: u64,
    window: Duration,
    started: Option<Instant>,
    used: u64,
}

/// Where one request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verdict {
    bucket: RateBucket,
    quota: u64,
    window: Duration,
    /// Calls left after this one; `None` when this one is refused.
    remaining: Option<u64>,
    /// Seconds until the window resets, rounded up.
    reset: u64,
}

impl Meter {
    pub fn new(bucket: RateBucket, quota: u64, window: Duration) -> Self {
        Self {
            bucket,
            quota,
            window: window.max(Duration::from_secs(1)),
            started: None,
            used: 0,
        }
    }

    pub fn bucket(&self) -> RateBucket {
        self.bucket
    }

    /// Counts one request at `now`, or refuses it when the window's quota is used up.
    pub fn count(&mut self, now: Instant) -> Verdict {
        let started = match self.started {
            Some(started) if now < started + self.window => started,
            _ => {
                self.started = Some(now);
                self.used = 0;
                now
            }
        };
        let left = (started + self.window).saturating_duration_since(now);
        let reset = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        let remaining = (self.used < self.quota).then(|| {
            self.used += 1;
            self.quota - self.used
        });
        Verdict {
            bucket: self.bucket,
            quota: self.quota,
            window: self.window,
            remaining,
            reset: reset.max(1),
        }
    }
}

impl Verdict {
    pub fn refused(&self) -> bool {
        self.remaining.is_none()
    }

    /// Adds `RateLimit` and `RateLimit-Policy` to an answer.
    pub fn stamp(&self, response: &mut Response) {
        stamp(
            response,
            self.bucket,
            self.remaining.unwrap_or(0),
            self.reset,
            self.quota,
            self.window,
        );
    }

    /// The 429 of a used-up window.
    pub fn response(&self) -> Response {
        too_many_requests(self.bucket, self.reset, self.quota, self.window)
    }
}

fn stamp(
    response: &mut Response,
    bucket: RateBucket,
    remaining: u64,
    reset: u64,
    quota: u64,
    window: Duration,
) {
    let name = bucket.name();
    let headers = response.headers_mut();
    let mut set = |header: &'static str, value: String| {
        headers.insert(
            HeaderName::from_static(header),
            HeaderValue::from_str(&value).expect("ASCII header"),
        );
    };
    set("ratelimit", format!("\"{name}\";r={remaining};t={reset}"));
    set(
        "ratelimit-policy",
        format!(
            "\"fixed window\";\"{name}\";q={quota};w={}",
            window.as_secs()
        ),
    );
}

/// The Hub's 429: `RateLimit` with `r=0`, `RateLimit-Policy`, `Retry-After` and its JSON error.
pub(crate) fn too_many_requests(
    bucket: RateBucket,
    retry_after: u64,
    quota: u64,
    window: Duration,
) -> Response {
    let body = format!(
        "{{\"error\":\"You have exceeded our hourly quotas for action '{}'. \
         We invite you to retry later.\"}}",
        bucket.name()
    );
    let mut response = (StatusCode::TOO_MANY_REQUESTS, body).into_response();
    stamp(&mut response, bucket, 0, retry_after, quota, window);
    let headers = response.headers_mut();
    headers.insert(
        HeaderName::from_static("retry-after"),
        HeaderValue::from(retry_after),
    );
    headers.insert(
        HeaderName::from_static("content-type"),
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_the_hubs() {
        assert_eq!(
            RateBucket::of("/datasets/a/b/resolve/main/x.parquet"),
            RateBucket::Resolvers
        );
        assert_eq!(
            RateBucket::of("/api/datasets/a/b/tree/main"),
            RateBucket::Api
        );
        assert_eq!(RateBucket::of("/datasets/a/b"), RateBucket::Pages);
    }

    #[test]
    fn a_window_counts_down_refuses_then_resets() {
        let start = Instant::now();
        let mut meter = Meter::new(RateBucket::Resolvers, 2, Duration::from_secs(10));
        let first = meter.count(start);
        assert_eq!((first.remaining, first.reset), (Some(1), 10));
        let second = meter.count(start + Duration::from_millis(2500));
        assert_eq!((second.remaining, second.reset), (Some(0), 8));
        let third = meter.count(start + Duration::from_secs(3));
        assert!(third.refused());
        assert_eq!(third.reset, 7);
        // Refusals do not count: the next window has its whole quota.
        let next = meter.count(start + Duration::from_secs(10));
        assert_eq!((next.remaining, next.reset), (Some(1), 10));
    }

    #[test]
    fn answers_carry_the_real_header_shapes() {
        let mut meter = Meter::new(RateBucket::Resolvers, 5000, Duration::from_secs(300));
        let verdict = meter.count(Instant::now());
        let mut response = StatusCode::OK.into_response();
        verdict.stamp(&mut response);
        let header = |r: &Response, name: &str| r.headers()[name].to_str().unwrap().to_string();
        assert_eq!(header(&response, "ratelimit"), "\"resolvers\";r=4999;t=300");
        assert_eq!(
            header(&response, "ratelimit-policy"),
            "\"fixed window\";\"resolvers\";q=5000;w=300"
        );
        let refused = too_many_requests(RateBucket::Api, 55, 500, Duration::from_secs(300));
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(header(&refused, "ratelimit"), "\"api\";r=0;t=55");
        assert_eq!(header(&refused, "retry-after"), "55");
    }
}
