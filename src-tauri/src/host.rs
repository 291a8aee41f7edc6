//! The shell's side of `hugflow_api::AppHost`: "something changed" broadcasts become Tauri
//! events the UI listens to; notifications go to the desktop's notification server
//! (notify-rust), and clicking one opens its page; URLs open in the default browser. Both
//! get only URLs the facade's allow-list admitted (`hugflow_api::AllowedUrl`): the shell has
//! no rule of its own and cannot be handed anything else to open.

use hugflow_api::{AllowedUrl, AppHost, Notification};
use tauri::{AppHandle, Emitter};

/// Event names the UI subscribes to (ui/src/backend/tauri.ts).
pub const LOCAL_STATUS_CHANGED: &str = "local-status-changed";
pub const REQUESTS_CHANGED: &str = "requests-changed";
pub const HOSTS_CHANGED: &str = "hosts-changed";

pub struct TauriHost {
    app: AppHandle,
}

impl TauriHost {
    pub fn new(app: AppHandle) -> Self {
        Self { app }
    }

    fn emit(&self, event: &str) {
        if let Err(error) = self.app.emit(event, ()) {
            tracing::warn!(%error, event, "cannot notify the window");
        }
    }
}

impl AppHost for TauriHost {
    fn local_status_changed(&self) {
        self.emit(LOCAL_STATUS_CHANGED);
    }

    fn requests_changed(&self) {
        self.emit(REQUESTS_CHANGED);
    }

    fn hosts_changed(&self) {
        self.emit(HOSTS_CHANGED);
    }

    fn notify(&self, notification: Notification) {
        // Showing talks D-Bus and waiting for a click blocks: neither belongs on the poller.
        std::thread::spawn(move || {
            let mut shown = notify_rust::Notification::new();
            shown
                .appname("Hugflow")
                .summary(&notification.title)
                .body(&notification.body);
            // Host syncs have no page to open, and a link the allow-list refused was dropped;
            // request events open their PR, retrain runs their Actions run.
            if notification.url.is_some() {
                shown.action("default", "Open");
            }
            let shown = shown.show();
            match shown {
                #[cfg(all(unix, not(target_os = "macos")))]
                Ok(handle) => handle.wait_for_action(|action| {
                    if action == "default"
                        && let Some(url) = &notification.url
                        && let Err(error) = open_in_browser(url)
                    {
                        tracing::warn!(%error, "cannot open the notification's page");
                    }
                }),
                #[cfg(not(all(unix, not(target_os = "macos"))))]
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "cannot show a notification"),
            }
        });
    }

    fn open_url(&self, url: &AllowedUrl) -> Result<(), String> {
        open_in_browser(url).map_err(|error| error.to_string())
    }
}

/// Set to a file, the opener appends each URL to it (one a line) instead of launching the
/// browser: the end-to-end tests read what the app really opened, and a machine without a
/// browser can still be driven.
pub const OPEN_LOG_ENV: &str = "HUGFLOW_OPEN_LOG";

/// Opens an admitted URL in the default browser, or records it in `HUGFLOW_OPEN_LOG`.
fn open_in_browser(url: &AllowedUrl) -> std::io::Result<()> {
    match std::env::var_os(OPEN_LOG_ENV).filter(|path| !path.is_empty()) {
        Some(path) => {
            use std::io::Write;
            let mut log = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)?;
            writeln!(log, "{}", url.as_str())
        }
        None => open::that_detached(url.as_str()),
    }
}
