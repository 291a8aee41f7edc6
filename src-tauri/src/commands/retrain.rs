//! The Retrain page: the orchestrator's recorded runs and a metadata repo's versions.

use hugflow_api::ApiError;
use hugflow_core::retrain::{DatasetVersion, RetrainHistory};

use super::Services;

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
