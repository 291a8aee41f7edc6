//! IPC commands, one file per domain. Each parses its arguments, runs one `HugflowApp` call
//! off the main thread, and returns its result; errors cross as `ApiError`.

pub mod app;
pub mod catalogue;
pub mod hosts;
pub mod local;
pub mod requests;
pub mod reruns;
pub mod retrain;
pub mod runs;
pub mod settings;
pub mod setup;
pub mod spaces;

use std::sync::Arc;

use hugflow_api::{ApiError, ErrorCode, HugflowApp};
use tauri::State;

pub type Services<'a> = State<'a, Arc<HugflowApp>>;

/// Runs `call` on the blocking pool: keyring, SQLite and file reads must not stall the UI.
pub async fn blocking<T: Send + 'static>(
    services: Services<'_>,
    call: impl FnOnce(&HugflowApp) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let services = services.inner().clone();
    tauri::async_runtime::spawn_blocking(move || call(&services))
        .await
        .map_err(|error| {
            ApiError::new(
                ErrorCode::Io,
                format!("the command did not finish: {error}"),
            )
        })?
}
