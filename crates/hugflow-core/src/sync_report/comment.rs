//! The four PR comments of a sync: their Markdown and the hidden line that carries their data.

use serde::{Deserialize, Serialize};

use super::markdown::{block, code, find_marker, marker};
use crate::units::{human_bytes, human_count, human_duration};

/// The dataset a comment is about: the request's fields and where it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DatasetRef {
    pub hf_id: String,
    pub revision: String,
    pub subset: Option<String>,
    pub split: String,
    pub storage_name: String,
}

impl From<&crate::request::AddRequest> for DatasetRef {
    fn from(request: &crate::request::AddRequest) -> Self {
        Self {
            hf_id: request.hf_id.clone(),
            revision: request.revision.clone(),
            subset: request.subset.clone(),
            split: request.split.clone(),
            storage_name: request.storage_name(),
        }
    }
}

/// Why a sync failed, and what the requester can do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncError {
    /// A stable name for the kind of failure (`gated`, `not_found`, `disk_full`, ...).
    pub kind: String,
    pub message: String,
    pub suggestion: String,
}

/// One comment of `hugflow sync --ci-mode` on a request's PR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SyncComment {
    Started {
        dataset: DatasetRef,
        /// What the download will fetch, when the Hub said so up front.
        files: Option<u64>,
        bytes: Option<u64>,
    },
    Progress {
        dataset: DatasetRef,
        percent: u8,
        files_done: u64,
        files_total: u64,
        bytes_done: u64,
        bytes_total: u64,
        eta_seconds: Option<u64>,
    },
    Complete {
        dataset: DatasetRef,
        path: String,
        size_bytes: u64,
        file_count: u64,
        took_seconds: u64,
    },
    Failed {
        dataset: DatasetRef,
        error: SyncError,
    },
}

/// Which of the four comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CommentKind {
    Started,
    Progress,
    Complete,
    Failed,
}

impl CommentKind {
    /// The heading people see.
    pub fn title(self) -> &'static str {
        match self {
            Self::Started => "🚀 Starting Download",
            Self::Progress => "⏳ Download Progress",
            Self::Complete => "✅ Download Complete",
            Self::Failed => "❌ Download Failed",
        }
    }
}

impl SyncComment {
    pub fn kind(&self) -> CommentKind {
        match self {
            Self::Started { .. } => CommentKind::Started,
            Self::Progress { .. } => CommentKind::Progress,
            Self::Complete { .. } => CommentKind::Complete,
            Self::Failed { .. } => CommentKind::Failed,
        }
    }

    pub fn dataset(&self) -> &DatasetRef {
        match self {
            Self::Started { dataset, .. }
            | Self::Progress { dataset, .. }
            | Self::Complete { dataset, .. }
            | Self::Failed { dataset, .. } => dataset,
        }
    }

    /// The comment body: a heading, what happened, and the hidden data line.
    pub fn to_markdown(&self) -> String {
        let dataset = self.dataset();
        let mut out = format!("### {}\n\n", self.kind().title());
        out.push_str(&format!("**Dataset:** {}", code(&dataset.hf_id)));
        out.push_str(&format!(" at revision {}", code(&dataset.revision)));
        if let Some(subset) = &dataset.subset {
            out.push_str(&format!(", subset {}", code(subset)));
        }
        out.push_str(&format!(", split {}\n", code(&dataset.split)));
        out.push_str(&format!(
            "**Storage name:** {}\n\n",
            code(&dataset.storage_name)
        ));
        match self {
            Self::Started { files, bytes, .. } => match (files, bytes) {
                (Some(files), Some(bytes)) => out.push_str(&format!(
                    "Fetching {} files ({}).\n",
                    human_count(*files),
                    human_bytes(*bytes)
                )),
                _ => out.push_str("Listing the files to fetch.\n"),
            },
            Self::Progress {
                percent,
                files_done,
                files_total,
                bytes_done,
                bytes_total,
                eta_seconds,
                ..
            } => {
                out.push_str(&format!("**{percent} %** done\n\n"));
                out.push_str("| | done | of |\n|---|---:|---:|\n");
                out.push_str(&format!(
                    "| files | {} | {} |\n",
                    human_count(*files_done),
                    human_count(*files_total)
                ));
                out.push_str(&format!(
                    "| size | {} | {} |\n",
                    human_bytes(*bytes_done),
                    human_bytes(*bytes_total)
                ));
                if let Some(eta) = eta_seconds {
                    out.push_str(&format!("\nAbout {} left.\n", human_duration(*eta)));
                }
            }
            Self::Complete {
                path,
                size_bytes,
                file_count,
                took_seconds,
                ..
            } => {
                out.push_str(&format!("**Path:** {}\n", code(path)));
                out.push_str(&format!(
                    "**Size:** {} in {} files, fetched in {}.\n",
                    human_bytes(*size_bytes),
                    human_count(*file_count),
                    human_duration(*took_seconds)
                ));
            }
            Self::Failed { error, .. } => {
                out.push_str(&format!("**Error:** {}\n\n", code(&error.kind)));
                out.push_str(&block(&error.message));
                out.push_str(&format!("\n\n**What to do:** {}\n", error.suggestion));
            }
        }
        let json = serde_json::to_string(self).expect("a sync comment serializes");
        out.push('\n');
        out.push_str(&marker(&json));
        out.push('\n');
        out
    }

