//! Polling with a deadline, for things that become true a moment later.

use std::time::{Duration, Instant};

/// Calls `check` every 50 ms until it returns `Some`, or panics after `timeout` with `what`.
pub fn until<T>(what: &str, timeout: Duration, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check() {
            return value;
        }
        if Instant::now() >= deadline {
            panic!("timed out after {timeout:?} waiting for {what}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
