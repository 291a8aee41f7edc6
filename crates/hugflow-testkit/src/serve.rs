//! One axum app served on its own thread and runtime, stopped on demand: how the fake GitHub
//! and the fake Slack run beside a test (the fake Hub, with its two listeners, has its own).

use std::io;
use std::net::TcpListener;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::oneshot;

/// A running server; [`Served::stop`] (or drop) closes every connection.
#[derive(Debug)]
pub(crate) struct Served {
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Served {
    /// Serves `app` on `listener` (bound, non-blocking) on a thread named `name`.
    pub fn start(
        name: String,
        listener: TcpListener,
        runtime: tokio::runtime::Runtime,
        app: axum::Router,
    ) -> io::Result<Self> {
        let (shutdown, stopped) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name(name.clone())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener =
                        tokio::net::TcpListener::from_std(listener).expect("register listener");
                    tokio::select! {
                        _ = stopped => {}
                        result = axum::serve(listener, app) => {
                            eprintln!("{name} stopped: {result:?}");
                        }
                    }
                });
                // Drops the connection tasks, closing every socket before `stop` returns.
                runtime.shutdown_timeout(Duration::from_secs(2));
            })?;
        Ok(Self {
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    pub fn stop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.stop();
    }
}
