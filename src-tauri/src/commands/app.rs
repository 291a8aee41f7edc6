use hugflow_api::{ApiError, AppInfo};

use super::{Services, blocking};

#[tauri::command]
pub async fn app_info(services: Services<'_>) -> Result<AppInfo, ApiError> {
    blocking(services, |app| Ok(app.info())).await
}

/// The UI's first page has painted (it says so once): logged for `make bench`'s start-up time.
#[tauri::command]
pub async fn ui_painted(services: Services<'_>) -> Result<(), ApiError> {
    services.ui_painted();
    Ok(())
}
