//! The Runs, Retrain and Spaces pages.

use hugflow_api::{ApiError, RunSource, SpacesSettings};
use hugflow_core::jobs::JobState;
use hugflow_core::retrain::{DatasetVersion, RetrainHistory};
use hugflow_core::runs::{Rerun, RunsReport};
use hugflow_core::spaces::SpacesReport;

use super::{Services, blocking};

#[tauri::command]
pub async fn run_sources(services: Services<'_>) -> Result<Vec<RunSource>, ApiError> {
    blocking(services, |app| app.run_sources()).await
}

#[tauri::command]
pub async fn add_run_source(
    services: Services<'_>,
    source: RunSource,
) -> Result<Vec<RunSource>, ApiError> {
    blocking(services, move |app| app.add_run_source(&source)).await
}

#[tauri::command]
pub async fn remove_run_source(
    services: Services<'_>,
    source: RunSource,
) -> Result<Vec<RunSource>, ApiError> {
    blocking(services, move |app| app.remove_run_source(&source)).await
}

#[tauri::command]
pub async fn scan_runs(services: Services<'_>, source: RunSource) -> Result<RunsReport, ApiError> {
    let app = services.inner().clone();
    app.scan_runs(&source).await
}

#[tauri::command]
pub async fn run_file_tail(
    services: Services<'_>,
    source: RunSource,
    file: String,
    lines: u32,
) -> Result<Vec<String>, ApiError> {
    let app = services.inner().clone();
    app.run_file_tail(&source, &file, lines).await
}

#[tauri::command]
pub async fn rerun_flow(
    services: Services<'_>,
    source: RunSource,
    flow: String,
) -> Result<Rerun, ApiError> {
    let app = services.inner().clone();
    app.rerun_flow(&source, &flow).await
}

#[tauri::command]
pub async fn cancel_rerun(
    services: Services<'_>,
    source: RunSource,
    flow: String,
) -> Result<JobState, ApiError> {
    let app = services.inner().clone();
    app.cancel_rerun(&source, &flow).await
}

#[tauri::command]
pub async fn retrain_history(
    services: Services<'_>,
    host: Option<String>,
) -> Result<RetrainHistory, ApiError> {
    let app = services.inner().clone();
    app.retrain_history(host.as_deref()).await
}

#[tauri::command]
pub async fn dataset_versions(
    services: Services<'_>,
    repo: String,
) -> Result<Vec<DatasetVersion>, ApiError> {
    let app = services.inner().clone();
    app.dataset_versions(&repo).await
}

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
