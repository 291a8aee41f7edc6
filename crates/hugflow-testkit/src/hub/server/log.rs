//! The request log tests read: every request to the Hub or the CDN, with whether it carried an
//! `Authorization` header (so a test can prove a client dropped it on the CDN redirect), its
//! `Range`, and the status it got.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// Keep at most this many requests (the oldest go first).
const CAPACITY: usize = 200_000;

/// Which listener answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listener {
    Hub,
    Cdn,
}

/// One request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    pub listener: Listener,
    pub method: String,
    /// Path and query, as sent.
    pub path: String,
    pub authorization: bool,
    pub range: Option<String>,
    pub status: u16,
}

/// A shared, bounded request log.
#[derive(Debug, Clone, Default)]
pub struct RequestLog(Arc<Mutex<VecDeque<LoggedRequest>>>);

impl RequestLog {
    pub fn push(&self, request: LoggedRequest) {
        let mut log = self.lock();
        if log.len() == CAPACITY {
            log.pop_front();
        }
        log.push_back(request);
    }

    pub fn all(&self) -> Vec<LoggedRequest> {
        self.lock().iter().cloned().collect()
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<LoggedRequest>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}
