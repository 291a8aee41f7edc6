//! The Hub's rate-limit headers, read once for every client.
//!
//! The Hub meters requests per fixed 5-minute window in buckets (`api`, `resolvers` for every
//! URL with a `/resolve/` segment, `pages`; <https://huggingface.co/docs/hub/rate-limits>) and
//! says where a caller stands in two headers that follow the IETF draft
//! `draft-ietf-httpapi-ratelimit-headers`:
//!
//! ```text
//! RateLimit: "api";r=489;t=189
//! RateLimit-Policy: "fixed window";"api";q=500;w=300
//! ```
//!
//! `r` is the calls left, `t` the seconds until the window resets, `q` the calls per window and
//! `w` the window in seconds. The formats are copied from huggingface_hub issue #3553 (the
//! header values above, answered by huggingface.co) and PR #3570, whose `_http.py` reads them
//! with the regexes `r\s*=\s*(\d+)\s*;\s*t\s*=\s*(\d+)` and `q\s*=\s*(\d+).*?w\s*=\s*(\d+)`.
//! Like those regexes, this parser tolerates spaces around `=` and `;`; it also takes the
//! draft's comma-separated lists (the first item that parses wins) and ignores anything it
//! does not understand: a hostile or broken header yields `None`, never a panic.

use std::time::Duration;

use reqwest::header::HeaderMap;

/// Longest reset or window believed: a header claiming more is garbage, and durations this
/// size still add to an `Instant` without overflow.
pub const MAX_RATE_LIMIT_SECONDS: u64 = 24 * 3600;

/// `RateLimit: "<bucket>";r=<remaining>;t=<seconds to reset>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    /// `api`, `resolvers`, `pages`, ...; `None` when the item names none.
    pub bucket: Option<String>,
    /// Calls left in this window; `None` when only `t` was given.
    pub remaining: Option<u64>,
    /// Until the window resets.
    pub reset: Duration,
}

/// `RateLimit-Policy: "fixed window";"<bucket>";q=<quota>;w=<window seconds>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitPolicy {
    pub bucket: Option<String>,
    /// Calls per window.
    pub quota: u64,
    pub window: Duration,
}

/// Both headers of one answer: where a caller stands in one bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub limit: RateLimit,
    /// Present when the answer carried a policy for the same bucket (or an unnamed one).
    pub policy: Option<RateLimitPolicy>,
}

impl Budget {
    /// The bucket the budget is for, as the `RateLimit` header names it.
    pub fn bucket(&self) -> Option<&str> {
        self.limit.bucket.as_deref()
    }
}

/// One item of a header: its quoted names and its `key=value` parameters (numbers only).
struct Item<'a> {
    names: Vec<&'a str>,
    params: Vec<(&'a str, Option<u64>)>,
}

impl Item<'_> {
    /// The first value of `key`; `Some(None)` when present but not a number that fits.
    fn param(&self, key: &str) -> Option<Option<u64>> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| *v)
    }

    /// The bucket: the last quoted name (`"fixed window";"api"` names the policy type first).
    fn bucket(&self) -> Option<String> {
        self.names.last().map(|name| (*name).to_string())
    }
}

fn items(value: &str) -> impl Iterator<Item = Item<'_>> {
    value.split(',').map(|item| {
        let mut names = Vec::new();
        let mut params = Vec::new();
        for part in item.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            if let Some(name) = part.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
                names.push(name);
            } else if let Some((key, value)) = part.split_once('=') {
                params.push((key.trim(), value.trim().parse::<u64>().ok()));
            } else {
                // A bare token (the draft allows tokens as names).
                names.push(part);
            }
        }
        Item { names, params }
    })
}

fn seconds(value: u64) -> Option<Duration> {
    (value <= MAX_RATE_LIMIT_SECONDS).then(|| Duration::from_secs(value))
}

/// Parses a `RateLimit` value; `None` unless an item has a sane `t` (and `r`, if present, is a
/// number).
pub fn parse_rate_limit(value: &str) -> Option<RateLimit> {
    items(value).find_map(|item| {
        let reset = seconds(item.param("t")??)?;
        let remaining = match item.param("r") {
            None => None,
            Some(r) => Some(r?),
        };
        Some(RateLimit {
            bucket: item.bucket(),
            remaining,
            reset,
        })
    })
}

/// Parses a `RateLimit-Policy` value; `None` unless an item has a positive `q` and a sane,
/// positive `w`.
pub fn parse_rate_limit_policy(value: &str) -> Option<RateLimitPolicy> {
    items(value).find_map(|item| {
        let quota = item.param("q")?.filter(|q| *q > 0)?;
        let window = seconds(item.param("w")??).filter(|w| !w.is_zero())?;
        Some(RateLimitPolicy {
            bucket: item.bucket(),
            quota,
            window,
        })
    })
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok()
}

