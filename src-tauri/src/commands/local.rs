use hugflow_api::ApiError;
use hugflow_core::status::StatusReport;

use super::{Services, blocking};

#[tauri::command]
pub async fn local_checkout(services: Services<'_>) -> Result<Option<String>, ApiError> {
    blocking(services, |app| app.local_checkout()).await
}

#[tauri::command]
pub async fn open_local_checkout(
    services: Services<'_>,
    path: String,
) -> Result<StatusReport, ApiError> {
    blocking(services, move |app| app.open_local_checkout(&path)).await
}

#[tauri::command]
pub async fn local_status(services: Services<'_>) -> Result<StatusReport, ApiError> {
    blocking(services, |app| app.local_status()).await
}

#[tauri::command]
pub async fn close_local_checkout(services: Services<'_>) -> Result<(), ApiError> {
    blocking(services, |app| app.close_local_checkout()).await
}
