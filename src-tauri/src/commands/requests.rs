use hugflow_api::{ApiError, NotificationSettings, RequestCheck, RequestSettings, RequestsView};
use hugflow_gitops::{Draft, OpenedRequest, Plan};

use super::{Services, blocking};

#[tauri::command]
pub async fn request_settings(services: Services<'_>) -> Result<RequestSettings, ApiError> {
    blocking(services, |app| app.request_settings()).await
}

#[tauri::command]
pub async fn set_request_settings(
    services: Services<'_>,
    settings: RequestSettings,
) -> Result<RequestSettings, ApiError> {
    blocking(services, move |app| app.set_request_settings(&settings)).await
}

#[tauri::command]
pub async fn set_notification_settings(
    services: Services<'_>,
    notifications: NotificationSettings,
) -> Result<RequestSettings, ApiError> {
    blocking(services, move |app| {
        app.set_notification_settings(notifications)
    })
    .await
}

#[tauri::command]
pub fn plan_request(services: Services<'_>, draft: Draft) -> Plan {
    services.plan_request(&draft)
}

#[tauri::command]
pub async fn check_request(services: Services<'_>, draft: Draft) -> Result<RequestCheck, ApiError> {
    let app = services.inner().clone();
    app.check_request(&draft).await
}

#[tauri::command]
pub async fn create_request(
    services: Services<'_>,
    draft: Draft,
) -> Result<OpenedRequest, ApiError> {
    let app = services.inner().clone();
    app.create_request(&draft).await
}

#[tauri::command]
pub async fn requests(services: Services<'_>) -> Result<RequestsView, ApiError> {
    blocking(services, |app| app.requests()).await
}

#[tauri::command]
pub async fn refresh_requests(services: Services<'_>) -> Result<RequestsView, ApiError> {
    let app = services.inner().clone();
    app.refresh_requests().await
}

#[tauri::command]
pub async fn open_url(services: Services<'_>, url: String) -> Result<(), ApiError> {
    blocking(services, move |app| app.open_url(&url)).await
}
