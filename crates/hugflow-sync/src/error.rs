//! Why a request could not be applied, with the stable kind and the suggestion that PR
//! comments and `results.json` carry.

use std::path::PathBuf;

use hugflow_core::path_io::PathIoError;
use hugflow_core::request::FieldError;
use hugflow_core::selection::SelectionError;
use hugflow_core::state::StateError;
use hugflow_core::sync_report;
use hugflow_download::DownloadError;
use hugflow_hub::{HubError, NotFoundKind};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{file} is not a valid request: {}", describe(errors))]
    Invalid {
        file: String,
        errors: Vec<FieldError>,
    },
    #[error("{0}")]
    Hub(#[from] HubError),
    #[error("{0}")]
    Selection(#[from] SelectionError),
    #[error("{0}")]
    Download(#[from] DownloadError),
    #[error("{0}")]
    State(#[from] StateError),
    #[error(
        "the dataset needs {} but STORAGE_QUOTA_GB={quota_gb} leaves {} ({} in use)",
        human(*needed), human(left(*quota_gb, *used)), human(*used)
    )]
    Quota {
        needed: u64,
        used: u64,
        quota_gb: f64,
    },
    #[error("storage name `{storage_name}` would leave STORAGE_ROOT ({}); refusing to touch it", root.display())]
    UnsafePath { storage_name: String, root: PathBuf },
    /// The dataset is synced, but staging it on the cluster (`stage:`) failed.
    #[error("{0}")]
    Staging(String),
    #[error(transparent)]
    Io(#[from] PathIoError),
}

fn describe(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| {
            let at = if e.line > 0 {
                format!("line {}: ", e.line)
            } else {
                String::new()
            };
            let hint = e
                .hint
                .as_deref()
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            format!("{at}{}{hint}", e.message)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn human(bytes: u64) -> String {
    hugflow_core::units::human_bytes(bytes)
}

pub(crate) fn quota_bytes(quota_gb: f64) -> u64 {
    (quota_gb * 1e9) as u64
}

fn left(quota_gb: f64, used: u64) -> u64 {
    quota_bytes(quota_gb).saturating_sub(used)
}

impl SyncError {
    /// A stable name for the failure (`gated`, `not_found`, `disk_full`, ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Invalid { .. } => "invalid_request",
            Self::Hub(HubError::Gated { .. }) => "gated",
            Self::Hub(HubError::NotFound {
                kind: NotFoundKind::Revision,
                ..
            }) => "revision_not_found",
            Self::Hub(HubError::NotFound { .. }) => "not_found",
            Self::Hub(HubError::NotFoundOrPrivate { .. }) => "not_found_or_private",
            Self::Hub(HubError::Disabled { .. }) => "disabled",
            Self::Hub(HubError::Unauthorized { .. }) => "unauthorized",
            Self::Hub(HubError::RateLimited { .. }) => "rate_limited",
            Self::Hub(HubError::Untrusted { .. }) => "untrusted_answer",
            Self::Hub(HubError::Viewer { refusal, .. }) => refusal.kind(),
            Self::Hub(_) => "hub_unreachable",
            Self::Selection(SelectionError::UnknownSubset { .. }) => "unknown_subset",
            Self::Selection(SelectionError::UnknownSplit { .. }) => "unknown_split",
            Self::Selection(_) => "no_files",
            Self::Download(error) => error.kind(),
            Self::State(_) => "state",
            Self::Quota { .. } => "quota",
            Self::UnsafePath { .. } => "unsafe_path",
            Self::Staging(_) => "staging",
            Self::Io(_) => "io",
        }
    }

    /// What the requester (or the host's admin) can do next.
    pub fn suggestion(&self) -> String {
        match self.kind() {
            "invalid_request" => "Fix the request file as the errors say and push; the sync runs again.".into(),
            "gated" => "Request access on the dataset's Hub page with the account whose token is HF_TOKEN on the HGX, then re-run the workflow.".into(),
            "not_found" => "Check `hf_id` against the dataset's Hub page (and that HF_TOKEN can see it if it is private), then push the fix.".into(),
            "not_found_or_private" => "Check `hf_id` against the dataset's Hub page; if it is private or gated, ask the HGX admin to set an HF_TOKEN for the runner that can see it, then re-run the workflow.".into(),
            "disabled" => "The Hub has disabled this dataset and will not serve its files: close this PR and request another dataset.".into(),
            "revision_not_found" => "Set `revision:` to a branch, tag or commit that exists, then push the fix.".into(),
            "unauthorized" => "Ask the HGX admin to set a valid HF_TOKEN for the runner.".into(),
            "viewer_unauthenticated" => "The dataset viewer needs a token for this dataset: ask the HGX admin to set an HF_TOKEN for the runner that can see it, or name `subset:` and `split:` yourself, then re-run the workflow.".into(),
            "viewer_not_ready" => "The dataset viewer has not computed this dataset yet: re-run the workflow in a few minutes.".into(),
            "viewer_blocked" | "viewer_too_big" => "The dataset viewer does not process this dataset, but its files can still be downloaded: name `subset:` and `split:` yourself (as in the dataset's files), then push the fix.".into(),
            "unknown_subset" | "unknown_split" => "Pick one of the subsets or splits listed above, then push the fix.".into(),
            "no_files" => "Request the whole dataset (remove `subset:`), or ask the dataset's authors to fix its card.".into(),
            "disk_full" | "quota" => "Free space on the HGX (remove datasets nobody uses with a removal request), then re-run the workflow; the download resumes.".into(),
            "rate_limited" | "hub_unreachable" | "network" => "Re-run the workflow later; the download resumes where it stopped.".into(),
            "staging" => "The dataset is on the shared storage; fix what the failed nodes report (`hugflow cluster` on the login node shows them), then re-run the workflow: it stages again and reuses every copy already verified.".into(),
            "corrupt" => "Re-run the workflow; if it fails again, the Hub or a proxy is serving a broken copy.".into(),
            "untrusted_answer" | "unsafe_redirect" => "Check HF_ENDPOINT on the runner (its environment or /etc/hugflow/env): the Hub never answers that, so it points at something that is not the Hub or a mirror you trust. Nothing was written.".into(),
            _ => "Ask the HGX admin to look at the runner's log; re-running the workflow resumes the download.".into(),
        }
    }

    /// The error as a PR comment and `results.json` carry it.
    pub fn report(&self) -> sync_report::SyncError {
        sync_report::SyncError {
            kind: self.kind().to_string(),
            message: self.to_string(),
            suggestion: self.suggestion(),
        }
    }
}

#[cfg(test)]
mod tests {
    use hugflow_hub::ViewerRefusal;

    use super::*;

    #[test]
    fn the_viewers_refusals_keep_their_own_kinds_and_suggestions() {
        let error = |refusal| {
            SyncError::Hub(HubError::Viewer {
                refusal,
                message: "the dataset viewer said no".into(),
            })
        };
        for (refusal, kind, says) in [
            (
                ViewerRefusal::Unauthenticated,
                "viewer_unauthenticated",
                "HF_TOKEN",
            ),
            (ViewerRefusal::NotReady, "viewer_not_ready", "few minutes"),
            (ViewerRefusal::Blocked, "viewer_blocked", "`subset:`"),
            (ViewerRefusal::TooBig, "viewer_too_big", "`subset:`"),
        ] {
            let report = error(refusal).report();
            assert_eq!(report.kind, kind);
            assert!(
                report.suggestion.contains(says),
                "{kind}: {}",
                report.suggestion
            );
            assert_eq!(report.message, "the dataset viewer said no");
        }
    }
}
