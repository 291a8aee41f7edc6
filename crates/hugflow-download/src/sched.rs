//! How many connections a job uses, and for what.
//!
//! - [`Limiter`]: every request holds one connection slot; there are at most `limit` of them,
//!   and the limit moves.
//! - [`Controller`]: moves the limit with the measured rate. It starts at the configured
//!   file concurrency and adds connections (half as many again) while they are all busy and
//!   the last step raised the rate by at least [`GAIN`]; a step that did not is taken back
//!   and the limit held. A 429, a stalled or reset connection, or the rate collapsing to
//!   under half of what the held limit gave, takes a quarter of the connections away and
//!   holds for [`COOL_DOWN`] before probing upwards again. The reason: more connections than
//!   the path carries do not go faster, they get throttled. The Hub's Xet client at its
//!   defaults fell from 2.3 GB/s to under 1 MB/s after 20–30 GB, and pinned to 4 connections
//!   gave a steady 300 MB/s (huggingface_hub #4893).
//! - Which work a free slot takes is the queue's business (`lib.rs`): ranges of the biggest
//!   files first, small files in the rest.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

/// A step up must raise the rate by this share to be kept.
const GAIN: f64 = 0.08;
/// How long the rate is measured at one limit before the next decision.
pub(crate) const TICK: Duration = Duration::from_secs(1);
/// After trouble, how long the limit is held before probing upwards again.
const COOL_DOWN: Duration = Duration::from_secs(20);
/// A held limit is probed upwards again this often (the path may have freed up).
const REPROBE: Duration = Duration::from_secs(60);

pub(crate) struct Limiter {
    state: Mutex<Slots>,
    freed: Notify,
    /// The most connections busy at once since the controller last looked.
    peak: AtomicUsize,
}

struct Slots {
    active: usize,
    limit: usize,
}

/// One connection's slot; given back on drop.
pub(crate) struct Slot<'a>(&'a Limiter);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.lock().active -= 1;
        self.0.freed.notify_waiters();
    }
}

impl Limiter {
    pub fn new(limit: usize) -> Self {
        Self {
            state: Mutex::new(Slots {
                active: 0,
                limit: limit.max(1),
            }),
            freed: Notify::new(),
            peak: AtomicUsize::new(0),
        }
    }

    /// Waits for a free slot under the current limit.
    pub async fn acquire(&self) -> Slot<'_> {
        loop {
            let freed = self.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            {
                let mut slots = self.lock();
                if slots.active < slots.limit {
                    slots.active += 1;
                    self.peak.fetch_max(slots.active, Ordering::Relaxed);
                    return Slot(self);
                }
            }
            freed.await;
        }
    }

    pub fn active(&self) -> usize {
        self.lock().active
    }

    pub fn limit(&self) -> usize {
        self.lock().limit
    }

    fn set_limit(&self, limit: usize) {
        self.lock().limit = limit.max(1);
        self.freed.notify_waiters();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slots> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    /// Adding connections; the rate at the limit before the last step.
    Growing { before: Option<(usize, f64)> },
    /// Holding the limit, which gave this rate, until this instant.
    Holding { rate: f64, until: Instant },
}

pub(crate) struct Controller {
    cap: usize,
    phase: Phase,
    last: (Instant, u64),
    retries: u64,
}

impl Controller {
    /// A controller moving `limiter`'s limit up to `cap`; `fetched` is the byte count so far.
    pub fn new(cap: usize, fetched: u64) -> Self {
        Self {
            cap: cap.max(1),
            phase: Phase::Growing { before: None },
            last: (Instant::now(), fetched),
            retries: 0,
        }
    }

