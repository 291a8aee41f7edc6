//! The fifth comment of a sync: "Downloaded, not merged". Every request of the PR succeeded,
//! but the bot merges only what it applied, so the PR waits for a person. People read the
//! Markdown; the desktop's tracker reads the hidden `<!-- hugflow:held v1 … -->` line.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::markdown::{code, find_marker_named, marker_named};

/// What starts the hidden line of a held comment.
pub const HELD_MARKER: &str = "hugflow:held v1";

/// Why a PR whose requests all succeeded stays open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotMerged {
    /// `AUTO_MERGE` is off.
    AutoMergeOff,
    /// The PR changes these paths besides the request files it applied.
    OtherChanges { paths: Vec<String> },
    /// The head moved from the synced commit (to `now`, when known).
    HeadMoved { synced: String, now: Option<String> },
    /// GitHub refused or failed the merge.
    MergeFailed { message: String },
}

impl NotMerged {
    /// A stable name for scripts (`results` JSON line).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::AutoMergeOff => "auto_merge_off",
            Self::OtherChanges { .. } => "other_changes",
            Self::HeadMoved { .. } => "head_moved",
            Self::MergeFailed { .. } => "merge_failed",
        }
    }

    /// The PR comment: what happened, what a person does next, and the hidden data line.
    pub fn to_markdown(&self) -> String {
        let json = serde_json::to_string(self).expect("a reason serializes");
        format!(
            "### ⏸️ Downloaded, not merged\n\n{}\n\n{}\n",
            self.sentence(&code),
            marker_named(HELD_MARKER, &json)
        )
    }

    /// The reason a held comment carries, or `None` for any other comment.
    pub fn parse(body: &str) -> Option<Self> {
        serde_json::from_str(find_marker_named(body, HELD_MARKER)?).ok()
    }
}

impl NotMerged {
    /// What happened and what to do, each name or sha put through `quote` (inline code in the
    /// PR comment, as it is in the desktop's plain text).
    fn sentence(&self, quote: &dyn Fn(&str) -> String) -> String {
        let short = |sha: &str| quote(&sha.chars().take(7).collect::<String>());
        match self {
            Self::AutoMergeOff => {
                "AUTO_MERGE is off on the runner; a person merges this PR.".into()
            }
            Self::OtherChanges { paths } => {
                let listed: Vec<String> = paths.iter().map(|p| quote(p)).collect();
                format!(
                    "This PR also changes {}, which a person must review; the bot merges only \
                     PRs that change nothing but the request files it applied.",
                    listed.join(", ")
                )
            }
            Self::HeadMoved { synced, now } => format!(
                "New commits were pushed while it synced (synced {}, head now {}); sync again \
                 (re-run the workflow) so the bot applies and merges what the PR holds now.",
                short(synced),
                now.as_deref().map_or_else(|| "unknown".into(), short)
            ),
            Self::MergeFailed { message } => format!("GitHub did not merge it: {}", quote(message)),
        }
    }
}

/// The plain text, for logs and the desktop.
impl fmt::Display for NotMerged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sentence(&|text| text.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reason_says_what_to_do_and_round_trips() {
        let other = NotMerged::OtherChanges {
            paths: vec![".env".into(), "scripts/x.sh".into()],
        };
        assert_eq!(
            other.to_string(),
            "This PR also changes .env, scripts/x.sh, which a person must review; the bot merges \
             only PRs that change nothing but the request files it applied."
        );
        assert!(
            other
                .to_markdown()
                .contains("changes ` .env `, ` scripts/x.sh `, which"),
            "names are inline code in the comment"
        );
        let moved = NotMerged::HeadMoved {
            synced: "0123456789abcdef".into(),
            now: Some("fedcba9876543210".into()),
        };
        let text = moved.to_string();
        assert!(text.contains("synced 0123456, head now fedcba9"), "{text}");
        assert!(text.contains("sync again"), "{text}");
        assert_eq!(moved.kind(), "head_moved");
        for reason in [
            other,
            moved,
            NotMerged::AutoMergeOff,
            NotMerged::MergeFailed {
                message: "--> <b>@team</b>".into(),
            },
        ] {
            let body = reason.to_markdown();
            assert!(body.starts_with("### ⏸️ Downloaded, not merged"), "{body}");
            assert_eq!(NotMerged::parse(&body), Some(reason), "{body}");
        }
        assert_eq!(NotMerged::parse("plain text"), None);
    }

    #[test]
    fn a_path_cannot_break_out_of_its_code_span() {
        let reason = NotMerged::OtherChanges {
            paths: vec!["a`b\n@team <!-- x -->".into()],
        };
        let body = reason.to_markdown();
        assert!(!body.contains("\n@team"), "{body}");
        assert_eq!(NotMerged::parse(&body), Some(reason));
    }
}
