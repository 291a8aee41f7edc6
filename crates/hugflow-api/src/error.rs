//! The one error that crosses IPC: `{ code, message, detail? }`. The UI branches on `code`
//! and shows `message`, which always says what failed, on what, and what to do.

use std::fmt;

use hugflow_catalogue::CatalogueError;
use hugflow_core::config::ConfigError;
use hugflow_core::state::StateError;
use hugflow_db::DbError;
use hugflow_hub::{HubError, ViewerRefusal};
use hugflow_secrets::{Missing, SecretError};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The folder has no Hugflow state.
    NotACheckout,
    /// No local checkout has been chosen yet.
    NoCheckout,
    /// A manifest could not be parsed.
    StateCorrupt,
    /// `.env` or an environment variable is invalid.
    Config,
    /// The OS keyring is missing or locked.
    KeyringUnavailable,
    /// An argument from the UI was rejected.
    InvalidInput,
    Database,
    Io,
    /// The same long task is already running.
    Busy,
    /// The Hub has no such dataset, revision or file.
    NotFound,
    /// Asked without a token, the Hub shows no such dataset: it is missing, or private or
    /// gated and needs a token that can see it.
    NotFoundOrPrivate,
    /// The Hub disabled the dataset: its page answers, its files never will.
    Disabled,
    /// The dataset is gated; the message links to the access request.
    Gated,
    /// The Hugging Face token was refused.
    Unauthorized,
    RateLimited,
    /// The Hub cannot be reached; local data still answers.
    Offline,
    /// The Hub answered something unexpected.
    HubError,
    /// The dataset viewer shows this dataset only with a token, and none was sent there
    /// (`401 ExternalUnauthenticatedError`): gated, private or missing.
    ViewerUnauthenticated,
    /// The dataset viewer has not computed this yet (`ResponseNotReady`): try again later.
    ViewerNotReady,
    /// The dataset viewer does not process this dataset (blocked, too many subsets, too big):
    /// its files can still be downloaded, with the subset and split named by hand.
    ViewerUnavailable,
    /// A setting is missing (GitOps repository, GitHub token); the message says where to set it.
    NotConfigured,
    /// The request is already open, merged, or on a host; the message links to it.
    Duplicate,
    /// GitHub refused or answered something unexpected.
    Github,
    /// SSH to a host failed (host key, a remote command); the message says which and why.
    Ssh,
    /// The window named a run folder, host, file or URL the user never saved or configured
    /// (or a path leaving a saved folder); the message says what is allowed and where to add it.
    NotAllowed,
    /// What this app talks to is newer than it (a host's hugflow speaks a newer schema, or is
    /// a newer release): the message says to upgrade Hugflow Desktop.
    Outdated,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub detail: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            detail: None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<StateError> for ApiError {
    fn from(error: StateError) -> Self {
        let code = match &error {
            StateError::Missing { .. } => ErrorCode::NotACheckout,
            StateError::Corrupt { .. } => ErrorCode::StateCorrupt,
            StateError::Io(_) => ErrorCode::Io,
        };
        Self::new(code, error.to_string())
    }
}

impl From<ConfigError> for ApiError {
    fn from(error: ConfigError) -> Self {
        Self::new(ErrorCode::Config, error.to_string())
    }
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        Self::new(ErrorCode::Database, error.to_string())
    }
}

impl From<SecretError> for ApiError {
    fn from(error: SecretError) -> Self {
        let code = match &error {
            SecretError::Invalid { .. } => ErrorCode::InvalidInput,
            SecretError::Keyring(_) => ErrorCode::KeyringUnavailable,
        };
        Self::new(code, error.to_string())
    }
}

/// A token a command needs and cannot find: a keyring problem is named as such.
impl From<Missing> for ApiError {
    fn from(error: Missing) -> Self {
        let code = match &error.keyring {
            Some(_) => ErrorCode::KeyringUnavailable,
            None => ErrorCode::NotConfigured,
        };
        Self::new(code, error.to_string())
    }
}

impl From<HubError> for ApiError {
    fn from(error: HubError) -> Self {
        let code = match &error {
            HubError::NotFound { .. } => ErrorCode::NotFound,
            HubError::NotFoundOrPrivate { .. } => ErrorCode::NotFoundOrPrivate,
            HubError::Disabled { .. } => ErrorCode::Disabled,
            HubError::Gated { .. } => ErrorCode::Gated,
            HubError::Unauthorized { .. } => ErrorCode::Unauthorized,
            HubError::RateLimited { .. } => ErrorCode::RateLimited,
            HubError::Offline { .. } | HubError::Server { .. } => ErrorCode::Offline,
            HubError::Malformed { .. } | HubError::Untrusted { .. } => ErrorCode::HubError,
            HubError::Viewer { refusal, .. } => match refusal {
                ViewerRefusal::Unauthenticated => ErrorCode::ViewerUnauthenticated,
                ViewerRefusal::NotReady => ErrorCode::ViewerNotReady,
                ViewerRefusal::Blocked | ViewerRefusal::TooBig => ErrorCode::ViewerUnavailable,
            },
            HubError::Config { .. } => ErrorCode::InvalidInput,
        };
        Self::new(code, error.to_string())
    }
}

impl From<CatalogueError> for ApiError {
    fn from(error: CatalogueError) -> Self {
        match error {
            CatalogueError::Hub(hub) => hub.into(),
            CatalogueError::Db(db) => db.into(),
            other => Self::new(ErrorCode::Database, other.to_string()),
        }
    }
}
