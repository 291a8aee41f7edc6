//! What Hugflow's HTTP clients share, so the Hub and GitHub clients and the downloader retry,
//! paginate and name endpoints the same way: [`RetryPolicy`] (exponential backoff with jitter,
//! and the waits a server asks for) and the one loop that applies it ([`retry`]),
//! [`resolve_url`] (the Hub's file URL, encoded as `huggingface_hub` encodes it), [`next_url`]
//! (`Link: <...>; rel="next"`), [`check_redirect`] (which redirects are followed),
//! [`rate_limit_budget`] (the Hub's `RateLimit` / `RateLimit-Policy` headers) and the [`Pacer`]
//! that keeps a bucket's calls inside them, and [`endpoint_name`] / [`root_cause`] for error
//! messages that are short and never carry a query string.

mod driver;
mod link;
mod pacer;
mod ratelimit;
mod redirect;
mod resolve;
mod retry;

pub use driver::{Attempt, Outcome, retry, retry_cancellable};
pub use link::next_url;
pub use pacer::{Bucket, Pacer, RESET_MARGIN, Turn, estimate_note, pacing_note, wait_turn};
pub use ratelimit::{
    Budget, MAX_RATE_LIMIT_SECONDS, RateLimit, RateLimitPolicy, budget as rate_limit_budget,
    parse_rate_limit, parse_rate_limit_policy, rate_limit,
};
pub use redirect::{MAX_REDIRECTS, RedirectRefused, check_redirect, policy as redirect_policy};
pub use resolve::{DatasetFile, encode_path, encode_segment, parse_dataset_file_url, resolve_url};
pub use retry::{RetryPolicy, is_retryable, requested_wait};
use url::Url;

/// `host[:port]/path` without the query (which may carry cursors): short and safe to show.
pub fn endpoint_name(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}{}", url.path()),
        None => format!("{host}{}", url.path()),
    }
}

/// The innermost error's message: reqwest's outer layers say only "error sending request".
pub fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}
