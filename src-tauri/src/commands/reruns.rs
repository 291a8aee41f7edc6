//! "Re-run this flow" on the Runs page: starting a flow's re-run and stopping it.

use hugflow_api::{ApiError, RunSource};
use hugflow_core::jobs::JobState;
use hugflow_core::runs::Rerun;

use super::Services;

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
