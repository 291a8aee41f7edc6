use hugflow_api::{ApiError, ConnectionReport, HubSettings};
use hugflow_secrets::{SecretId, SecretStatus};

use super::{Services, blocking};

#[tauri::command]
pub async fn secret_statuses(services: Services<'_>) -> Result<Vec<SecretStatus>, ApiError> {
    blocking(services, |app| Ok(app.secret_statuses())).await
}

/// The value arrives from the Settings form and goes straight to the keyring; only its
/// status comes back.
#[tauri::command]
pub async fn set_secret(
    services: Services<'_>,
    id: SecretId,
    value: String,
) -> Result<SecretStatus, ApiError> {
    blocking(services, move |app| app.set_secret(id, &value)).await
}

#[tauri::command]
pub async fn clear_secret(services: Services<'_>, id: SecretId) -> Result<SecretStatus, ApiError> {
    blocking(services, move |app| app.clear_secret(id)).await
}

#[tauri::command]
pub async fn hub_settings(services: Services<'_>) -> Result<HubSettings, ApiError> {
    blocking(services, |app| app.hub_settings()).await
}

#[tauri::command]
pub async fn set_hub_settings(
    services: Services<'_>,
    endpoint: String,
    viewer_endpoint: String,
) -> Result<HubSettings, ApiError> {
    blocking(services, move |app| {
        app.set_hub_settings(&endpoint, &viewer_endpoint)
    })
    .await
}

#[tauri::command]
pub async fn test_hub_connection(services: Services<'_>) -> Result<ConnectionReport, ApiError> {
    let app = services.inner().clone();
    app.test_hub_connection().await
}
