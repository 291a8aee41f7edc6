use hugflow_api::ApiError;
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
