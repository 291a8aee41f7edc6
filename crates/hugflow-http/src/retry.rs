//! When to try again and how long to wait: exponential backoff with jitter, or exactly what
//! the server asks for in `Retry-After` / `RateLimit: "resolvers";r=0;t=N`.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::ratelimit::{MAX_RATE_LIMIT_SECONDS, rate_limit};

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// A server-requested wait longer than this is not waited out: the error says when to
    /// retry instead of freezing the caller.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Fast retries for tests.
    pub fn quick() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(50),
            max_wait: Duration::from_secs(5),
        }
    }

    /// The delay before attempt `attempt + 1` (`attempt` counts from 1).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exponential = self
            .base_delay
            .saturating_mul(1 << attempt.saturating_sub(1).min(16));
        let capped = exponential.min(self.max_delay);
        // Up to 25 % jitter so many clients do not retry in lockstep.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        capped + capped.mul_f64(f64::from(nanos % 1000) / 4000.0)
    }
}

pub fn is_retryable(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
}

/// The wait the server asked for: `Retry-After` seconds, else the `t=` of a `RateLimit`
/// header whose remaining count `r` is 0 (or absent). Waits longer than
/// [`MAX_RATE_LIMIT_SECONDS`] are garbage and ignored.
pub fn requested_wait(headers: &HeaderMap) -> Option<Duration> {
    let retry_after = headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| *s <= MAX_RATE_LIMIT_SECONDS);
    if let Some(seconds) = retry_after {
        return Some(Duration::from_secs(seconds));
    }
    rate_limit(headers)
        .filter(|limit| matches!(limit.remaining, None | Some(0)))
        .map(|limit| limit.reset)
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    #[test]
    fn reads_both_headers() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "ratelimit",
            HeaderValue::from_static("\"resolvers\";r=0;t=7"),
        );
        assert_eq!(requested_wait(&headers), Some(Duration::from_secs(7)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(requested_wait(&headers), Some(Duration::from_secs(3)));
        let mut plenty = HeaderMap::new();
        plenty.insert("ratelimit", HeaderValue::from_static("\"api\";r=99;t=30"));
        assert_eq!(requested_wait(&plenty), None);
        // A hostile wait must not reach `Instant::now() + wait` (which would overflow).
        let mut absurd = HeaderMap::new();
        absurd.insert(
            RETRY_AFTER,
            HeaderValue::from_static("18446744073709551615"),
        );
        absurd.insert(
            "ratelimit",
            HeaderValue::from_static("\"resolvers\";r=0;t=18446744073709551615"),
        );
        assert_eq!(requested_wait(&absurd), None);
    }

    #[test]
    fn backoff_grows_and_caps() {
        let policy = RetryPolicy::default();
        assert!(
            policy.backoff(1) >= Duration::from_millis(500)
                && policy.backoff(1) < Duration::from_millis(700)
        );
        assert!(policy.backoff(3) >= Duration::from_secs(2));
        assert!(policy.backoff(30) <= Duration::from_secs(10));
    }
}
