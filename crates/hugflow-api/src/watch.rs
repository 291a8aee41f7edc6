//! Watching a state directory, so the Local datasets page refreshes when a sync writes.
//!
//! A sync rewrites several files in a burst (temp file, rename, the other manifest, progress
//! files); events are coalesced until the directory has been quiet for a moment, and the
//! callback runs once per burst.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

const QUIET: Duration = Duration::from_millis(150);

/// Watches while alive; dropping it stops the watch and its thread.
pub struct CheckoutWatcher {
    _watcher: notify::RecommendedWatcher,
}

impl CheckoutWatcher {
    pub fn start(dir: &Path, on_change: impl Fn() + Send + 'static) -> notify::Result<Self> {
        let (send, receive) = mpsc::channel::<()>();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if let Ok(event) = event
                    && !event.kind.is_access()
                {
                    let _ = send.send(());
                }
            })?;
        watcher.watch(dir, RecursiveMode::Recursive)?;
        std::thread::Builder::new()
            .name("checkout-watch".into())
            .spawn(move || {
                // Ends when the watcher (and with it the sender) is dropped.
                while receive.recv().is_ok() {
                    while receive.recv_timeout(QUIET).is_ok() {}
                    on_change();
                }
            })
            .map_err(notify::Error::io)?;
        Ok(Self { _watcher: watcher })
    }
}
