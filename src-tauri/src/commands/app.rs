use hugflow_api::{ApiError, AppInfo};

use super::{Services, blocking};

#[tauri::command]
pub async fn app_info(services: Services<'_>) -> Result<AppInfo, ApiError> {
    blocking(services, |app| Ok(app.info())).await
}

/// The UI's first page has painted (it says so once), `page_ms` after the page began to load:
/// logged for `make bench`'s start-up time.
#[tauri::command]
pub async fn ui_painted(services: Services<'_>, page_ms: u32) -> Result<(), ApiError> {
    services.ui_painted(page_ms);
    Ok(())
}
