//! Counts what the workers do and turns it into progress reports: bytes, files, rate, ETA.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hugflow_core::progress::{FileCount, Progress, ProgressSink, ProgressUnit};

/// How often the sink hears from a running download.
pub(crate) const REPORT_EVERY: Duration = Duration::from_millis(200);

/// The rate is averaged over this much recent time, so it follows changes without jitter.
const RATE_WINDOW: Duration = Duration::from_secs(5);

pub(crate) struct Meter {
    task: String,
    bytes_total: u64,
    files_total: u64,
    bytes_done: AtomicU64,
    files_done: AtomicU64,
    fetched: AtomicU64,
    corrupt: AtomicU64,
    retries: AtomicU64,
    connections: AtomicU64,
    current: Mutex<Option<String>>,
    samples: Mutex<VecDeque<(Instant, u64)>>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Stats {
    pub fetched: u64,
    pub corrupt: u64,
    pub retries: u64,
}

impl Meter {
    pub fn new(
        task: &str,
        bytes_total: u64,
        files_total: u64,
        bytes_done: u64,
        files_done: u64,
    ) -> Self {
        Self {
            task: task.to_string(),
            bytes_total,
            files_total,
            bytes_done: AtomicU64::new(bytes_done),
            files_done: AtomicU64::new(files_done),
            fetched: AtomicU64::new(0),
            corrupt: AtomicU64::new(0),
            retries: AtomicU64::new(0),
            connections: AtomicU64::new(0),
            current: Mutex::new(None),
            samples: Mutex::new(VecDeque::from([(Instant::now(), 0)])),
        }
    }

    /// Bytes arrived from the network and were written.
    pub fn received(&self, bytes: u64) {
        self.bytes_done.fetch_add(bytes, Ordering::Relaxed);
        self.fetched.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Bytes found on disk (a part kept from an earlier attempt) that count as done.
    pub fn resumed(&self, bytes: u64) {
        self.bytes_done.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Bytes counted as done that must be fetched again (a corrupt or restarted file).
    pub fn discarded(&self, bytes: u64) {
        self.bytes_done.fetch_sub(bytes, Ordering::Relaxed);
    }

    pub fn file_done(&self, path: &str) {
        self.files_done.fetch_add(1, Ordering::Relaxed);
        *self.current.lock().unwrap_or_else(|e| e.into_inner()) = Some(path.to_string());
    }

    pub fn corrupt(&self) {
        self.corrupt.fetch_add(1, Ordering::Relaxed);
    }

    pub fn retry(&self) {
        self.retries.fetch_add(1, Ordering::Relaxed);
    }

    /// Connections in use now.
    pub fn set_connections(&self, connections: usize) {
        self.connections
            .store(connections as u64, Ordering::Relaxed);
    }

    pub fn stats(&self) -> Stats {
        Stats {
            fetched: self.fetched.load(Ordering::Relaxed),
            corrupt: self.corrupt.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
        }
    }

    /// Sends the current state to `sink`.
    pub fn report(&self, sink: &dyn ProgressSink) {
        let done = self
            .bytes_done
            .load(Ordering::Relaxed)
            .min(self.bytes_total);
        let rate = self.rate();
        let left = self.bytes_total - done;
        let eta_seconds = match rate {
            Some(rate) if rate > 0.0 => Some((left as f64 / rate).ceil() as u64),
            _ if left == 0 => Some(0),
            _ => None,
        };
        sink.report(&Progress {
            task: self.task.clone(),
            done,
            total: Some(self.bytes_total),
            unit: ProgressUnit::Bytes,
            message: self
                .current
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
            files: Some(FileCount {
                done: self.files_done.load(Ordering::Relaxed),
                total: self.files_total,
            }),
            rate,
            eta_seconds,
            connections: Some(self.connections.load(Ordering::Relaxed) as u32),
        });
    }

    /// Bytes per second fetched over the last [`RATE_WINDOW`].
    fn rate(&self) -> Option<f64> {
        let now = Instant::now();
        let fetched = self.fetched.load(Ordering::Relaxed);
        let mut samples = self.samples.lock().unwrap_or_else(|e| e.into_inner());
        samples.push_back((now, fetched));
        while samples.len() > 2 && now.duration_since(samples[1].0) >= RATE_WINDOW {
            samples.pop_front();
        }
        let (start, start_bytes) = *samples.front()?;
        let elapsed = now.duration_since(start).as_secs_f64();
        (elapsed >= 0.5).then(|| (fetched - start_bytes) as f64 / elapsed)
    }
}
