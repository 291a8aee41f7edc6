//! The fake Hub server: three listeners on 127.0.0.1 (the Hub, the CDN its LFS redirects
//! point to, and the dataset viewer, on an origin of its own as datasets-server.huggingface.co
//! is) served by axum on a tokio runtime of their own, on a background thread, so sync and
//! async tests alike just call [`FakeHub::start`]. [`FakeHub::stop`] (or drop) closes every
//! listener and every open connection; [`FakeHub::start_on`] brings a Hub back on the same
//! port, for tests of what happens while it is down.

mod api;
mod auth;
mod body;
mod errors;
mod faults;
mod live;
mod log;
mod paths;
mod ratelimit;
mod resolve;
mod routes;
mod spaces;
mod state;
mod viewer;

use std::io;
use std::net::TcpListener;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::oneshot;

pub use faults::Faults;
pub use live::{Files, LiveRepos};
pub use log::{Listener, LoggedRequest};
pub use ratelimit::RateBucket;
pub use spaces::{SpaceCall, Spaces};
pub use state::HubOptions;

use super::Corpus;
use state::Shared;

/// A running fake Hub.
pub struct FakeHub {
    state: Arc<Shared>,
    port: u16,
    cdn_port: u16,
    viewer_port: u16,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for FakeHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "FakeHub({}, cdn {}, viewer {})",
            self.url(),
            self.cdn_url(),
            self.viewer_url()
        )
    }
}

impl FakeHub {
    /// Serves `corpus` on free ports with the default options.
    pub fn start(corpus: impl Into<Arc<Corpus>>) -> Self {
        Self::start_with(corpus, HubOptions::default())
    }

    /// Serves `corpus` on `port` (e.g. the port of a Hub that was stopped).
    pub fn start_on(port: u16, corpus: impl Into<Arc<Corpus>>) -> Self {
        Self::start_with(
            corpus,
            HubOptions {
                port,
                ..HubOptions::default()
            },
        )
    }

    /// Serves `corpus` with `options`; panics with the reason when a port cannot be bound.
    pub fn start_with(corpus: impl Into<Arc<Corpus>>, options: HubOptions) -> Self {
        let (port, cdn_port) = (options.port, options.cdn_port);
        Self::try_start(corpus, options).unwrap_or_else(|e| {
            panic!("start the fake Hub on 127.0.0.1:{port} (CDN on port {cdn_port}): {e}")
        })
    }

    /// Serves `corpus` with `options`.
    pub fn try_start(corpus: impl Into<Arc<Corpus>>, options: HubOptions) -> io::Result<Self> {
        let hub = bind(options.port)?;
        let cdn = bind(options.cdn_port)?;
        let viewer = bind(options.viewer_port)?;
        let (port, cdn_port) = (hub.local_addr()?.port(), cdn.local_addr()?.port());
        let viewer_port = viewer.local_addr()?.port();
        let state = Arc::new(Shared::new(
            corpus.into(),
            options,
            [port, cdn_port, viewer_port].map(|port| format!("http://127.0.0.1:{port}")),
        ));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("fake-hub-worker")
            .enable_all()
            .build()?;
        let (shutdown, stopped) = oneshot::channel();
        let (hub_app, cdn_app) = (routes::hub(state.clone()), routes::cdn(state.clone()));
        let viewer_app = routes::viewer(state.clone());
        let thread = std::thread::Builder::new()
            .name(format!("fake-hub-{port}"))
            .spawn(move || {
                runtime.block_on(async move {
                    let hub = tokio::net::TcpListener::from_std(hub).expect("register listener");
                    let cdn = tokio::net::TcpListener::from_std(cdn).expect("register listener");
                    let viewer =
                        tokio::net::TcpListener::from_std(viewer).expect("register listener");
                    tokio::select! {
                        _ = stopped => {}
                        result = axum::serve(hub, hub_app) => {
                            eprintln!("fake Hub on port {port} stopped: {result:?}");
                        }
                        result = axum::serve(cdn, cdn_app) => {
                            eprintln!("fake CDN on port {cdn_port} stopped: {result:?}");
                        }
                        result = axum::serve(viewer, viewer_app) => {
                            eprintln!("fake viewer on port {viewer_port} stopped: {result:?}");
                        }
                    }
                });
                // Drops the connection tasks, closing every socket before `stop` returns.
                runtime.shutdown_timeout(Duration::from_secs(2));
            })?;
        Ok(Self {
            state,
            port,
            cdn_port,
            viewer_port,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, the value for `HF_ENDPOINT`.
    pub fn url(&self) -> &str {
        &self.state.hub_url
    }

    /// `http://127.0.0.1:CDN_PORT`, where LFS downloads are redirected.
    pub fn cdn_url(&self) -> &str {
        &self.state.cdn_url
    }

    /// `http://127.0.0.1:VIEWER_PORT`, the dataset viewer: the value for `HF_VIEWER_ENDPOINT`.
    pub fn viewer_url(&self) -> &str {
        &self.state.viewer_url
    }

    pub fn viewer_port(&self) -> u16 {
        self.viewer_port
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn cdn_port(&self) -> u16 {
        self.cdn_port
    }

    /// The first valid token.
    pub fn token(&self) -> &str {
        self.state
            .options
            .tokens
            .first()
            .map_or(super::DEFAULT_TOKEN, String::as_str)
    }

    pub fn corpus(&self) -> &Arc<Corpus> {
        &self.state.corpus
    }

    /// Fault injection, changeable while the server runs.
    pub fn faults(&self) -> &Faults {
        &self.state.faults
    }

    /// The Spaces this Hub knows, and the restarts and pauses asked of them.
    pub fn spaces(&self) -> &Spaces {
        &self.state.spaces
    }

    /// Dataset repos whose files change while the Hub runs (a prepare Space's metadata).
    pub fn live(&self) -> &LiveRepos {
        &self.state.live
    }

    /// Every request so far (Hub and CDN), oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.state.log.all()
    }

    /// File bytes (Hub and CDN) handed to connections so far; what a client fetched, give or
    /// take what was in flight when it died.
    pub fn bytes_served(&self) -> u64 {
        self.state.served.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Requests answered `429 Too Many Requests` so far (by a budget or an injected fault).
    pub fn too_many_requests(&self) -> usize {
        self.state
            .log
            .all()
            .iter()
            .filter(|r| r.status == 429)
            .count()
    }

    /// Every request to the viewer's origin so far, oldest first.
    pub fn viewer_requests(&self) -> Vec<LoggedRequest> {
        self.state.viewer_log.all()
    }

    pub fn clear_requests(&self) {
        self.state.log.clear();
        self.state.viewer_log.clear();
    }

    /// Stops both listeners and closes every connection; the ports are free when it returns.
    pub fn stop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for FakeHub {
    fn drop(&mut self) {
        self.stop();
    }
}

fn bind(port: u16) -> io::Result<TcpListener> {
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}
