use hugflow_api::{ApiError, HostInput, HostView};
use hugflow_core::cluster::{ClusterStatus, StageOutcome, StageSpec};
use hugflow_gitops::Draft;
use hugflow_remote::HistoryPoint;
use hugflow_remote::agent::AgentInfo;
use hugflow_remote::agent::jobs::SyncLogEntry;

use super::{Services, blocking};

#[tauri::command]
pub async fn hosts(services: Services<'_>) -> Result<Vec<HostView>, ApiError> {
    blocking(services, |app| app.hosts()).await
}

#[tauri::command]
pub async fn host_history(
    services: Services<'_>,
    name: String,
) -> Result<Vec<HistoryPoint>, ApiError> {
    blocking(services, move |app| app.host_history(&name)).await
}

#[tauri::command]
pub async fn ssh_config_hosts(services: Services<'_>) -> Result<Vec<String>, ApiError> {
    blocking(services, |app| Ok(app.ssh_config_hosts())).await
}

#[tauri::command]
pub async fn add_host(services: Services<'_>, input: HostInput) -> Result<HostView, ApiError> {
    let app = services.inner().clone();
    app.add_host(&input)
}

#[tauri::command]
pub async fn remove_host(services: Services<'_>, name: String) -> Result<(), ApiError> {
    blocking(services, move |app| app.remove_host(&name)).await
}

#[tauri::command]
pub async fn trust_host_key(
    services: Services<'_>,
    name: String,
    fingerprint: String,
) -> Result<(), ApiError> {
    blocking(services, move |app| app.trust_host_key(&name, &fingerprint)).await
}

#[tauri::command]
pub async fn retry_host(services: Services<'_>, name: String) -> Result<(), ApiError> {
    blocking(services, move |app| app.retry_host(&name)).await
}

#[tauri::command]
pub async fn install_agent(services: Services<'_>, name: String) -> Result<AgentInfo, ApiError> {
    let app = services.inner().clone();
    app.install_agent(&name).await
}

#[tauri::command]
pub async fn start_host_sync(
    services: Services<'_>,
    name: String,
    draft: Draft,
) -> Result<String, ApiError> {
    let app = services.inner().clone();
    app.start_host_sync(&name, &draft).await
}

#[tauri::command]
pub async fn cancel_host_sync(
    services: Services<'_>,
    name: String,
    id: String,
) -> Result<(), ApiError> {
    let app = services.inner().clone();
    app.cancel_host_sync(&name, &id).await
}

#[tauri::command]
pub async fn host_sync_log(
    services: Services<'_>,
    name: String,
    id: String,
) -> Result<Vec<SyncLogEntry>, ApiError> {
    let app = services.inner().clone();
    app.host_sync_log(&name, &id).await
}

#[tauri::command]
pub async fn host_cluster(services: Services<'_>, name: String) -> Result<ClusterStatus, ApiError> {
    let app = services.inner().clone();
    app.host_cluster(&name).await
}

#[tauri::command]
pub async fn stage_on_cluster(
    services: Services<'_>,
    name: String,
    storage_name: String,
    spec: StageSpec,
) -> Result<StageOutcome, ApiError> {
    let app = services.inner().clone();
    app.stage_on_cluster(&name, &storage_name, &spec).await
}
