//! One large file fetched as byte ranges over several connections at once.
//!
//! - **Layout.** The file is cut into ranges (`journal::layout`): about four per connection
//!   it may use, the last ones smaller, so the end is not one slow range. The part is
//!   preallocated to the file's size and each range is written at its offset (`pwrite`).
//! - **Resume.** The journal (`journal.rs`) says how far each range got, to the byte; a
//!   single-stream part left by an earlier run (no journal, a prefix) becomes the first
//!   ranges' progress. A range resumes with `Range: bytes=<done>-<end>`.
//! - **Where.** The first range request resolves the file through the Hub; the CDN URL it was
//!   sent to (signed, valid for an hour) serves the other ranges without a resolver call. A
//!   CDN that refuses it later (expired) is left for the Hub again.
//! - **A server that ignores `Range`** (answers one range with the whole file, `200`): that
//!   answer is dropped unread and the range asked again; only after [`IGNORED_BEFORE_FALLBACK`]
//!   such answers is the file fetched as one stream instead (the part is restarted).
//! - **Verification.** The whole file's hash, checked before the rename as for any file. A
//!   hashing thread follows the contiguous prefix that has landed (the ranges in order), so
//!   the hash is ready moments after the last byte and reads what it hashes from the page
//!   cache, not from the disk ([`DownloaderConfig::hash_while_fetching`]; off, it hashes the
//!   whole part in one pass after the last range). A mismatch cannot say which range was
//!   wrong, so the whole file is fetched again (up to `MAX_CORRUPT` times).

use std::fs::File;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hugflow_core::path_io::FromPathIo;
use hugflow_core::progress::Cancel;
use hugflow_http::{Attempt, Outcome, retry_cancellable, root_cause};
use reqwest::StatusCode;
use reqwest::header::CONTENT_RANGE;
use url::Url;

use crate::fetch::{Failure, FileFetch, MAX_CORRUPT, content_range_start, remove_if_present};
use crate::journal::{self, Journal, Span};
use crate::verify::Hasher;
use crate::{DownloadError, pio};

/// `200` answers to range requests of one file before it is fetched as one stream.
pub(crate) const IGNORED_BEFORE_FALLBACK: u32 = 3;

/// No range is cut smaller than this (but the last few, a quarter of it).
const MIN_RANGE: u64 = 8 << 20;

/// How the bytes of one generation of the part are laid out and how far each range is.
pub(crate) struct Layout {
    spans: Vec<(u64, u64)>,
    done: Vec<AtomicU64>,
    journal: Journal,
    part: File,
    size: u64,
    /// Set when this generation is thrown away (corrupt, fallback, error): its hasher stops.
    abandoned: AtomicBool,
}

impl Layout {
    /// The end of the prefix that has landed: ranges in order, up to the first one that is
    /// not complete, and as far as that one got.
    fn frontier(&self) -> u64 {
        for (i, &(_, end)) in self.spans.iter().enumerate() {
            let done = self.done[i].load(Ordering::Acquire);
            if done < end {
                return done;
            }
        }
        self.size
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Pending,
    Active,
    Done,
}

struct State {
    layout: Option<Arc<Layout>>,
    status: Vec<Status>,
    active: usize,
    corrupt: u32,
    hasher: Option<tokio::task::JoinHandle<std::io::Result<Hasher>>>,
    /// Placed, failed, or handed back to be fetched as one stream: no more ranges.
    closed: bool,
    /// One connection is verifying the current generation.
    finishing: bool,
}

/// What a free connection gets from a file.
pub(crate) enum Claim {
    Range(Arc<Layout>, usize),
    /// Every range is in the part (found so on opening): verify and place it.
    Finish,
    Nothing,
}

/// What became of a file whose last range just landed.
pub(crate) enum Finished {
    Placed,
    /// The hash did not match: every range is to be fetched again.
    Again,
}

/// Why a range was not fetched.
pub(crate) enum RangeError {
    Fatal(DownloadError),
    /// The server keeps ignoring `Range`: fetch the file as one stream.
    NoRanges,
}

pub(crate) struct Ranged {
    pub base: FileFetch,
    journal: PathBuf,
    connections: usize,
    hash_while_fetching: bool,
    cdn: Mutex<Option<Url>>,
    ignored: AtomicU32,
    state: Mutex<State>,
}

impl Ranged {
    pub fn new(base: FileFetch, connections: usize, hash_while_fetching: bool) -> Self {
        Self {
            journal: journal_path(&base.part),
            base,
            connections: connections.max(1),
            hash_while_fetching,
            cdn: Mutex::new(None),
            ignored: AtomicU32::new(0),
            state: Mutex::new(State {
                layout: None,
                status: Vec::new(),
                active: 0,
                corrupt: 0,
                hasher: None,
                closed: false,
                finishing: false,
            }),
        }
    }

