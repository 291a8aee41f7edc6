//! Which work a free connection takes, and the workers that take it.
//!
//! One worker per connection the job may ever use (`max_connections`); the
//! [`Limiter`](crate::sched::Limiter) lets only as many run at once as the controller allows.
//! A worker with a slot takes, in this order:
//!
//! 1. the next range of the biggest large file that still has ranges to hand out (each file at
//!    most `connections_per_file` at once);
//! 2. else the next small file (biggest first), while fewer than `concurrency` small files are
//!    in flight: small files cost a resolver call each, and the Hub meters those;
//! 3. else nothing: it gives the slot back and looks again shortly while any work is left
//!    (a large file fetched again after a bad hash hands out its ranges anew).
//!
//! The first error stops every worker from taking more work; what is in flight ends on its own
//! (a range at its end, a small file when it is placed), as the job's parts stay for a resume.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hugflow_core::progress::Cancel;

use std::path::PathBuf;

use crate::fetch::FileFetch;
use crate::gate::RateGate;
use crate::meter::Meter;
use crate::ranged::{Claim, Finished, RangeError, Ranged};
use crate::sched::Limiter;
use crate::{DownloadError, Downloader, FileSpec, JobAt, part_path};

/// How long a worker with nothing to take waits before it looks again.
const IDLE: Duration = Duration::from_millis(20);

/// What every file of one job shares. Each file's [`FileFetch`] is made when its turn comes,
/// so a job of 300k small files holds their specs, not 300k requests-to-be.
pub(crate) struct Fetches {
    pub downloader: Downloader,
    pub job: JobAt,
    pub incomplete: PathBuf,
    pub meter: Arc<Meter>,
    pub gate: Arc<RateGate>,
}

impl Fetches {
    pub fn make(&self, file: FileSpec) -> Result<FileFetch, DownloadError> {
        let (downloader, job) = (&self.downloader, &self.job);
        Ok(FileFetch {
            client: downloader.client.clone(),
            config: downloader.config.clone(),
            url: hugflow_http::resolve_url(
                &downloader.config.endpoint,
                &job.repo_path,
                &job.commit,
                &file.path,
            ),
            part: part_path(&self.incomplete, &file)?,
            target: job.dest.join(&file.path),
            file,
            meter: self.meter.clone(),
            gate: self.gate.clone(),
        })
    }
}

pub(crate) struct Work {
    fetches: Fetches,
    /// Large files, biggest first.
    pub ranged: Vec<Arc<Ranged>>,
    /// Small files, biggest first.
    small: Mutex<VecDeque<FileSpec>>,
    small_active: AtomicUsize,
    small_cap: usize,
    pub limiter: Limiter,
    /// Set by the first error: no more work is taken.
    stop: Cancel,
    first_error: Mutex<Option<DownloadError>>,
}

enum Task {
    Range(Arc<Ranged>, Arc<crate::ranged::Layout>, usize),
    Finish(Arc<Ranged>),
    Whole(Box<FileFetch>),
}

impl Work {
    pub fn new(
        fetches: Fetches,
        ranged: Vec<Arc<Ranged>>,
        small: Vec<FileSpec>,
        limiter: Limiter,
    ) -> Self {
        let small_cap = fetches.downloader.config.concurrency.max(1);
        Self {
            fetches,
            ranged,
            small: Mutex::new(small.into()),
            small_active: AtomicUsize::new(0),
            small_cap,
            limiter,
            stop: Cancel::new(),
            first_error: Mutex::new(None),
        }
    }

    /// The first error any worker met, if one did.
    pub fn take_error(&self) -> Option<DownloadError> {
        lock(&self.first_error).take()
    }

    /// Stops the hashing threads of large files left unfinished (an error or a cancel).
    pub fn abandon(&self) {
        self.ranged.iter().for_each(|file| file.abandon());
    }

    /// One connection's loop: takes work until none is left, the job stops or `cancel` is set.
    pub async fn worker(self: Arc<Self>, cancel: Cancel) {
        loop {
            if self.stop.is_cancelled() || cancel.is_cancelled() {
                return;
            }
            let slot = self.limiter.acquire().await;
            let task = match self.next() {
                Ok(task) => task,
                Err(error) => return self.fail(error),
            };
            let Some(task) = task else {
                drop(slot);
                if !self.left() {
                    return;
                }
                tokio::time::sleep(IDLE).await;
                continue;
            };
            if let Err(error) = self.run(task, &cancel).await {
                return self.fail(error);
            }
        }
    }

    fn next(&self) -> Result<Option<Task>, DownloadError> {
        for file in self.ranged.iter().filter(|file| file.wants()) {
            match file.claim()? {
                Claim::Range(layout, index) => {
                    return Ok(Some(Task::Range(file.clone(), layout, index)));
                }
                Claim::Finish => return Ok(Some(Task::Finish(file.clone()))),
                Claim::Nothing => {}
            }
        }
        if self.small_active.load(Ordering::Acquire) >= self.small_cap {
            return Ok(None);
        }
        let Some(file) = lock(&self.small).pop_front() else {
            return Ok(None);
        };
        self.small_active.fetch_add(1, Ordering::AcqRel);
        match self.fetches.make(file) {
            Ok(fetch) => Ok(Some(Task::Whole(Box::new(fetch)))),
            Err(error) => {
                self.small_active.fetch_sub(1, Ordering::AcqRel);
                Err(error)
            }
        }
    }

    /// Whether any file may still have work to hand out.
    fn left(&self) -> bool {
        !lock(&self.small).is_empty() || self.ranged.iter().any(|file| !file.closed())
    }

    async fn run(&self, task: Task, cancel: &Cancel) -> Result<(), DownloadError> {
        match task {
            Task::Whole(file) => {
                let result = file.run(cancel).await;
                self.small_active.fetch_sub(1, Ordering::AcqRel);
                result
            }
            Task::Finish(file) => finish(&file).await,
            Task::Range(file, layout, index) => {
                let fetched = file.fetch(&layout, index, cancel).await;
                let last = file.ended(&layout, index);
                match fetched {
                    Ok(()) if last => finish(&file).await,
                    Ok(()) => Ok(()),
                    Err(RangeError::Fatal(error)) => Err(error),
                    Err(RangeError::NoRanges) => {
                        // The server will not serve ranges of it: one stream, on this slot.
                        if file.fall_back()? {
                            tracing::info!(path = %file.base.file.path, "no ranges; one stream");
                            file.base.run(cancel).await?;
                        }
                        Ok(())
                    }
                }
            }
        }
    }

    fn fail(&self, error: DownloadError) {
        self.stop.cancel();
        lock(&self.first_error).get_or_insert(error);
    }
}

async fn finish(file: &Ranged) -> Result<(), DownloadError> {
    match file.finish().await? {
        Finished::Placed | Finished::Again => Ok(()),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
