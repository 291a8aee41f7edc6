//! What can go wrong talking to the Hub, phrased for the person who has to fix it.

use std::time::Duration;

use hugflow_core::selection::UnsafeValue;
use hugflow_http::RedirectRefused;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotFoundKind {
    Repo,
    Revision,
    Entry,
    /// A dataset-viewer resource (config, split) or an unclassified 404.
    Other,
}

/// Why the dataset viewer (datasets-server) shows nothing for a dataset, by the `X-Error-Code`
/// huggingface/dataset-viewer answers. None of these means the dataset is missing or the Hub is
/// down, so none is said as such.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewerRefusal {
    /// `401 ExternalUnauthenticatedError` to a request without a token (`libapi`'s auth check):
    /// the dataset is gated or private (or missing), and the viewer needs the token.
    Unauthenticated,
    /// `500 ResponseNotReady`: the viewer has not computed this answer yet; it will.
    NotReady,
    /// `501 DatasetInBlockListError` (or another 501 "not supported"): the viewer does not
    /// process this dataset.
    Blocked,
    /// `501 DatasetWithTooManyConfigsError`, `DatasetWithTooManySplitsError`,
    /// `DatasetWithTooManyParquetFilesError`, `TooBigContentError`, `DatasetTooBigFrom...`:
    /// the dataset is beyond the viewer's limits.
    TooBig,
}

impl ViewerRefusal {
    /// A stable name, for `--json`, logs and the sync's results.
    pub fn kind(self) -> &'static str {
        match self {
            Self::Unauthenticated => "viewer_unauthenticated",
            Self::NotReady => "viewer_not_ready",
            Self::Blocked => "viewer_blocked",
            Self::TooBig => "viewer_too_big",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error("{message}")]
    NotFound { kind: NotFoundKind, message: String },
    #[error(
        "{message} Request access at {access_url}, then make sure your Hugging Face token (Settings, or HF_TOKEN) belongs to the account that has it."
    )]
    Gated {
        id: String,
        message: String,
        access_url: String,
    },
    /// An anonymous request for a repository answered `401` without `X-Error-Code`: the Hub
    /// says the same for a missing repository and for a private or gated one it will not show
    /// without a token (huggingface_hub reads it as "repository not found (or private)").
    #[error(
        "`{id}` on {host}: not found, or private/gated (without a token the Hub does not say which). Check the id (as on its Hub page), or set a token that can see it (Settings or HF_TOKEN)"
    )]
    NotFoundOrPrivate { id: String, host: String },
    /// The Hub disabled the repository: its info still answers (`"disabled": true`), its files
    /// and tree answer `403 Access to this resource is disabled.`
    #[error(
        "dataset `{id}` has been disabled on {host}; its files cannot be downloaded: pick another dataset"
    )]
    Disabled { id: String, host: String },
    #[error(
        "the Hub refused the token ({message}); set a valid Hugging Face token in Settings or HF_TOKEN"
    )]
    Unauthorized { message: String },
    #[error("the Hub is rate limiting requests to {endpoint}; retry in {} s", retry_after.as_secs().max(1))]
    RateLimited {
        endpoint: String,
        retry_after: Duration,
    },
    #[error(
        "the Hub answered {status} for {endpoint} after {attempts} attempts; it may be down, try again later"
    )]
    Server {
        endpoint: String,
        status: u16,
        attempts: u32,
    },
    #[error("cannot reach {endpoint} ({message}); check the network or HF_ENDPOINT")]
    Offline { endpoint: String, message: String },
    #[error("the Hub's answer from {endpoint} is not what Hugflow expects: {message}")]
    Malformed { endpoint: String, message: String },
    /// An answer the real Hub never gives and that would reach the filesystem or move the
    /// request (a traversing path or oid, a redirect off http(s) or down to http): the endpoint
    /// is not the Hub, or is not to be trusted. Nothing was written.
    #[error("the answer from {endpoint} cannot be trusted: {message}")]
    Untrusted { endpoint: String, message: String },
    /// The dataset viewer shows nothing for the dataset, and why (see [`ViewerRefusal`]); the
    /// message names the viewer, the dataset and what to do.
    #[error("{message}")]
    Viewer {
        refusal: ViewerRefusal,
        message: String,
    },
    #[error("{message}")]
    Config { message: String },
}

impl HubError {
    /// A stable name for the failure, for `--json` output and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NotFound {
                kind: NotFoundKind::Repo,
                ..
            } => "repo_not_found",
            Self::NotFound {
                kind: NotFoundKind::Revision,
                ..
            } => "revision_not_found",
            Self::NotFound {
                kind: NotFoundKind::Entry,
                ..
            } => "entry_not_found",
            Self::NotFound { .. } => "not_found",
            Self::NotFoundOrPrivate { .. } => "not_found_or_private",
            Self::Disabled { .. } => "disabled",
            Self::Gated { .. } => "gated",
            Self::Unauthorized { .. } => "unauthorized",
            Self::RateLimited { .. } => "rate_limited",
            Self::Server { .. } => "server",
            Self::Offline { .. } => "offline",
            Self::Malformed { .. } => "malformed",
            Self::Untrusted { .. } => "untrusted",
            Self::Viewer { refusal, .. } => refusal.kind(),
            Self::Config { .. } => "config",
        }
    }

    /// Whether the data would still be served from a local copy (offline or the Hub failing).
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            Self::Offline { .. } | Self::Server { .. } | Self::RateLimited { .. }
        )
    }
}

/// A tree entry whose path or oid would name a file outside the dataset (or is no oid at all).
/// The Hub never sends one, so the endpoint is not the Hub or is not to be trusted.
pub(crate) fn unsafe_entry(
    id: &str,
    endpoint: String,
    entry: &str,
    problem: &UnsafeValue,
) -> HubError {
    HubError::Untrusted {
        endpoint,
        message: format!(
            "its file list of {id} has an unsafe {}; nothing was written. The Hub never answers that: check that HF_ENDPOINT points at a Hugging Face Hub or mirror you trust",
            problem.in_entry(entry)
        ),
    }
}

/// A redirect Hugflow refuses to follow (see [`hugflow_http::check_redirect`]).
pub(crate) fn redirect_refused(endpoint: String, reason: &RedirectRefused) -> HubError {
    HubError::Untrusted {
        endpoint,
        message: format!("{reason}; check HF_ENDPOINT"),
    }
}
