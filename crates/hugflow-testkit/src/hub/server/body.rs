//! Serving a file's bytes: the `Range` header (one range; 206 with `Content-Range`, 416 when
//! unsatisfiable, the whole file otherwise), and a body streamed in 256 KiB chunks produced on
//! demand (noise is generated chunk by chunk, never held whole), optionally with one byte
//! flipped to simulate corruption, paced to a bandwidth, and counted as it goes out.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use std::future::Future;

use crate::hub::Commit;

const CHUNK: u64 = 256 * 1024;
/// Paced bodies go out in small chunks, so little is in flight when a client dies.
const PACED_CHUNK: u64 = 16 * 1024;
/// How far behind its bandwidth a paced body may fall and still catch up, in bytes.
const CATCH_UP: u64 = 4 * PACED_CHUNK;

/// How a body goes out: at most `bandwidth` bytes per second (per body), and counted into
/// `served` as each chunk is handed to the connection.
#[derive(Debug, Clone, Default)]
pub struct Pace {
    pub bandwidth: Option<u64>,
    pub served: Arc<AtomicU64>,
}

/// What a `Range` header asks of a `size`-byte file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeRequest {
    Full,
    /// Inclusive byte positions.
    Partial(u64, u64),
    Unsatisfiable,
}

/// Reads a single `bytes=` range; anything else (several ranges, other units, garbage) asks
/// for the whole file, as servers may answer.
pub fn parse_range(header: Option<&str>, size: u64) -> RangeRequest {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return RangeRequest::Full;
    };
    if spec.contains(',') {
        return RangeRequest::Full;
    }
    let Some((start, end)) = spec.split_once('-') else {
        return RangeRequest::Full;
    };
    let (start, end) = (start.trim(), end.trim());
    let parsed = match (start.parse::<u64>(), end.parse::<u64>()) {
        (Ok(start), Ok(end)) if start <= end => Some((start, end.min(size.saturating_sub(1)))),
        (Ok(_), Ok(_)) => return RangeRequest::Full,
        (Ok(start), Err(_)) if end.is_empty() => Some((start, size.saturating_sub(1))),
        (Err(_), Ok(suffix)) if start.is_empty() => {
            if suffix == 0 {
                return RangeRequest::Unsatisfiable;
            }
            Some((size.saturating_sub(suffix), size.saturating_sub(1)))
        }
        _ => None,
    };
    match parsed {
        Some((start, _)) if start >= size => RangeRequest::Unsatisfiable,
        Some((start, end)) => RangeRequest::Partial(start, end),
        None => RangeRequest::Full,
    }
}

/// The response for file `index` of `commit`: `base` headers (ETag, ...) plus length, range and
/// the streamed body (none for HEAD). `corrupt` flips the byte in the middle of the body.
pub fn serve_file(
    commit: &Arc<Commit>,
    index: usize,
    method: &Method,
    headers: &HeaderMap,
    mut base: HeaderMap,
    corrupt: bool,
    pace: Pace,
) -> Response {
    let size = commit.files[index].size();
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    base.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    let (status, start, end) = match parse_range(range, size) {
        RangeRequest::Full => (StatusCode::OK, 0, size),
        RangeRequest::Partial(start, end) => {
            let value = format!("bytes {start}-{end}/{size}");
            base.insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&value).expect("ASCII"),
            );
            (StatusCode::PARTIAL_CONTENT, start, end + 1)
        }
        RangeRequest::Unsatisfiable => {
            let value = format!("bytes */{size}");
            base.insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&value).expect("ASCII"),
            );
            return (StatusCode::RANGE_NOT_SATISFIABLE, base, Body::empty()).into_response();
        }
    };
    base.insert(header::CONTENT_LENGTH, HeaderValue::from(end - start));
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from_stream(FileStream {
            commit: commit.clone(),
            index,
            pos: start,
            end,
            corrupt_at: corrupt.then_some(start + (end - start) / 2),
            pace,
            due: Instant::now(),
            sleep: None,
        })
    };
    (status, base, body).into_response()
}

/// Bytes `pos..end` of a file, a chunk at a time.
struct FileStream {
    commit: Arc<Commit>,
    index: usize,
    pos: u64,
    end: u64,
    corrupt_at: Option<u64>,
    pace: Pace,
    /// When the next chunk may go out at the bandwidth.
    due: Instant,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Stream for FileStream {
    type Item = Result<Bytes, Infallible>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.pos >= this.end {
            return Poll::Ready(None);
        }
        let mut chunk_size = CHUNK;
        let paced = this.pace.bandwidth.is_some_and(|b| b > 0);
        if paced {
            chunk_size = PACED_CHUNK;
            let due = this.due;
            if due > Instant::now() {
                let sleep = this
                    .sleep
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(due.into())));
                sleep.as_mut().reset(due.into());
                if sleep.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
            }
        }
        let len = (this.end - this.pos).min(chunk_size);
        let mut chunk = this.commit.files[this.index].read(this.pos, len as usize);
        if let Some(at) = this.corrupt_at
            && (this.pos..this.pos + len).contains(&at)
        {
            let mut bytes = BytesMut::from(&chunk[..]);
            bytes[(at - this.pos) as usize] ^= 0xFF;
            chunk = bytes.freeze();
        }
        this.pos += len;
        if let Some(bandwidth) = this.pace.bandwidth.filter(|b| *b > 0) {
            // A link catches up a few chunks at most: time lost while the reader stalled is
            // not sent later in a burst, or a killed reader would lose that burst in its socket
            // buffers; but the timer's own lateness (a sleep ends up to a millisecond late,
            // longer than a 16 KiB chunk takes at 40 MB/s) is made up, or a fast link would
            // carry a fraction of its bandwidth.
            let pause = Duration::from_secs_f64(len as f64 / bandwidth as f64);
            let slack = Duration::from_secs_f64(CATCH_UP as f64 / bandwidth as f64);
            let now = Instant::now();
            let floor = now.checked_sub(slack).unwrap_or(now);
            this.due = this.due.max(floor) + pause;
        }
        this.pace.served.fetch_add(len, Ordering::Relaxed);
        Poll::Ready(Some(Ok(chunk)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RangeRequest::*;

    #[test]
    fn ranges() {
        assert_eq!(parse_range(None, 10), Full);
        assert_eq!(parse_range(Some("bytes=2-5"), 10), Partial(2, 5));
        assert_eq!(parse_range(Some("bytes=2-"), 10), Partial(2, 9));
        assert_eq!(parse_range(Some("bytes=-3"), 10), Partial(7, 9));
        assert_eq!(parse_range(Some("bytes=-30"), 10), Partial(0, 9));
        assert_eq!(parse_range(Some("bytes=5-100"), 10), Partial(5, 9));
        assert_eq!(parse_range(Some("bytes=10-"), 10), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=0-1,4-5"), 10), Full);
        assert_eq!(parse_range(Some("items=0-1"), 10), Full);
    }
}
