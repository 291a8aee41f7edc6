//! One file: request (resuming with `Range`), follow redirects without leaking the token,
//! stream into its part, verify, and move it into place; which failures are worth another
//! attempt is said here, the loop that makes them is `hugflow_http`'s.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hugflow_core::path_io::FromPathIo;
use hugflow_core::progress::Cancel;
use hugflow_http::{
    Attempt, Outcome, check_redirect, is_retryable, requested_wait, retry_cancellable, root_cause,
};
use reqwest::header::{AUTHORIZATION, CONTENT_RANGE, LOCATION, RANGE};
use reqwest::{Response, StatusCode};
use tokio::io::AsyncWriteExt;
use url::Url;

use crate::gate::RateGate;
use crate::meter::Meter;
use crate::verify::Hasher;
use crate::{DownloadError, DownloaderConfig, FileSpec};

/// Verification failures of one file before we stop trusting the source.
pub(crate) const MAX_CORRUPT: u32 = 3;

pub(crate) struct FileFetch {
    pub client: reqwest::Client,
    pub config: Arc<DownloaderConfig>,
    pub url: Url,
    pub part: PathBuf,
    pub target: PathBuf,
    pub file: FileSpec,
    pub meter: Arc<Meter>,
    pub gate: Arc<RateGate>,
}

/// Why one attempt ended without the file in place.
pub(crate) enum Failure {
    /// Worth another attempt (network, 408, 5xx, a short body); wait this long first.
    Transient {
        message: String,
        wait: Option<Duration>,
        progressed: bool,
    },
    RateLimited(Duration),
    Corrupt(String),
    Fatal(DownloadError),
}

/// What one file's attempts keep between them.
struct Tries {
    state: Progress,
    /// Verification failures so far.
    corrupt: u32,
}

/// State kept between attempts of one file.
struct Progress {
    /// Bytes of this file counted in the meter's total.
    counted: u64,
    /// The hash of the part's first `.0` bytes, so a retry need not read them again.
    hashed: Option<(u64, Hasher)>,
}

impl FileFetch {
    /// Attempts until the file is in place, through `hugflow_http::retry_cancellable`: a 429
    /// closes the shared gate instead of counting as an attempt, a file that fails
    /// verification is fetched again up to [`MAX_CORRUPT`] times, and a connection that died
    /// after delivering bytes starts the count over.
    pub async fn run(&self, cancel: &Cancel) -> Result<(), DownloadError> {
        self.drop_ranged_part()?;
        // One attempt runs at a time: the lock is never contended. It lets each attempt's
        // future borrow the state across its awaits and still be `Send` (spawned).
        let tries = tokio::sync::Mutex::new(Tries {
            state: Progress {
                counted: part_len(&self.part).min(self.file.size),
                hashed: None,
            },
            corrupt: 0,
        });
        let (this, tries, policy) = (&self, &tries, &self.config.retry);
        let cancelled = || DownloadError::Cancelled;
        retry_cancellable(policy, cancel, cancelled, |attempt: Attempt| async move {
            let Tries { state, corrupt } = &mut *tries.lock().await;
            match this.attempt(state, cancel).await {
                Ok(()) => Outcome::Done(Ok(())),
                Err(failure) => this.settle(failure, attempt, state, corrupt),
            }
        })
        .await
    }

    /// What a failed attempt leads to: another one (now, or after a wait), or the error.
    fn settle(
        &self,
        failure: Failure,
        attempt: Attempt,
        state: &mut Progress,
        corrupt: &mut u32,
    ) -> Outcome<(), DownloadError> {
        match failure {
            Failure::Corrupt(detail) => {
                *corrupt += 1;
                self.meter.corrupt();
                let path = &self.file.path;
                tracing::warn!(%path, %detail, "verification failed; fetching again");
                if let Err(error) = self.discard(state) {
                    return Outcome::Done(Err(error));
                }
                if *corrupt >= MAX_CORRUPT {
                    return Outcome::Done(Err(DownloadError::Corrupt {
                        path: self.file.path.clone(),
                        attempts: *corrupt,
                        detail,
                    }));
                }
                Outcome::Again
            }
            other => self.settle_network(other, attempt),
        }
    }

