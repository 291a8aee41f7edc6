//! Hugflow Desktop's shell: builds the services once, hands them to Tauri, and maps each IPC
//! command onto one `hugflow-api` call. No business logic lives here.

mod commands;
mod host;
mod logging;
mod reveal;

use std::sync::Arc;

use hugflow_api::{AppPaths, HostsOptions, HugflowApp};
use hugflow_secrets::{OsKeyring, SecretStore, Secrets};
use tauri::Manager;

/// WebKitGTK's accelerated compositing off unless the user chose otherwise (set
/// `WEBKIT_DISABLE_COMPOSITING_MODE` themselves, or `HUGFLOW_WEBKIT_COMPOSITING=1` to keep it
/// on). Measured by `make bench-startup` under
/// Xvfb (no GPU, so Mesa's software GL): with it on, the first page painted 1.96 s after the
/// page began to load instead of 0.21 s and the process tree held 398 MiB PSS idle instead of
/// 264 MiB; a minimal Tauri window pays the same. The app's pages are lists, forms and text,
/// which WebKit draws without it.
///
/// # Safety
/// Sets a process environment variable: call before any other thread exists (first thing in
/// `main`).
pub unsafe fn webkit_defaults() {
    const COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    let keep = std::env::var_os("HUGFLOW_WEBKIT_COMPOSITING").is_some_and(|v| v == "1");
    if cfg!(target_os = "linux") && !keep && std::env::var_os(COMPOSITING).is_none() {
        // SAFETY: the caller guarantees no other thread reads the environment meanwhile.
        unsafe { std::env::set_var(COMPOSITING, "1") };
    }
}

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let paths = AppPaths {
                data_dir: app.path().app_data_dir()?,
                log_dir: app.path().app_log_dir()?,
            };
            let guard = logging::init(&paths.log_dir);
            app.manage(guard);
            tracing::info!(version = env!("CARGO_PKG_VERSION"), data_dir = %paths.data_dir.display(), since_start_ms = hugflow_api::startup::process_age_ms(), "Hugflow Desktop starting");
            let store: Box<dyn SecretStore> = Box::new(OsKeyring::default());
            let host = Arc::new(host::TauriHost::new(app.handle().clone()));
            // A packaged app's resources (its agents); none when run from a cargo build.
            let resources = app.path().resource_dir().ok();
            let hosts = HostsOptions::from_env(resources.as_deref());
            tracing::info!(agents = ?hosts.agents.all(), "builds of hugflow to install on hosts");
            let services = HugflowApp::with_hosts_options(paths, Secrets::new(store), host, hosts).map_err(|error| {
                tracing::error!(%error, "cannot start");
                Box::new(error) as Box<dyn std::error::Error>
            })?;
            let services = Arc::new(services);
            tauri::async_runtime::spawn(services.clone().poll_requests_forever());
            tauri::async_runtime::spawn(services.clone().watch_hosts());
            tauri::async_runtime::spawn(services.clone().watch_retrain_runs());
            tauri::async_runtime::spawn(services.clone().release_memory_when_idle());
            app.manage(services);
            // With the first paint's line, says where a slow start spent its time.
            tracing::info!(since_start_ms = hugflow_api::startup::process_age_ms(), "services ready");
            reveal::show_at_the_latest(app.handle());
            Ok(())
        })
        .on_page_load(reveal::on_page_load)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::ui_painted,
            commands::catalogue::catalogue_search,
            commands::catalogue::catalogue_status,
            commands::catalogue::refresh_catalogue,
            commands::catalogue::cancel_catalogue_refresh,
            commands::catalogue::search_hub,
            commands::catalogue::dataset_details,
            commands::catalogue::first_rows,
            commands::catalogue::set_favourite,
            commands::local::local_checkout,
            commands::local::open_local_checkout,
            commands::local::local_status,
            commands::local::close_local_checkout,
            commands::settings::secret_statuses,
            commands::settings::set_secret,
            commands::settings::clear_secret,
            commands::settings::hub_settings,
            commands::settings::set_hub_settings,
            commands::settings::test_hub_connection,
            commands::requests::request_settings,
            commands::requests::set_request_settings,
            commands::requests::set_notification_settings,
            commands::requests::plan_request,
            commands::requests::check_request,
            commands::requests::create_request,
            commands::requests::requests,
            commands::requests::refresh_requests,
            commands::requests::open_url,
            commands::hosts::hosts,
            commands::hosts::host_history,
            commands::hosts::ssh_config_hosts,
            commands::hosts::add_host,
            commands::hosts::remove_host,
            commands::hosts::trust_host_key,
            commands::hosts::retry_host,
            commands::hosts::install_agent,
            commands::hosts::start_host_sync,
            commands::hosts::cancel_host_sync,
            commands::hosts::host_sync_log,
            commands::hosts::host_cluster,
            commands::hosts::stage_on_cluster,
            commands::runs::run_sources,
            commands::runs::add_run_source,
            commands::runs::remove_run_source,
            commands::runs::scan_runs,
            commands::runs::run_file_tail,
            commands::reruns::rerun_flow,
            commands::reruns::cancel_rerun,
            commands::retrain::retrain_history,
            commands::retrain::dataset_versions,
            commands::spaces::spaces_settings,
            commands::spaces::save_spaces_settings,
            commands::spaces::spaces,
            commands::spaces::restart_space,
            commands::spaces::pause_space,
            commands::setup::setup_done,
            commands::setup::finish_setup,
            commands::setup::github_account,
            commands::setup::setup_gitops_repo,
            commands::setup::setup_ssh_hosts,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("Hugflow Desktop failed to start");
}