    /// The comment a PR comment body carries, or `None` for any other comment (including a
    /// hidden line that does not parse, or a percent over 100).
    pub fn parse(body: &str) -> Option<Self> {
        let comment: Self = serde_json::from_str(find_marker(body)?).ok()?;
        match &comment {
            Self::Progress { percent, .. } if *percent > 100 => None,
            _ => Some(comment),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn dataset() -> DatasetRef {
        DatasetRef {
            hf_id: "mozilla-foundation/common_voice_11_0".into(),
            revision: "main".into(),
            subset: Some("ms".into()),
            split: "train".into(),
            storage_name: "mozilla-foundation__common_voice_11_0__subset_ms__split_train__rev_main"
                .into(),
        }
    }

    fn all() -> Vec<SyncComment> {
        vec![
            SyncComment::Started {
                dataset: dataset(),
                files: Some(12_345),
                bytes: Some(61 << 30),
            },
            SyncComment::Progress {
                dataset: dataset(),
                percent: 40,
                files_done: 4_938,
                files_total: 12_345,
                bytes_done: 24 << 30,
                bytes_total: 61 << 30,
                eta_seconds: Some(1_260),
            },
            SyncComment::Complete {
                dataset: dataset(),
                path: "/data/datasets/mozilla-foundation__common_voice_11_0__subset_ms__split_train__rev_main".into(),
                size_bytes: 61 << 30,
                file_count: 12_345,
                took_seconds: 3_725,
            },
            SyncComment::Failed {
                dataset: dataset(),
                error: SyncError {
                    kind: "gated".into(),
                    message: "401: Access to dataset mozilla-foundation/common_voice_11_0 is restricted. --> @team <b>".into(),
                    suggestion: "Accept the conditions on the dataset's Hub page with the runner's account.".into(),
                },
            },
        ]
    }

    #[test]
    fn every_comment_round_trips_through_its_markdown() {
        for comment in all() {
            let body = comment.to_markdown();
            assert_eq!(SyncComment::parse(&body), Some(comment.clone()), "{body}");
            assert!(body.starts_with(&format!("### {}", comment.kind().title())));
        }
    }

    #[test]
    fn people_read_the_numbers_and_mentions_stay_inert() {
        let [started, progress, complete, failed] = all().try_into().unwrap();
        assert!(
            started
                .to_markdown()
                .contains("Fetching 12,345 files (61.0 GiB)")
        );
        let progress = progress.to_markdown();
        assert!(progress.contains("**40 %** done"), "{progress}");
        assert!(progress.contains("About 21 min left."), "{progress}");
        let complete = complete.to_markdown();
        assert!(complete.contains("61.0 GiB in 12,345 files, fetched in 1 h 2 min"));
        let failed = failed.to_markdown();
        assert!(failed.contains("```text\n401: Access"), "{failed}");
        let marker = failed.lines().last().unwrap();
        assert!(marker.starts_with("<!-- hugflow:sync v1 {"), "{marker}");
        assert_eq!(
            marker.matches("-->").count(),
            1,
            "a value cannot close the marker"
        );
    }

    #[test]
    fn other_comments_are_not_sync_comments() {
        assert_eq!(SyncComment::parse("LGTM, thanks!"), None);
        assert_eq!(
            SyncComment::parse("<!-- hugflow:sync v1 {not json} -->"),
            None
        );
        let mut over = all()[1].to_markdown();
        over = over.replace("\"percent\":40", "\"percent\":140");
        assert_eq!(SyncComment::parse(&over), None);
        // A person quoting an earlier comment and then the bot's newer one: the last line wins.
        let quoted = format!("> {}\n\n{}", all()[0].to_markdown(), all()[2].to_markdown());
        assert_eq!(
            SyncComment::parse(&quoted).map(|c| c.kind()),
            Some(CommentKind::Complete)
        );
    }
}
