//! The shell's side of `hugflow_api::AppHost`: "something changed" broadcasts become Tauri
//! events the UI listens to.

use hugflow_api::AppHost;
use tauri::{AppHandle, Emitter};

/// Event names the UI subscribes to (ui/src/backend/tauri.ts).
pub const LOCAL_STATUS_CHANGED: &str = "local-status-changed";

pub struct TauriHost {
    app: AppHandle,
}

impl TauriHost {
    pub fn new(app: AppHandle) -> Self {
        Self { app }
    }
}

impl AppHost for TauriHost {
    fn local_status_changed(&self) {
        if let Err(error) = self.app.emit(LOCAL_STATUS_CHANGED, ()) {
            tracing::warn!(%error, "cannot notify the window");
        }
    }
}
