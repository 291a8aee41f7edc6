//! The shell's side of `hugflow_api::AppHost`: "something changed" broadcasts become Tauri
//! events the UI listens to; notifications go to the desktop's notification server
//! (notify-rust), and clicking one opens its PR; URLs open in the default browser.

use hugflow_api::{AppHost, Notification};
use tauri::{AppHandle, Emitter};

/// Event names the UI subscribes to (ui/src/backend/tauri.ts).
pub const LOCAL_STATUS_CHANGED: &str = "local-status-changed";
pub const REQUESTS_CHANGED: &str = "requests-changed";

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

    fn notify(&self, notification: Notification) {
        // Showing talks D-Bus and waiting for a click blocks: neither belongs on the poller.
        std::thread::spawn(move || {
            let shown = notify_rust::Notification::new()
                .appname("Hugflow")
                .summary(&notification.title)
                .body(&notification.body)
                .action("default", "Open the PR")
                .show();
            match shown {
                #[cfg(all(unix, not(target_os = "macos")))]
                Ok(handle) => handle.wait_for_action(|action| {
                    if action == "default"
                        && let Err(error) = open::that_detached(&notification.url)
                    {
                        tracing::warn!(%error, "cannot open the PR");
                    }
                }),
                #[cfg(not(all(unix, not(target_os = "macos"))))]
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "cannot show a notification"),
            }
        });
    }

    fn open_url(&self, url: &str) -> Result<(), String> {
        open::that_detached(url).map_err(|error| error.to_string())
    }
}