    /// Called every [`TICK`] or so with the bytes fetched and the requests retried so far (a
    /// retry is a 429, a stall or a reset: trouble); moves the limit.
    pub fn tick(&mut self, limiter: &Limiter, fetched: u64, retries: u64) {
        let now = Instant::now();
        let elapsed = now.duration_since(self.last.0).as_secs_f64();
        if elapsed < TICK.as_secs_f64() * 0.9 {
            return;
        }
        let rate = fetched.saturating_sub(self.last.1) as f64 / elapsed;
        let trouble = retries > self.retries;
        self.last = (now, fetched);
        self.retries = retries;
        let limit = limiter.limit();
        // All slots busy at some point of the tick: more might have been used.
        let busy = limiter.peak.swap(limiter.active(), Ordering::Relaxed) >= limit;
        let (next, phase) = decide(self.phase, limit, self.cap, rate, busy, trouble, now);
        if next != limit {
            tracing::debug!(limit, next, rate, "connections");
            limiter.set_limit(next);
        }
        self.phase = phase;
    }
}

/// The next limit and phase, from the rate measured at `limit` over the last tick.
fn decide(
    phase: Phase,
    limit: usize,
    cap: usize,
    rate: f64,
    busy: bool,
    trouble: bool,
    now: Instant,
) -> (usize, Phase) {
    let back_off = |limit: usize, rate: f64| {
        let next = (limit - limit / 4).max(1);
        (
            next,
            Phase::Holding {
                rate: rate * next as f64 / limit as f64,
                until: now + COOL_DOWN,
            },
        )
    };
    if trouble && limit > 1 {
        return back_off(limit, rate);
    }
    match phase {
        Phase::Growing { before } => {
            if !busy {
                // The work in hand does not fill the slots: nothing to learn at this limit.
                return (limit, phase);
            }
            match before {
                Some((previous, before)) if rate < before * (1.0 + GAIN) => (
                    previous,
                    Phase::Holding {
                        rate: before,
                        until: now + REPROBE,
                    },
                ),
                _ if limit >= cap => (
                    limit,
                    Phase::Holding {
                        rate,
                        until: now + REPROBE,
                    },
                ),
                _ => {
                    let next = (limit + (limit / 2).max(1)).min(cap);
                    (
                        next,
                        Phase::Growing {
                            before: Some((limit, rate)),
                        },
                    )
                }
            }
        }
        Phase::Holding { rate: held, until } => {
            if busy && rate < held * 0.5 && limit > 1 {
                // Throttled: the same connections carry half of what they did.
                return back_off(limit, held);
            }
            if now >= until {
                (limit, Phase::Growing { before: None })
            } else {
                (limit, phase)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn growing() -> Phase {
        Phase::Growing { before: None }
    }

    #[test]
    fn connections_are_added_while_they_add_throughput_and_the_last_useless_step_is_undone() {
        let now = Instant::now();
        // 40 MB/s a connection up to 12 connections, flat after.
        let rate = |n: usize| 40e6 * n.min(12) as f64;
        let (mut limit, mut phase) = (8, growing());
        for _ in 0..6 {
            (limit, phase) = decide(phase, limit, 64, rate(limit), true, false, now);
        }
        assert_eq!(limit, 12, "{phase:?}");
        assert!(matches!(phase, Phase::Holding { .. }));
    }

    #[test]
    fn the_cap_is_never_passed_and_idle_slots_teach_nothing() {
        let now = Instant::now();
        let (limit, phase) = decide(growing(), 12, 16, 1e9, true, false, now);
        assert_eq!(limit, 16);
        let (limit, phase) = decide(phase, limit, 16, 2e9, true, false, now);
        assert_eq!(limit, 16);
        assert!(matches!(phase, Phase::Holding { .. }));
        let (limit, phase) = decide(growing(), 8, 16, 1e6, false, false, now);
        assert_eq!((limit, phase), (8, growing()));
    }

    #[test]
    fn a_429_a_stall_or_a_collapse_takes_connections_away() {
        let now = Instant::now();
        let (limit, phase) = decide(growing(), 16, 32, 6e8, true, true, now);
        assert_eq!(limit, 12);
        assert!(matches!(phase, Phase::Holding { .. }));
        // Held at 12 for 480 MB/s; then the same 12 carry 1 MB/s.
        let (limit, _) = decide(phase, limit, 32, 1e6, true, false, now);
        assert_eq!(limit, 9);
    }
}
