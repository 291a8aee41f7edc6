//! The Spaces page: the watched Spaces, their runtime, restarts and pauses.

use hugflow_api::{ApiError, SpacesSettings};
use hugflow_core::spaces::SpacesReport;

use super::{Services, blocking};

#[tauri::command]
pub async fn spaces_settings(services: Services<'_>) -> Result<SpacesSettings, ApiError> {
    blocking(services, |app| app.spaces_settings()).await
}

#[tauri::command]
pub async fn save_spaces_settings(
    services: Services<'_>,
    settings: SpacesSettings,
) -> Result<(), ApiError> {
    blocking(services, move |app| app.save_spaces_settings(&settings)).await
}

#[tauri::command]
pub async fn spaces(services: Services<'_>) -> Result<SpacesReport, ApiError> {
    let app = services.inner().clone();
    app.spaces().await
}

#[tauri::command]
pub async fn restart_space(services: Services<'_>, id: String) -> Result<(), ApiError> {
    let app = services.inner().clone();
    app.restart_space(&id).await
}

#[tauri::command]
pub async fn pause_space(services: Services<'_>, id: String) -> Result<(), ApiError> {
    let app = services.inner().clone();
    app.pause_space(&id).await
}
