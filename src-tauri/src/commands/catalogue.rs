use hugflow_api::{ApiError, CatalogueStatus, DatasetDetails};
use hugflow_catalogue::refresh::RefreshReport;
use hugflow_catalogue::{SearchQuery, SearchResults};
use hugflow_core::progress::{Progress, ProgressSink};
use hugflow_hub::FirstRows;
use tauri::ipc::Channel;

use super::{Services, blocking};

#[tauri::command]
pub async fn catalogue_search(
    services: Services<'_>,
    query: SearchQuery,
) -> Result<SearchResults, ApiError> {
    blocking(services, move |app| app.catalogue_search(&query)).await
}

#[tauri::command]
pub async fn catalogue_status(services: Services<'_>) -> Result<CatalogueStatus, ApiError> {
    blocking(services, |app| app.catalogue_status()).await
}

/// Progress reports go to the window over `on_progress` as they happen.
struct ChannelSink(Channel<Progress>);

impl ProgressSink for ChannelSink {
    fn report(&self, progress: &Progress) {
        if let Err(error) = self.0.send(progress.clone()) {
            tracing::debug!(%error, "the window stopped listening to refresh progress");
        }
    }
}

#[tauri::command]
pub async fn refresh_catalogue(
    services: Services<'_>,
    full: bool,
    on_progress: Channel<Progress>,
) -> Result<RefreshReport, ApiError> {
    let app = services.inner().clone();
    app.refresh_catalogue(full, &ChannelSink(on_progress)).await
}

#[tauri::command]
pub async fn cancel_catalogue_refresh(services: Services<'_>) -> Result<(), ApiError> {
    blocking(services, |app| {
        app.cancel_refresh();
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn search_hub(services: Services<'_>, text: String) -> Result<SearchResults, ApiError> {
    let app = services.inner().clone();
    app.search_hub(&text).await
}

#[tauri::command]
pub async fn dataset_details(
    services: Services<'_>,
    id: String,
    revision: Option<String>,
) -> Result<DatasetDetails, ApiError> {
    let app = services.inner().clone();
    app.dataset_details(&id, revision.as_deref()).await
}

#[tauri::command]
pub async fn first_rows(
    services: Services<'_>,
    id: String,
    config: String,
    split: String,
) -> Result<FirstRows, ApiError> {
    let app = services.inner().clone();
    app.first_rows(&id, &config, &split).await
}

#[tauri::command]
pub async fn set_favourite(
    services: Services<'_>,
    id: String,
    favourite: bool,
) -> Result<(), ApiError> {
    blocking(services, move |app| app.set_favourite(&id, favourite)).await
}