    /// What a failed request leads to, for a whole file and for one range of it alike: a 429
    /// closes the shared gate (the attempt not counted), a transient failure or a wrong answer
    /// is tried again, counted from 1 again when bytes had arrived.
    pub(crate) fn settle_network(
        &self,
        failure: Failure,
        attempt: Attempt,
    ) -> Outcome<(), DownloadError> {
        let path = &self.file.path;
        let gave_up = |attempts, last| DownloadError::GaveUp {
            path: path.clone(),
            attempts,
            last,
        };
        match failure {
            Failure::Fatal(error) => Outcome::Done(Err(error)),
            Failure::Corrupt(detail) => {
                self.meter.retry();
                tracing::debug!(%path, %detail, "an answer came back wrong");
                Outcome::Retry {
                    error: gave_up(attempt.number, detail),
                    wait: None,
                }
            }
            Failure::RateLimited(wait) => {
                self.meter.retry();
                // The gate makes every worker wait; this attempt is not counted.
                match self.gate.close_for(wait) {
                    Ok(()) => Outcome::Again,
                    Err(waited) => Outcome::Done(Err(DownloadError::RateLimited {
                        path: path.clone(),
                        waited,
                        retry_after: wait,
                    })),
                }
            }
            Failure::Transient {
                message,
                wait,
                progressed,
            } => {
                self.meter.retry();
                // A connection that dies after delivering bytes is not a dead server: the
                // driver starts the count over at 1, which the error must say too.
                let attempts = if progressed { 1 } else { attempt.number };
                if attempts < self.config.retry.max_attempts {
                    tracing::debug!(%path, %message, attempts, "retrying");
                }
                let error = gave_up(attempts, message);
                if progressed {
                    Outcome::Progressed { error, wait }
                } else {
                    Outcome::Retry { error, wait }
                }
            }
        }
    }

    async fn attempt(&self, state: &mut Progress, cancel: &Cancel) -> Result<(), Failure> {
        let size = self.file.size;
        let mut offset = part_len(&self.part);
        if offset > size {
            self.discard(state).map_err(Failure::Fatal)?;
            offset = 0;
        }
        self.recount(state, offset);
        let mut hasher = self.hasher_at(state, offset).await?;
        if offset < size {
            self.gate.pass().await;
            let response = self.request(offset).await?;
            let restart = offset > 0 && response.status() == StatusCode::OK;
            if restart {
                // The server ignored the range: the whole file is coming again.
                tracing::debug!(path = %self.file.path, "range not honoured; starting over");
                offset = 0;
                self.recount(state, 0);
                hasher = Hasher::new(&self.file.check, size);
            }
            let (reached, outcome) = self
                .stream(response, offset, restart, &mut hasher, state, cancel)
                .await;
            let failure = match outcome {
                Ok(()) if reached == size => None,
                Ok(()) => Some(Failure::Transient {
                    message: format!("the connection closed after {reached} of {size} bytes"),
                    wait: None,
                    progressed: reached > offset,
                }),
                Err(failure) => Some(failure),
            };
            if let Some(failure) = failure {
                if matches!(failure, Failure::Transient { .. }) {
                    // The part holds exactly what was hashed: the retry goes on from there.
                    state.hashed = Some((reached, hasher));
                }
                return Err(failure);
            }
        }
        state.hashed = None;
        hasher.verify(&self.file.check).map_err(Failure::Corrupt)?;
        self.place().map_err(Failure::Fatal)?;
        self.meter.file_done(&self.file.path);
        Ok(())
    }

