//! One gate every worker passes before a resolver call (`/resolve/`, the Hub's `resolvers`
//! bucket), for two reasons:
//!
//! - **429s.** "Too many requests" answered to one download applies to all of them, so they
//!   wait together instead of each being refused.
//! - **The budget.** Every `/resolve/` answer says how many calls are left in the Hub's fixed
//!   window and when it resets; the shared [`Pacer`] (hugflow-http, the same one that paces
//!   tree pages in the `api` bucket) spreads the calls left over the time left when the job
//!   needs more than that.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use hugflow_http::{Bucket, Pacer};

pub(crate) struct RateGate {
    state: Mutex<GateState>,
    pacer: Mutex<Pacer>,
    patience: Duration,
}

struct GateState {
    open_at: Instant,
    waited: Duration,
}

impl RateGate {
    /// A gate for `calls` resolver calls, at most `concurrency` at once.
    pub fn new(patience: Duration, calls: u64, concurrency: usize) -> Self {
        Self {
            state: Mutex::new(GateState {
                open_at: Instant::now(),
                waited: Duration::ZERO,
            }),
            pacer: Mutex::new(Pacer::new(Bucket::Resolvers, calls, concurrency, patience)),
            patience,
        }
    }

    /// Waits until the gate is open and this call's turn in the budget has come.
    pub async fn pass(&self) {
        hugflow_http::wait_turn(&self.pacer, || Some(self.lock().open_at)).await;
    }

    /// Hears the rate-limit headers of an answer to a call (any answer: the CDN's carry
    /// none and change nothing).
    pub fn observe(&self, headers: &reqwest::header::HeaderMap) {
        if let Some(budget) = hugflow_http::rate_limit_budget(headers) {
            self.pacer
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .observe(&budget, Instant::now());
        }
    }

    /// Notes for the user since the last call (the estimate, pacing).
    pub fn take_notes(&self) -> Vec<String> {
        self.pacer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take_notes()
    }

    /// Closes the gate for `wait`; `Err(total waited)` once the waits exceed the patience.
    pub fn close_for(&self, wait: Duration) -> Result<(), Duration> {
        let mut state = self.lock();
        let until = Instant::now() + wait;
        if until > state.open_at {
            // Count only the part of this wait not already covered by an earlier one.
            let added = until - state.open_at.max(Instant::now());
            state.waited += added;
            state.open_at = until;
        }
        if state.waited > self.patience {
            Err(state.waited)
        } else {
            Ok(())
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}
