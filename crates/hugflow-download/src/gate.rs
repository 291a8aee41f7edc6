//! One pause for every worker when the Hub says "too many requests": a 429 answered to one
//! download applies to all of them, so they wait together instead of each being refused.

use std::sync::Mutex;
use std::time::{Duration, Instant};

pub(crate) struct RateGate {
    state: Mutex<GateState>,
    patience: Duration,
}

struct GateState {
    open_at: Instant,
    waited: Duration,
}

impl RateGate {
    pub fn new(patience: Duration) -> Self {
        Self {
            state: Mutex::new(GateState {
                open_at: Instant::now(),
                waited: Duration::ZERO,
            }),
            patience,
        }
    }

    /// Waits until the gate is open.
    pub async fn pass(&self) {
        let open_at = self.lock().open_at;
        let now = Instant::now();
        if open_at > now {
            tokio::time::sleep(open_at - now).await;
        }
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
