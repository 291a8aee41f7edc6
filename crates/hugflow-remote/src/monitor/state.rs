//! A host's connection as the user sees it.

use serde::Serialize;

use crate::error::SshError;
use crate::hostkey::HostKey;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ConnectionState {
    Connecting,
    Connected {
        /// RFC 3339.
        since: String,
    },
    /// Dropped or unreachable; tried again at `retry_at` (RFC 3339).
    Lost {
        detail: String,
        retry_at: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        retry_in_seconds: u64,
    },
    AuthFailed {
        detail: String,
    },
    /// Waiting for the user to check the fingerprint and trust the key.
    HostKeyUnknown {
        key: Option<HostKey>,
    },
    HostKeyChanged {
        detail: String,
    },
    /// Something only the user can fix (no ssh, a bad setting).
    Failed {
        detail: String,
    },
}

impl ConnectionState {
    /// The state a failed connection attempt leaves (transient failures become `Lost`
    /// by the caller, which knows the backoff).
    pub fn from_error(error: &SshError) -> Self {
        let detail = error.to_string();
        match error {
            SshError::AuthFailed { .. } => Self::AuthFailed { detail },
            SshError::HostKeyUnknown { .. } => Self::HostKeyUnknown { key: None },
            SshError::HostKeyChanged { .. } => Self::HostKeyChanged { detail },
            _ => Self::Failed { detail },
        }
    }

    pub fn is_connected(&self) -> bool {
        matches!(self, Self::Connected { .. })
    }
}
