//! What can stop a download, said so that the person at the terminal knows what to do.

use std::path::PathBuf;
use std::time::Duration;

use hugflow_core::path_io::PathIoError;
use hugflow_core::selection::UnsafeValue;
use hugflow_http::RedirectRefused;

#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error(
        "not enough free space on {}: the download needs {} more and {} is free (plus a margin of {}); {}",
        path.display(), human(*needed), human(*available), human(*margin), room_hint(*needed)
    )]
    NoRoom {
        path: PathBuf,
        needed: u64,
        available: u64,
        margin: u64,
    },
    #[error(
        "the disk filled up while writing {}; the bytes so far are kept and the next sync resumes: free some space on it, then sync again",
        path.display()
    )]
    DiskFull { path: PathBuf },
    #[error(transparent)]
    Io(PathIoError),
    /// A file whose path or content id would name a file outside the dataset folder. The Hub
    /// client refuses such entries first; this is the downloader's own check, for any caller.
    #[error(
        "the Hub (or mirror at HF_ENDPOINT) listed an unsafe {}; nothing was written. Check that HF_ENDPOINT points at a Hugging Face Hub you trust",
        problem.in_entry(path)
    )]
    UnsafeEntry { path: String, problem: UnsafeValue },
    #[error("{path}: {reason}; check HF_ENDPOINT")]
    Redirect {
        path: String,
        reason: RedirectRefused,
    },
    #[error(
        "{path}: the Hub refused the download (HTTP {status}{}){}",
        code.as_deref().map(|c| format!(", {c}")).unwrap_or_default(),
        hint(*status, code.as_deref())
    )]
    Refused {
        path: String,
        status: u16,
        code: Option<String>,
    },
    #[error(
        "{path}: the Hub kept rate limiting downloads for {} s; wait {} s, then sync again (it resumes)",
        waited.as_secs(), retry_after.as_secs().max(1)
    )]
    RateLimited {
        path: String,
        waited: Duration,
        retry_after: Duration,
    },
    #[error(
        "{path}: gave up after {attempts} attempts ({last}); check the network and sync again (it resumes)"
    )]
    GaveUp {
        path: String,
        attempts: u32,
        last: String,
    },
    #[error(
        "{path}: the bytes failed verification {attempts} times ({detail}); the Hub or a proxy is serving a corrupted copy"
    )]
    Corrupt {
        path: String,
        attempts: u32,
        detail: String,
    },
    #[error("the download was cancelled; the bytes so far are kept and the next sync resumes")]
    Cancelled,
    #[error("cannot set up the download: {message}")]
    Setup { message: String },
}

/// A full disk is its own failure: the bytes so far are kept, and the fix is to free space.
impl From<PathIoError> for DownloadError {
    fn from(error: PathIoError) -> Self {
        if error.is_disk_full() {
            Self::DiskFull { path: error.path }
        } else {
            Self::Io(error)
        }
    }
}

impl DownloadError {
    /// A stable name for the kind of failure, as PR comments and `results.json` carry it.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NoRoom { .. } | Self::DiskFull { .. } => "disk_full",
            Self::Io(_) | Self::Setup { .. } => "io",
            Self::UnsafeEntry { .. } => "untrusted_answer",
            Self::Redirect { .. } => "unsafe_redirect",
            Self::Refused {
                status: 401 | 403,
                code,
                ..
            } if code.as_deref() == Some("GatedRepo") => "gated",
            Self::Refused { status: 401, .. } => "unauthorized",
            Self::Refused { status: 404, .. } => "not_found",
            Self::Refused { .. } => "refused",
            Self::RateLimited { .. } => "rate_limited",
            Self::GaveUp { .. } => "network",
            Self::Corrupt { .. } => "corrupt",
            Self::Cancelled => "cancelled",
        }
    }
}

fn hint(status: u16, code: Option<&str>) -> &'static str {
    match (status, code) {
        (401 | 403, Some("GatedRepo")) => {
            "; the dataset is gated: request access on its Hub page with the account of HF_TOKEN"
        }
        (401, _) => "; HF_TOKEN is missing or not valid: set a valid token",
        (403, _) => "; the token in HF_TOKEN has no access to this repository",
        (404, _) => "; the file or revision is gone: check the request's revision",
        _ => "",
    }
}

/// More than any file system holds (ext4 stops at 1 EiB): such a size is a false claim.
const IMPOSSIBLE: u64 = 1 << 60;

/// What to do about a full disk, or about a size no disk could hold.
fn room_hint(needed: u64) -> &'static str {
    if needed >= IMPOSSIBLE {
        "no disk holds that much, so the Hub (or mirror at HF_ENDPOINT) claimed a false size: compare with the dataset's Hub page and check HF_ENDPOINT"
    } else {
        "free some space, or set STORAGE_ROOT to a bigger disk"
    }
}

pub(crate) fn human(bytes: u64) -> String {
    hugflow_core::units::human_bytes(bytes)
}