    /// The hash of the part's first `offset` bytes: kept from the last attempt or read back.
    async fn hasher_at(&self, state: &mut Progress, offset: u64) -> Result<Hasher, Failure> {
        match state.hashed.take() {
            Some((hashed, hasher)) if hashed == offset => Ok(hasher),
            _ => {
                let mut hasher = Hasher::new(&self.file.check, self.file.size);
                if offset == 0 {
                    return Ok(hasher);
                }
                let part = self.part.clone();
                tokio::task::spawn_blocking(move || {
                    hasher.update_from_file(&part, offset).map(|()| hasher)
                })
                .await
                .expect("hashing does not panic")
                .map_err(|source| Failure::Fatal(DownloadError::io("read", &self.part)(source)))
            }
        }
    }

    /// GETs the file from `offset`, following redirects by hand: the token goes to the Hub's
    /// origin only, never to the CDN a redirect points at, and each hop must pass
    /// [`check_redirect`] (http(s) only, never down from https, at most `MAX_REDIRECTS`).
    async fn request(&self, offset: u64) -> Result<Response, Failure> {
        let range = (offset > 0).then(|| format!("bytes={offset}-"));
        self.request_from(self.url.clone(), range.as_deref())
            .await
            .map(|(response, _)| response)
    }

    /// GETs `url` with `range` (a `Range` header value), following redirects as
    /// [`request`](Self::request) says; also returns the URL that answered (the CDN's, for
    /// ranges of one file to go straight there).
    pub(crate) async fn request_from(
        &self,
        mut url: Url,
        range: Option<&str>,
    ) -> Result<(Response, Url), Failure> {
        let mut followed = 0;
        loop {
            let mut request = self.client.get(url.clone());
            if let Some(range) = range {
                request = request.header(RANGE, range);
            }
            if let Some(token) = &self.config.token
                && url.origin() == self.config.endpoint.origin()
            {
                request = request.header(AUTHORIZATION, format!("Bearer {}", token.expose()));
            }
            let response = request.send().await.map_err(|error| Failure::Transient {
                message: root_cause(&error),
                wait: None,
                progressed: false,
            })?;
            if url.origin() == self.config.endpoint.origin() {
                self.gate.observe(response.headers()); // the Hub's resolver budget
            }
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|l| url.join(l).ok())
                    .ok_or_else(|| self.refused(status, None))?;
                check_redirect(&url, &location, followed).map_err(|reason| {
                    Failure::Fatal(DownloadError::Redirect {
                        path: self.file.path.clone(),
                        reason,
                    })
                })?;
                url = location;
                followed += 1;
                continue;
            }
            return match status {
                StatusCode::OK | StatusCode::PARTIAL_CONTENT => Ok((response, url)),
                StatusCode::RANGE_NOT_SATISFIABLE => Err(Failure::Corrupt(format!(
                    "the server has no bytes in {}, which the listed size says it has",
                    range.unwrap_or_default()
                ))),
                StatusCode::TOO_MANY_REQUESTS => Err(Failure::RateLimited(
                    requested_wait(response.headers()).unwrap_or(Duration::from_secs(1)),
                )),
                s if is_retryable(s) => Err(Failure::Transient {
                    message: format!("HTTP {s}"),
                    wait: requested_wait(response.headers()),
                    progressed: false,
                }),
                s => {
                    let code = response
                        .headers()
                        .get("x-error-code")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_string);
                    Err(self.refused(s, code))
                }
            };
        }
    }

    pub(crate) fn refused(&self, status: StatusCode, code: Option<String>) -> Failure {
        Failure::Fatal(DownloadError::Refused {
            path: self.file.path.clone(),
            status: status.as_u16(),
            code,
        })
    }

    /// Appends the body to the part from `offset` (or writes it anew after a restart) and
    /// returns the part's length when the body ends.
    async fn stream(
        &self,
        mut response: Response,
        mut offset: u64,
        restart: bool,
        hasher: &mut Hasher,
        state: &mut Progress,
        cancel: &Cancel,
    ) -> (u64, Result<(), Failure>) {
        if response.status() == StatusCode::PARTIAL_CONTENT {
            let start = response
                .headers()
                .get(CONTENT_RANGE)
                .and_then(|v| v.to_str().ok())
                .and_then(content_range_start);
            if start != Some(offset) {
                let message = format!("asked for bytes from {offset}, got a range from {start:?}");
                return (
                    offset,
                    Err(Failure::Transient {
                        message,
                        wait: None,
                        progressed: false,
                    }),
                );
            }
        }
        let io = |action, source| Failure::Fatal(DownloadError::io(action, &self.part)(source));
        let opened = tokio::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(!restart)
            .truncate(restart)
            .open(&self.part)
            .await;
        let mut file = match opened {
            Ok(file) => file,
            Err(error) => return (offset, Err(io("open", error))),
        };
        let started = offset;
        let outcome = loop {
            if cancel.is_cancelled() {
                break Err(Failure::Fatal(DownloadError::Cancelled));
            }
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break Ok(()),
                Err(error) => {
                    break Err(Failure::Transient {
                        message: root_cause(&error),
                        wait: None,
                        progressed: offset > started,
                    });
                }
            };
            if offset + chunk.len() as u64 > self.file.size {
                break Err(Failure::Corrupt(format!(
                    "the server sent more than the {} bytes the repository lists",
                    self.file.size
                )));
            }
            if let Err(error) = file.write_all(&chunk).await {
                break Err(io("write", error));
            }
            hasher.update(&chunk);
            offset += chunk.len() as u64;
            state.counted += chunk.len() as u64;
            self.meter.received(chunk.len() as u64);
        };
        // What reached the file is kept for the next attempt, whatever stopped the stream.
        if let Err(error) = file.flush().await {
            return (offset, Err(io("write", error)));
        }
        (offset, outcome)
    }

    /// A part with a range journal has holes, so its length is no progress of one stream:
    /// it is started afresh (the file was fetched in ranges by a run with other settings).
    fn drop_ranged_part(&self) -> Result<(), DownloadError> {
        let journal = crate::ranged::journal_path(&self.part);
        if !journal.exists() {
            return Ok(());
        }
        let id = self.file.check.content_id();
        self.meter
            .discarded(crate::ranged::held(&self.part, id, self.file.size));
        remove_if_present(&journal)?;
        remove_if_present(&self.part)
    }

    /// Moves the verified part to its final path.
    pub(crate) fn place(&self) -> Result<(), DownloadError> {
        if let Some(parent) = self.target.parent() {
            std::fs::create_dir_all(parent).map_err(DownloadError::io("create", parent))?;
        }
        std::fs::rename(&self.part, &self.target)
            .map_err(DownloadError::io("move into place", &self.target))
    }

    /// Deletes the part and takes its bytes off the meter.
    fn discard(&self, state: &mut Progress) -> Result<(), DownloadError> {
        state.hashed = None;
        self.recount(state, 0);
        remove_if_present(&self.part)
    }

    /// Makes the meter count `bytes` of this file as done.
    fn recount(&self, state: &mut Progress, bytes: u64) {
        let bytes = bytes.min(self.file.size);
        if bytes < state.counted {
            self.meter.discarded(state.counted - bytes);
        } else {
            self.meter.resumed(bytes - state.counted);
        }
        state.counted = bytes;
    }
}

/// Deletes `path`; one already gone is no error.
pub(crate) fn remove_if_present(path: &std::path::Path) -> Result<(), DownloadError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(DownloadError::io("delete", path)(error)),
    }
}

fn part_len(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// The first byte of `bytes START-END/TOTAL`.
pub(crate) fn content_range_start(value: &str) -> Option<u64> {
    value
        .strip_prefix("bytes ")?
        .split('-')
        .next()?
        .trim()
        .parse()
        .ok()
}
