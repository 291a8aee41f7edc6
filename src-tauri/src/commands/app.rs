use hugflow_api::{ApiError, AppInfo};

use super::{Services, blocking};

#[tauri::command]
pub async fn app_info(services: Services<'_>) -> Result<AppInfo, ApiError> {
    blocking(services, |app| Ok(app.info())).await
}
