//! The Runs page: the saved run folders, their scans and the tails of their files.

use hugflow_api::{ApiError, RunSource};
use hugflow_core::runs::RunsReport;

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