    /// Whether a free connection could take one of this file's ranges now.
    pub fn wants(&self) -> bool {
        let state = self.lock();
        !state.closed
            && !state.finishing
            && state.active < self.connections
            && (state.layout.is_none() || state.status.contains(&Status::Pending))
    }

    /// Hands out the next pending range (opening the part and journal on first use).
    pub fn claim(&self) -> Result<Claim, DownloadError> {
        let mut state = self.lock();
        if state.closed || state.finishing || state.active >= self.connections {
            return Ok(Claim::Nothing);
        }
        if state.layout.is_none() {
            let (layout, status) = self.open()?;
            let layout = Arc::new(layout);
            let hashing = layout.clone();
            let (check, during) = (self.base.file.check.clone(), self.hash_while_fetching);
            state.hasher = Some(tokio::task::spawn_blocking(move || {
                hash_part(&hashing, &check, during)
            }));
            state.layout = Some(layout);
            state.status = status;
            if state.status.iter().all(|s| *s == Status::Done) {
                state.finishing = true;
                return Ok(Claim::Finish);
            }
        }
        let Some(index) = state.status.iter().position(|s| *s == Status::Pending) else {
            return Ok(Claim::Nothing);
        };
        state.status[index] = Status::Active;
        state.active += 1;
        Ok(Claim::Range(
            state.layout.clone().expect("opened above"),
            index,
        ))
    }

    /// Opens this file's part and journal: the journal's layout when it was made for these
    /// bytes, else a new one (keeping a single-stream prefix an earlier run left).
    fn open(&self) -> Result<(Layout, Vec<Status>), DownloadError> {
        let part_path = &self.base.part;
        let io = |action, source| DownloadError::io(action, part_path)(source);
        let file = &self.base.file;
        let id = file.check.content_id();
        let existing = std::fs::metadata(part_path).ok().map(|m| m.len());
        let loaded = existing.and_then(|_| Journal::load(&self.journal, id, file.size));
        let (journal, spans) = match loaded {
            Some(found) => found,
            None => {
                // Without a journal a part is a single-stream prefix (its length is its
                // progress), unless it is longer than the file: then it is nothing.
                let prefix = existing.filter(|len| *len <= file.size).unwrap_or(0);
                if prefix == 0 {
                    std::fs::File::create(part_path).map_err(|e| io("create", e))?;
                }
                let mut spans = journal::layout(file.size, self.connections, MIN_RANGE);
                for span in &mut spans {
                    span.done = prefix.clamp(span.start, span.end);
                }
                // The journal before the preallocation: a crash in between leaves a part
                // shorter than the file, which the journal above still describes.
                let journal = Journal::create(&self.journal, id, file.size, &spans)
                    .map_err(DownloadError::io("write", &self.journal))?;
                (journal, spans)
            }
        };
        let part = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(part_path)
            .map_err(|e| io("open", e))?;
        if part.metadata().map_err(|e| io("read", e))?.len() != file.size {
            pio::preallocate(&part, file.size).map_err(|e| io("preallocate", e))?;
        }
        let status = spans
            .iter()
            .map(|s| {
                if s.complete() {
                    Status::Done
                } else {
                    Status::Pending
                }
            })
            .collect();
        let layout = Layout {
            spans: spans.iter().map(|s| (s.start, s.end)).collect(),
            done: spans.iter().map(|s| AtomicU64::new(s.done)).collect(),
            journal,
            part,
            size: file.size,
            abandoned: AtomicBool::new(false),
        };
        Ok((layout, status))
    }

    /// Whether no more ranges will be handed out: placed, failed, or fetched as one stream.
    pub fn closed(&self) -> bool {
        self.lock().closed
    }

    /// A range's fetch ended, with all its bytes in the part or not. `true` when it was the
    /// file's last: the caller then calls [`finish`](Self::finish).
    pub fn ended(&self, layout: &Arc<Layout>, index: usize) -> bool {
        let landed = layout.done[index].load(Ordering::Acquire) >= layout.spans[index].1;
        let mut state = self.lock();
        state.active -= 1;
        let current = state
            .layout
            .as_ref()
            .is_some_and(|l| Arc::ptr_eq(l, layout));
        if !current || state.closed {
            return false;
        }
        state.status[index] = if landed {
            Status::Done
        } else {
            Status::Pending
        };
        let last = landed && state.status.iter().all(|s| *s == Status::Done);
        state.finishing |= last;
        last
    }

