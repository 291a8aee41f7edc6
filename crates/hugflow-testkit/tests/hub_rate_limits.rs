//! Rate limits as huggingface.co counts them: a budget per bucket and fixed window, announced
//! in `RateLimit` / `RateLimit-Policy` on every answer of the bucket, then 429s with
//! `Retry-After` until the window resets; the request log counts the 429s.

mod common;

use std::time::Duration;

use common::*;
use hugflow_testkit::hub::RateBucket;

fn resolve_url(hub: &hugflow_testkit::hub::FakeHub) -> String {
    format!("{}/datasets/{SPEECH}/resolve/main/README.md", hub.url())
}

/// An answer the budget let through: the file or a redirect to it (not followed).
fn served(response: &reqwest::blocking::Response) -> bool {
    response.status().is_success() || response.status().is_redirection()
}

/// `(r, t)` of an answer's `RateLimit`, which must name `bucket`.
fn remaining_and_reset(response: &reqwest::blocking::Response, bucket: &str) -> (u64, u64) {
    let value = header(response, "ratelimit").expect("a RateLimit header");
    let (r, t) = value
        .strip_prefix(&format!("\"{bucket}\";r="))
        .and_then(|rest| rest.split_once(";t="))
        .unwrap_or_else(|| panic!("RateLimit of {bucket} as the Hub writes it: {value}"));
    (r.parse().unwrap(), t.parse().unwrap())
}

#[test]
fn a_resolver_budget_counts_down_then_refuses_with_the_hubs_headers() {
    let hub = hub();
    hub.faults().resolver_budget(3, Duration::from_secs(60));
    let url = resolve_url(&hub);
    for expected in [2, 1, 0] {
        let answer = get(&url);
        assert!(served(&answer), "{}", answer.status());
        let (remaining, reset) = remaining_and_reset(&answer, "resolvers");
        assert_eq!(remaining, expected);
        assert!((1..=60).contains(&reset), "t={reset}");
        assert_eq!(
            header(&answer, "ratelimit-policy").as_deref(),
            Some("\"fixed window\";\"resolvers\";q=3;w=60")
        );
    }
    let refused = get(&url);
    assert_eq!(refused.status(), 429);
    let (remaining, reset) = remaining_and_reset(&refused, "resolvers");
    assert_eq!(remaining, 0);
    assert_eq!(header(&refused, "retry-after"), Some(reset.to_string()));
    assert!(
        json(refused)["error"]
            .as_str()
            .unwrap()
            .contains("'resolvers'")
    );

    // Other buckets are not metered unless asked, and carry no budget.
    let info = get(&format!("{}/api/datasets/{SPEECH}", hub.url()));
    assert_eq!(info.status(), 200);
    assert_eq!(header(&info, "ratelimit"), None);
    assert_eq!(hub.too_many_requests(), 1);
}

#[test]
fn the_window_resets_after_t_seconds_and_buckets_are_separate() {
    let hub = hub();
    // A window long enough that the second request surely falls in the first's.
    hub.faults().resolver_budget(1, Duration::from_secs(3));
    hub.faults()
        .budget(RateBucket::Api, 100, Duration::from_secs(300));
    let url = resolve_url(&hub);
    assert!(served(&get(&url)));
    let refused = get(&url);
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = header(&refused, "retry-after").unwrap().parse().unwrap();
    // The API bucket has its own budget.
    let info = get(&format!("{}/api/datasets/{SPEECH}", hub.url()));
    assert_eq!(info.status(), 200);
    assert_eq!(remaining_and_reset(&info, "api").0, 99);
    // Waiting what the Hub said is enough for the next window.
    std::thread::sleep(Duration::from_secs(retry_after));
    let again = get(&url);
    assert!(served(&again), "{}", again.status());
    assert_eq!(remaining_and_reset(&again, "resolvers").0, 0);
    assert_eq!(hub.too_many_requests(), 1);
}
