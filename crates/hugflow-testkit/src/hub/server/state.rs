//! What every handler shares: the corpus, the options (tokens, page sizes), the fault handle,
//! the request log, the Spaces, and the three base URLs (Hub, CDN, viewer).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::body::Pace;
use super::faults::Faults;
use super::live::LiveRepos;
use super::log::RequestLog;
use super::spaces::Spaces;
use crate::hub::{Corpus, DEFAULT_TOKEN};

/// How to run a fake Hub.
#[derive(Debug, Clone)]
pub struct HubOptions {
    /// Port of the Hub on 127.0.0.1 (0 picks a free one).
    pub port: u16,
    /// Port of the CDN that LFS downloads redirect to (0 picks a free one).
    pub cdn_port: u16,
    /// Port of the dataset viewer (0 picks a free one).
    pub viewer_port: u16,
    /// Valid tokens (`Authorization: Bearer <token>`); the first is [`super::FakeHub::token`].
    pub tokens: Vec<String>,
    /// Most entries per `/api/datasets` page (the Hub: 1000); `limit` may ask for fewer.
    pub list_page_size: usize,
    /// Entries per `/tree` page (the Hub: 1000, and 50 with `expand=true`).
    pub tree_page_size: usize,
    /// Latency added to every response from the start.
    pub latency: Duration,
}

impl Default for HubOptions {
    fn default() -> Self {
        Self {
            port: 0,
            cdn_port: 0,
            viewer_port: 0,
            tokens: vec![DEFAULT_TOKEN.to_string()],
            list_page_size: 1000,
            tree_page_size: 1000,
            latency: Duration::ZERO,
        }
    }
}

/// State shared by the handlers of both listeners.
#[derive(Debug)]
pub struct Shared {
    pub corpus: Arc<Corpus>,
    pub options: HubOptions,
    pub faults: Faults,
    pub log: RequestLog,
    /// Every request to the viewer's origin.
    pub viewer_log: RequestLog,
    pub spaces: Spaces,
    pub live: LiveRepos,
    /// `http://127.0.0.1:PORT`
    pub hub_url: String,
    /// `http://127.0.0.1:CDN_PORT`
    pub cdn_url: String,
    /// `http://127.0.0.1:VIEWER_PORT`
    pub viewer_url: String,
    request_ids: AtomicU64,
    /// File bytes handed to connections so far, by both listeners.
    pub served: Arc<AtomicU64>,
}

impl Shared {
    pub fn new(
        corpus: Arc<Corpus>,
        options: HubOptions,
        [hub_url, cdn_url, viewer_url]: [String; 3],
    ) -> Self {
        let faults = Faults::default();
        faults.set_latency(options.latency);
        Self {
            corpus,
            options,
            faults,
            log: RequestLog::default(),
            viewer_log: RequestLog::default(),
            spaces: Spaces::default(),
            live: LiveRepos::default(),
            hub_url,
            cdn_url,
            viewer_url,
            request_ids: AtomicU64::new(1),
            served: Arc::default(),
        }
    }

    /// How file bodies go out now.
    pub fn pace(&self) -> Pace {
        Pace {
            bandwidth: self.faults.bandwidth(),
            served: self.served.clone(),
        }
    }

    pub fn next_request_id(&self) -> u64 {
        self.request_ids.fetch_add(1, Ordering::Relaxed)
    }
}