    /// Every range has landed: waits for the hash, then places the file, or throws the part
    /// away so every range is fetched again.
    pub async fn finish(&self) -> Result<Finished, DownloadError> {
        let hasher = self
            .lock()
            .hasher
            .take()
            .expect("one finish per generation");
        let hashed = hasher.await.map_err(|panic| DownloadError::Setup {
            message: format!("hashing {} failed: {panic}", self.base.file.path),
        })?;
        let hasher = hashed.map_err(DownloadError::io("read", &self.base.part))?;
        match hasher.verify(&self.base.file.check) {
            Ok(()) => {
                self.lock().closed = true;
                self.base.place()?;
                let _ = std::fs::remove_file(&self.journal);
                self.base.meter.file_done(&self.base.file.path);
                Ok(Finished::Placed)
            }
            Err(detail) => {
                self.base.meter.corrupt();
                let path = &self.base.file.path;
                tracing::warn!(%path, %detail, "verification failed; fetching every range again");
                let corrupt = {
                    let mut state = self.lock();
                    state.corrupt += 1;
                    state.corrupt
                };
                self.reset()?;
                if corrupt >= MAX_CORRUPT {
                    self.lock().closed = true;
                    return Err(DownloadError::Corrupt {
                        path: self.base.file.path.clone(),
                        attempts: corrupt,
                        detail,
                    });
                }
                Ok(Finished::Again)
            }
        }
    }

    /// Throws this generation of the part away (its bytes off the meter); ranges handed out
    /// from it end without effect.
    fn reset(&self) -> Result<(), DownloadError> {
        let mut state = self.lock();
        if let Some(layout) = state.layout.take() {
            layout.abandoned.store(true, Ordering::Relaxed);
            let held: u64 = layout
                .spans
                .iter()
                .zip(&layout.done)
                .map(|(&(start, _), done)| done.load(Ordering::Relaxed) - start)
                .sum();
            self.base.meter.discarded(held);
        }
        if let Some(hasher) = state.hasher.take() {
            hasher.abort();
        }
        state.status.clear();
        state.finishing = false;
        remove_if_present(&self.journal)?;
        remove_if_present(&self.base.part)
    }

    /// Stops handing out ranges and removes the part and journal, for the file to be fetched
    /// as one stream; `false` when another connection did so already.
    pub fn fall_back(&self) -> Result<bool, DownloadError> {
        {
            let mut state = self.lock();
            if state.closed {
                return Ok(false);
            }
            state.closed = true;
        }
        self.reset()?;
        Ok(true)
    }

    /// Stops the hashing thread when the job ends early; the part and journal stay.
    pub fn abandon(&self) {
        if let Some(layout) = &self.lock().layout {
            layout.abandoned.store(true, Ordering::Relaxed);
        }
    }

    /// Fetches range `index` of `layout`, retrying as the policy says.
    pub async fn fetch(
        &self,
        layout: &Layout,
        index: usize,
        cancel: &Cancel,
    ) -> Result<(), RangeError> {
        let policy = &self.base.config.retry;
        let cancelled = || RangeError::Fatal(DownloadError::Cancelled);
        retry_cancellable(policy, cancel, cancelled, |attempt: Attempt| async move {
            match self.attempt(layout, index, cancel).await {
                Ok(()) => Outcome::Done(Ok(())),
                Err(failure) => self.settle(failure, attempt),
            }
        })
        .await
    }

    /// A wrong answer for a range (too many or too few bytes) is as a broken connection;
    /// the rest as for any request.
    fn settle(&self, failure: Failure, attempt: Attempt) -> Outcome<(), RangeError> {
        self.base
            .settle_network(failure, attempt)
            .map_err(RangeError::from)
    }

    async fn attempt(&self, layout: &Layout, index: usize, cancel: &Cancel) -> Result<(), Failure> {
        let (_, end) = layout.spans[index];
        let started = layout.done[index].load(Ordering::Acquire);
        if started >= end {
            return Ok(());
        }
        let range = format!("bytes={started}-{}", end - 1);
        let cdn = self.cdn.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let answer = match &cdn {
            Some(url) => self.base.request_from(url.clone(), Some(&range)).await,
            None => {
                self.base.gate.pass().await;
                self.base
                    .request_from(self.base.url.clone(), Some(&range))
                    .await
            }
        };
        let (response, answered) = match answer {
            Ok(answer) => answer,
            Err(Failure::Fatal(DownloadError::Refused { status, .. })) if cdn.is_some() => {
                // A signed URL past its expiry: ask the Hub for a fresh one.
                *self.cdn.lock().unwrap_or_else(|e| e.into_inner()) = None;
                return Err(Failure::Transient {
                    message: format!("the CDN refused its signed URL (HTTP {status})"),
                    wait: Some(Duration::ZERO),
                    progressed: false,
                });
            }
            Err(failure) => return Err(failure),
        };
        if response.status() == StatusCode::OK {
            // The whole file for one range: dropped unread, the range asked again.
            let ignored = self.ignored.fetch_add(1, Ordering::Relaxed) + 1;
            if ignored >= IGNORED_BEFORE_FALLBACK {
                return Err(Failure::Fatal(no_ranges()));
            }
            return Err(Failure::Transient {
                message: "the server answered a range request with the whole file".into(),
                wait: None,
                progressed: false,
            });
        }
        let start = response
            .headers()
            .get(CONTENT_RANGE)
            .and_then(|v| v.to_str().ok())
            .and_then(content_range_start);
        if start != Some(started) {
            return Err(Failure::Transient {
                message: format!("asked for {range}, got a range from {start:?}"),
                wait: None,
                progressed: false,
            });
        }
        if cdn.is_none() && answered.origin() != self.base.config.endpoint.origin() {
            *self.cdn.lock().unwrap_or_else(|e| e.into_inner()) = Some(answered);
        }
        self.stream(response, layout, index, started, cancel).await
    }

