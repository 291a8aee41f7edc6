//! The facade Hugflow Desktop's shell calls. Each Tauri command maps to one method of
//! [`HugflowApp`]; the shell only parses arguments and maps results. Long-lived work reports
//! back through the [`AppHost`] the shell passes in, so nothing here knows about a window and
//! every method is tested without one.

pub mod bindings;
mod catalogue;
mod error;
pub mod golden;
mod hosts;
mod hub_settings;
mod idle;
mod links;
mod local;
mod requests;
mod reruns;
mod retrain;
pub mod rule_fixtures;
mod runs;
mod setup;
mod spaces;
pub mod startup;
mod watch;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use hugflow_catalogue::Catalogue;
use hugflow_core::progress::Cancel;
use hugflow_db::Database;
use hugflow_secrets::{BadDestination, Destination, SecretId, SecretStatus, SecretStore, Secrets};
use serde::Serialize;

pub use catalogue::{
    CatalogueStatus, DatasetDetails, HF_ENDPOINT_SETTING, HF_VIEWER_ENDPOINT_SETTING,
};
pub use error::{ApiError, ErrorCode};
pub use hosts::{AgentState, HostInput, HostView, HostsOptions};
pub use hub_settings::{ConnectionCheck, ConnectionReport, HubSettings};
pub use links::{AllowedUrl, LinkPolicy};
pub use requests::{
    Notification, NotificationSettings, RequestCheck, RequestSettings, RequestsView,
};
pub use runs::RunSource;
pub use setup::{GithubAccount, GitopsRepository, SshHostChoice, record_setup_done};
pub use spaces::{RetrainSpace, SpacesSettings, WorkerSpace};
pub use startup::FIRST_PAINT;

/// What the shell provides to the core: where "something changed" broadcasts go.
pub trait AppHost: Send + Sync + 'static {
    /// The manifests or progress files of the local checkout changed on disk.
    fn local_status_changed(&self);
    /// The Requests page has news (new states, or a failed poll).
    fn requests_changed(&self);
    /// The Hosts page has news (a connection state, a snapshot, a sync).
    fn hosts_changed(&self);
    /// Shows a desktop notification; clicking it opens `notification.url` (if any), which
    /// the allow-list has admitted already.
    fn notify(&self, notification: Notification);
    /// Opens a URL the allow-list admitted (`crate::links`) in the browser.
    fn open_url(&self, url: &AllowedUrl) -> Result<(), String>;
}

/// Where the app keeps its files (the OS app-data and log dirs, from the shell).
#[derive(Debug, Clone)]
pub struct AppPaths {
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
}

impl AppPaths {
    pub fn database(&self) -> PathBuf {
        self.data_dir.join("hugflow.sqlite")
    }