/// The `RateLimit` header of an answer.
pub fn rate_limit(headers: &HeaderMap) -> Option<RateLimit> {
    parse_rate_limit(header(headers, "ratelimit")?)
}

/// Both headers of an answer, when `RateLimit` has a remaining count (a policy of another
/// bucket is dropped).
pub fn budget(headers: &HeaderMap) -> Option<Budget> {
    let limit = rate_limit(headers).filter(|l| l.remaining.is_some())?;
    let policy = header(headers, "ratelimit-policy")
        .and_then(parse_rate_limit_policy)
        .filter(|p| p.bucket.is_none() || limit.bucket.is_none() || p.bucket == limit.bucket);
    Some(Budget { limit, policy })
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    #[test]
    fn reads_what_huggingface_co_sends() {
        // Values from huggingface_hub issue #3553, answered by huggingface.co.
        assert_eq!(
            parse_rate_limit("\"api\";r=489;t=189"),
            Some(RateLimit {
                bucket: Some("api".into()),
                remaining: Some(489),
                reset: Duration::from_secs(189),
            })
        );
        assert_eq!(
            parse_rate_limit_policy("\"fixed window\";\"api\";q=500;w=300"),
            Some(RateLimitPolicy {
                bucket: Some("api".into()),
                quota: 500,
                window: Duration::from_secs(300),
            })
        );
        let limit = parse_rate_limit("\"resolvers\";r=0;t=55").unwrap();
        assert_eq!(limit.bucket.as_deref(), Some("resolvers"));
        assert_eq!(limit.remaining, Some(0));
        assert_eq!(limit.reset, Duration::from_secs(55));
    }

    #[test]
    fn tolerates_spacing_lists_and_the_drafts_shapes() {
        let spaced = parse_rate_limit(" \"resolvers\" ; r = 4990 ; t = 55 ").unwrap();
        assert_eq!(spaced.remaining, Some(4990));
        assert_eq!(spaced.reset, Duration::from_secs(55));
        // The draft's plain policy item and a list whose first item is broken.
        let policy = parse_rate_limit_policy("\"x\";q=oops, \"resolvers\";q=5000;w=300").unwrap();
        assert_eq!(policy.bucket.as_deref(), Some("resolvers"));
        assert_eq!(policy.quota, 5000);
        // `t` alone still says how long to wait.
        let only_t = parse_rate_limit("t=7").unwrap();
        assert_eq!((only_t.bucket, only_t.remaining), (None, None));
        assert_eq!(only_t.reset, Duration::from_secs(7));
    }

    #[test]
    fn hostile_values_are_ignored_without_panicking() {
        for garbage in [
            "",
            ";;;",
            "\"",
            "\"api\"",
            "r=1",
            "r=-1;t=5",
            "r=1;t=-5",
            "r=1;t=5s",
            "r=1;t=18446744073709551616",
            "r=1;t=18446744073709551615",
            "r=99999999999999999999999;t=5",
            "r=1;t=86401",
            "==;=;t=",
            "\u{0}\"api\";r=\u{7f};t=☃",
        ] {
            assert_eq!(parse_rate_limit(garbage), None, "{garbage:?}");
        }
        for garbage in [
            "",
            "q=500",
            "w=300",
            "q=0;w=300",
            "q=500;w=0",
            "q=500;w=99999999999",
            "q=-1;w=300",
            "\"fixed window\";\"api\";q=;w=",
        ] {
            assert_eq!(parse_rate_limit_policy(garbage), None, "{garbage:?}");
        }
    }

    #[test]
    fn budget_pairs_the_headers_of_one_bucket() {
        let mut headers = HeaderMap::new();
        assert_eq!(budget(&headers), None);
        headers.insert(
            "ratelimit",
            HeaderValue::from_static("\"resolvers\";r=4990;t=55"),
        );
        headers.insert(
            "ratelimit-policy",
            HeaderValue::from_static("\"fixed window\";\"resolvers\";q=5000;w=300"),
        );
        let found = budget(&headers).unwrap();
        assert_eq!(found.bucket(), Some("resolvers"));
        assert_eq!(found.limit.remaining, Some(4990));
        assert_eq!(found.policy.as_ref().map(|p| p.quota), Some(5000));
        headers.insert(
            "ratelimit-policy",
            HeaderValue::from_static("\"fixed window\";\"api\";q=500;w=300"),
        );
        assert_eq!(budget(&headers).unwrap().policy, None);
        // Not valid UTF-8 / visible ASCII: ignored.
        headers.insert(
            "ratelimit",
            HeaderValue::from_bytes(b"\"resolvers\";r=\xff;t=5").unwrap(),
        );
        assert_eq!(budget(&headers), None);
    }
}
