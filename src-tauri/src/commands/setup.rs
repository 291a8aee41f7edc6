//! The first-run setup's own commands; what it saves goes through the settings, tokens and
//! hosts commands the other pages use.

use hugflow_api::{ApiError, GithubAccount, GitopsRepository, SshHostChoice};

use super::{Services, blocking};

#[tauri::command]
pub async fn setup_done(services: Services<'_>) -> Result<bool, ApiError> {
    blocking(services, |app| app.setup_done()).await
}

#[tauri::command]
pub async fn finish_setup(services: Services<'_>) -> Result<(), ApiError> {
    blocking(services, |app| app.finish_setup()).await
}

#[tauri::command]
pub async fn github_account(services: Services<'_>) -> Result<GithubAccount, ApiError> {
    let app = services.inner().clone();
    app.github_account().await
}

#[tauri::command]
pub async fn setup_gitops_repo(
    services: Services<'_>,
    repo: String,
) -> Result<GitopsRepository, ApiError> {
    let app = services.inner().clone();
    app.setup_gitops_repo(&repo).await
}

#[tauri::command]
pub async fn setup_ssh_hosts(services: Services<'_>) -> Result<Vec<SshHostChoice>, ApiError> {
    blocking(services, |app| Ok(app.setup_ssh_hosts())).await
}