    /// The catalogue is a cache of the Hub in a file of its own: deleting it loses nothing.
    pub fn catalogue(&self) -> PathBuf {
        self.data_dir.join("catalogue.sqlite")
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AppInfo {
    pub version: String,
    /// The short git commit of the build, `unknown` when built outside a git checkout.
    pub commit: String,
    pub data_dir: String,
    pub log_dir: String,
    pub database: String,
}

/// The desktop's services, built once at start-up.
pub struct HugflowApp {
    paths: AppPaths,
    db: Database,
    secrets: Secrets<Box<dyn SecretStore>>,
    host: Arc<dyn AppHost>,
    watcher: Mutex<Option<watch::CheckoutWatcher>>,
    catalogue: Arc<Catalogue>,
    hosts: hosts::Hosts,
    /// Set while a catalogue refresh runs.
    refresh_cancel: Mutex<Option<Cancel>>,
    /// Wakes the requests poller early (a new request, new settings).
    requests_wake: tokio::sync::Notify,
    /// Why the last requests poll failed.
    requests_error: Mutex<Option<ApiError>>,
}

impl HugflowApp {
    pub fn new(
        paths: AppPaths,
        secrets: Secrets<Box<dyn SecretStore>>,
        host: Arc<dyn AppHost>,
    ) -> Result<Self, ApiError> {
        Self::with_hosts_options(paths, secrets, host, HostsOptions::from_env(None))
    }

    /// [`HugflowApp::new`] with hosts reached and watched as `options` say.
    pub fn with_hosts_options(
        paths: AppPaths,
        secrets: Secrets<Box<dyn SecretStore>>,
        host: Arc<dyn AppHost>,
        options: HostsOptions,
    ) -> Result<Self, ApiError> {
        let db = Database::open(&paths.database())?;
        let catalogue = Arc::new(Catalogue::open(&paths.catalogue())?);
        let hosts = hosts::Hosts::new(&paths.data_dir, options);
        let app = Self {
            paths,
            db,
            secrets,
            host,
            watcher: Mutex::new(None),
            catalogue,
            hosts,
            refresh_cancel: Mutex::new(None),
            requests_wake: tokio::sync::Notify::new(),
            requests_error: Mutex::new(None),
        };
        app.resume_watching();
        Ok(app)
    }

    pub fn info(&self) -> AppInfo {
        AppInfo {
            version: hugflow_version::VERSION.to_string(),
            commit: hugflow_version::COMMIT.to_string(),
            data_dir: self.paths.data_dir.display().to_string(),
            log_dir: self.paths.log_dir.display().to_string(),
            database: self.paths.database().display().to_string(),
        }
    }

    /// Each secret's status for where it would be sent now. A destination setting that
    /// cannot be read shows its secret without the origin check (nothing is sent then: the
    /// call that would send it fails on that setting and says so).
    pub fn secret_statuses(&self) -> Vec<SecretStatus> {
        self.secrets.statuses(|id| {
            self.secret_destination(id).unwrap_or_else(|error| {
                tracing::warn!(secret = id.key(), %error, "where this secret goes is unknown");
                None
            })
        })
    }

    /// Saves a secret in the keyring; a token is bound to the origin it is for now (the Hub
    /// endpoint's for the HF token, the GitHub API URL's for the GitHub token) and is sent
    /// nowhere else until it is saved again.
    pub fn set_secret(&self, id: SecretId, value: &str) -> Result<SecretStatus, ApiError> {
        let to = self.secret_destination(id)?;
        let status = self.secrets.set(id, value, to.as_ref())?;
        tracing::info!(
            secret = id.key(),
            origin = to.as_ref().map(Destination::origin),
            "secret stored in the keyring"
        );
        Ok(status)
    }

    pub fn clear_secret(&self, id: SecretId) -> Result<SecretStatus, ApiError> {
        let to = self.secret_destination(id).ok().flatten();
        let status = self.secrets.clear(id, to.as_ref())?;
        tracing::info!(secret = id.key(), "secret removed from the keyring");
        Ok(status)
    }

    /// Where `id` is sent now; `None` for the Slack webhook URL, its own destination.
    fn secret_destination(&self, id: SecretId) -> Result<Option<Destination>, ApiError> {
        Ok(match id {
            SecretId::HfToken => Some(self.hub_destination()?),
            SecretId::GithubToken => Some(github_destination(&self.request_settings()?.api_url)?),
            SecretId::SlackWebhook => None,
        })
    }
}

/// The GitHub API URL as a token's destination; `gh auth token` is asked for its web host
/// (github.com for api.github.com), the GitHub crate's rule.
pub(crate) fn github_destination(api_url: &str) -> Result<Destination, BadDestination> {
    Ok(Destination::new(api_url)?.with_gh_host(hugflow_github::web_host(api_url)))
}

/// A configured Hub endpoint or GitHub API URL no token can go to.
impl From<BadDestination> for ApiError {
    fn from(error: BadDestination) -> Self {
        Self::new(ErrorCode::InvalidInput, error.to_string())
    }
}

#[cfg(test)]
mod boundary_tests;
#[cfg(test)]
mod hub_settings_tests;
#[cfg(test)]
mod requests_tests;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;