    /// Writes the body at its offset, recording each chunk in the journal after it landed.
    async fn stream(
        &self,
        mut response: reqwest::Response,
        layout: &Layout,
        index: usize,
        started: u64,
        cancel: &Cancel,
    ) -> Result<(), Failure> {
        let (_, end) = layout.spans[index];
        let part = &self.base.part;
        let mut at = started;
        while at < end {
            if cancel.is_cancelled() {
                return Err(Failure::Fatal(DownloadError::Cancelled));
            }
            if layout.abandoned.load(Ordering::Relaxed) {
                return Ok(()); // thrown away meanwhile: nothing to add to it
            }
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(error) => {
                    return Err(Failure::Transient {
                        message: root_cause(&error),
                        wait: None,
                        progressed: at > started,
                    });
                }
            };
            let len = chunk.len() as u64;
            if at + len > end {
                return Err(Failure::Corrupt(format!(
                    "the server sent more than the {} bytes asked for",
                    end - started
                )));
            }
            // Synchronous: a write to the page cache, shorter than a hop to a blocking thread.
            pio::write_all_at(&layout.part, &chunk, at)
                .map_err(|e| Failure::Fatal(DownloadError::io("write", part)(e)))?;
            at += len;
            layout.journal.record(index, at).map_err(|e| {
                Failure::Fatal(DownloadError::io("write", layout.journal.path())(e))
            })?;
            layout.done[index].store(at, Ordering::Release);
            self.base.meter.received(len);
        }
        if at < end {
            return Err(Failure::Transient {
                message: format!(
                    "the connection closed {} bytes short of its range",
                    end - at
                ),
                wait: None,
                progressed: at > started,
            });
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn no_ranges() -> DownloadError {
    DownloadError::Setup {
        message: "no ranges".into(),
    }
}

/// Whether `error` is the signal that the server ignores ranges.
pub(crate) fn is_no_ranges(error: &DownloadError) -> bool {
    matches!(error, DownloadError::Setup { message } if message == "no ranges")
}

impl From<DownloadError> for RangeError {
    fn from(error: DownloadError) -> Self {
        if is_no_ranges(&error) {
            Self::NoRanges
        } else {
            Self::Fatal(error)
        }
    }
}

/// `<content id>.ranges` beside `<content id>.part`.
pub(crate) fn journal_path(part: &std::path::Path) -> PathBuf {
    part.with_extension("ranges")
}

/// The bytes a journal (or, without one, a single-stream prefix) says the part holds.
pub(crate) fn held(part: &std::path::Path, id: &str, size: u64) -> u64 {
    match Journal::load(&journal_path(part), id, size) {
        Some((_, spans)) => spans.iter().map(|s: &Span| s.done - s.start).sum(),
        None => std::fs::metadata(part).map_or(0, |m| m.len().min(size)),
    }
}

/// Hashes the part in order: following the landed prefix as it grows (`during`), or in one
/// pass once every range has landed. Returns early (an error) when the layout is abandoned.
fn hash_part(layout: &Layout, check: &crate::Check, during: bool) -> std::io::Result<Hasher> {
    let mut hasher = Hasher::new(check, layout.size);
    let mut buf = vec![0u8; 4 << 20];
    let mut hashed = 0u64;
    while hashed < layout.size {
        if layout.abandoned.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("abandoned"));
        }
        let frontier = layout.frontier();
        if frontier <= hashed || (!during && frontier < layout.size) {
            std::thread::sleep(Duration::from_millis(20));
            continue;
        }
        let want = (frontier - hashed).min(buf.len() as u64) as usize;
        let n = pio::read_at(&layout.part, &mut buf[..want], hashed)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        hasher.update(&buf[..n]);
        hashed += n as u64;
    }
    Ok(hasher)
}
