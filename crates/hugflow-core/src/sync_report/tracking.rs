//! A request's state from its PR and the PR's comments, as the desktop and `hugflow requests`
//! show it: PR open → sync started → downloading n % → complete → merged, or failed.
//!
//! Comments may arrive out of order, twice, or from people: only the sync bot's comments move
//! the state, ordered by time then id, and a "Starting Download" after a failure begins a new
//! attempt. Every milestone is an [`Event`] with a stable key, so a notifier that remembers
//! keys says each thing once, also across restarts.

use serde::{Deserialize, Serialize};

use super::comment::{SyncComment, SyncError};
use super::held::NotMerged;

/// The PR as the tracker needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PullState {
    Open,
    Closed,
    Merged,
}

/// One PR comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrComment {
    pub id: u64,
    pub author: String,
    /// RFC 3339, as GitHub writes it (so text order is time order).
    pub created_at: String,
    pub body: String,
}

/// Where a request stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RequestState {
    /// Waiting for the runner.
    PrOpen,
    SyncStarted,
    Downloading {
        percent: u8,
        eta_seconds: Option<u64>,
    },
    Complete {
        path: String,
        size_bytes: u64,
    },
    Failed {
        error: SyncError,
    },
    /// Downloaded, but the bot left the PR open for a person (`message` says why and what to
    /// do); `path` and `size_bytes` when the sync said where the data went.
    Held {
        path: Option<String>,
        size_bytes: Option<u64>,
        reason: NotMerged,
        message: String,
    },
    /// Merged; `path` and `size_bytes` when the sync said where the data went.
    Merged {
        path: Option<String>,
        size_bytes: Option<u64>,
    },
    /// Closed without merging.
    Closed,
}

impl RequestState {
    /// One line for a list or a notification: "downloading 40 % (about 2m left)".
    pub fn summary(&self) -> String {
        use crate::units::{human_bytes, human_duration};
        match self {
            Self::PrOpen => "PR open, waiting for the runner".into(),
            Self::SyncStarted => "sync started".into(),
            Self::Downloading {
                percent,
                eta_seconds,
            } => match eta_seconds {
                Some(eta) => format!(
                    "downloading {percent} % (about {} left)",
                    human_duration(*eta)
                ),
                None => format!("downloading {percent} %"),
            },
            Self::Complete { path, size_bytes } => {
                format!("complete: {path} ({})", human_bytes(*size_bytes))
            }
            Self::Failed { error } => format!(
                "failed ({}): {} {}",
                error.kind, error.message, error.suggestion
            ),
            Self::Held { message, .. } => format!("downloaded, not merged: {message}"),
            Self::Merged {
                path: Some(path),
                size_bytes,
            } => match size_bytes {
                Some(size) => format!("merged: {path} ({})", human_bytes(*size)),
                None => format!("merged: {path}"),
            },
            Self::Merged { path: None, .. } => "merged".into(),
            Self::Closed => "closed without merging".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Complete,
    Failed,
    Merged,
    /// A person commented.
    Comment,
}

/// A milestone worth telling the requester about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Event {
    pub kind: EventKind,
    /// Stable across polls and restarts: `complete:<comment id>`, `merged`, ...
    pub key: String,
    pub summary: String,
}

/// The state and the events so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Tracked {
    pub state: RequestState,
    pub events: Vec<Event>,
}

/// Tracks a request's PR. `bots` are the logins whose comments are sync comments;
/// `requester`'s own comments are not news to them.
pub fn track(pull: PullState, comments: &[PrComment], bots: &[&str], requester: &str) -> Tracked {
    let mut ordered: Vec<&PrComment> = comments.iter().collect();
    ordered.sort_by(|a, b| (&a.created_at, a.id).cmp(&(&b.created_at, b.id)));
    ordered.dedup_by_key(|c| c.id);
    let mut state = RequestState::PrOpen;
    let mut events = Vec::new();
    for comment in ordered {
        let is_bot = bots.iter().any(|b| b.eq_ignore_ascii_case(&comment.author));
        if !is_bot {
            if !comment.author.eq_ignore_ascii_case(requester) {
                events.push(Event {
                    kind: EventKind::Comment,
                    key: format!("comment:{}", comment.id),
                    summary: format!("{} commented", comment.author),
                });
            }
            continue;
        }
        if let Some(reason) = NotMerged::parse(&comment.body) {
            let (path, size_bytes) = match &state {
                RequestState::Complete { path, size_bytes } => {
                    (Some(path.clone()), Some(*size_bytes))
                }
                RequestState::Held {
                    path, size_bytes, ..
                } => (path.clone(), *size_bytes),
                _ => (None, None),
            };
            state = RequestState::Held {
                path,
                size_bytes,
                message: reason.to_string(),
                reason,
            };
            continue;
        }
        let Some(sync) = SyncComment::parse(&comment.body) else {
            continue;
        };
        state = match (sync, &state) {
            (SyncComment::Started { .. }, _) => RequestState::SyncStarted,
            // Progress of an attempt that already ended is old news.
            (
                SyncComment::Progress { .. },
                RequestState::Complete { .. } | RequestState::Failed { .. },
            ) => continue,
            (
                SyncComment::Progress { percent, .. },
                RequestState::Downloading { percent: was, .. },
            ) if percent < *was => {
                continue;
            }
            (
                SyncComment::Progress {
                    percent,
                    eta_seconds,
                    ..
                },
                _,
            ) => RequestState::Downloading {
                percent,
                eta_seconds,
            },
            (
                SyncComment::Complete {
                    path, size_bytes, ..
                },
                _,
            ) => {
                events.push(Event {
                    kind: EventKind::Complete,
                    key: format!("complete:{}", comment.id),
                    summary: format!("on the server at {path}"),
                });
                RequestState::Complete { path, size_bytes }
            }
            (SyncComment::Failed { error, .. }, _) => {
                events.push(Event {
                    kind: EventKind::Failed,
                    key: format!("failed:{}", comment.id),
                    summary: format!("failed: {}", error.message),
                });
                RequestState::Failed { error }
            }
        };
    }
    state = match (pull, state) {
        (PullState::Merged, state) => {
            events.push(Event {
                kind: EventKind::Merged,
                key: "merged".into(),
                summary: "merged".into(),
            });
            match state {
                RequestState::Complete { path, size_bytes } => RequestState::Merged {
                    path: Some(path),
                    size_bytes: Some(size_bytes),
                },
                // A person merged what the bot held.
                RequestState::Held {
                    path, size_bytes, ..
                } => RequestState::Merged { path, size_bytes },
                _ => RequestState::Merged {
                    path: None,
                    size_bytes: None,
                },
            }
        }
        (PullState::Closed, RequestState::Failed { error }) => RequestState::Failed { error },
        (PullState::Closed, _) => RequestState::Closed,
        (PullState::Open, state) => state,
    };
    Tracked { state, events }
}

#[cfg(test)]
mod tests {
    use super::super::comment::tests::dataset;
    use super::*;

    const BOT: &str = "hugflow-bot";

    fn bot(id: u64, minute: u32, comment: SyncComment) -> PrComment {
        PrComment {
            id,
            author: BOT.into(),
            created_at: format!("2026-11-21T10:{minute:02}:00Z"),
            body: comment.to_markdown(),
        }
    }

    fn started() -> SyncComment {
        SyncComment::Started {
            dataset: dataset(),
            files: None,
            bytes: None,
        }
    }

    fn progress(percent: u8) -> SyncComment {
        SyncComment::Progress {
            dataset: dataset(),
            percent,
            files_done: u64::from(percent),
            files_total: 100,
            bytes_done: 0,
            bytes_total: 0,
            eta_seconds: Some(60),
        }
    }

    fn complete() -> SyncComment {
        SyncComment::Complete {
            dataset: dataset(),
            path: "/data/x".into(),
            size_bytes: 42,
            file_count: 2,
            took_seconds: 5,
        }
    }

    fn failed() -> SyncComment {
        SyncComment::Failed {
            dataset: dataset(),
            error: SyncError {
                kind: "gated".into(),
                message: "access denied".into(),
                suggestion: "accept the terms".into(),
            },
        }
    }

    fn state(pull: PullState, comments: &[PrComment]) -> RequestState {
        track(pull, comments, &[BOT], "alice").state
    }

    #[test]
    fn a_request_walks_from_open_to_merged() {
        let mut comments = vec![];
        assert_eq!(state(PullState::Open, &comments), RequestState::PrOpen);
        comments.push(bot(1, 0, started()));
        assert_eq!(state(PullState::Open, &comments), RequestState::SyncStarted);
        comments.push(bot(2, 1, progress(40)));
        assert_eq!(
            state(PullState::Open, &comments),
            RequestState::Downloading {
                percent: 40,
                eta_seconds: Some(60)
            }
        );
        comments.push(bot(3, 2, complete()));
        assert_eq!(
            state(PullState::Open, &comments),
            RequestState::Complete {
                path: "/data/x".into(),
                size_bytes: 42
            }
        );
        let merged = track(PullState::Merged, &comments, &[BOT], "alice");
        assert_eq!(
            merged.state,
            RequestState::Merged {
                path: Some("/data/x".into()),
                size_bytes: Some(42)
            }
        );
        let keys: Vec<&str> = merged.events.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["complete:3", "merged"]);
    }

    #[test]
    fn a_held_request_shows_where_the_data_is_and_why_it_waits() {
        let reason = NotMerged::OtherChanges {
            paths: vec!["scripts/x.sh".into()],
        };
        let held = |id: u64, author: &str| PrComment {
            id,
            author: author.into(),
            created_at: "2026-11-21T10:03:00Z".into(),
            body: reason.to_markdown(),
        };
        let mut comments = vec![bot(1, 0, started()), bot(3, 2, complete())];
        // Anyone can paste the hidden line: only the bot's counts.
        comments.push(held(4, "mallory"));
        assert!(matches!(
            state(PullState::Open, &comments),
            RequestState::Complete { .. }
        ));
        comments.push(held(5, BOT));
        let RequestState::Held {
            path,
            size_bytes,
            reason: got,
            message,
        } = state(PullState::Open, &comments)
        else {
            panic!("{:?}", state(PullState::Open, &comments));
        };
        assert_eq!((path.as_deref(), size_bytes), (Some("/data/x"), Some(42)));
        assert_eq!(got, reason);
        assert!(message.contains("changes scripts/x.sh, which"), "{message}");
        // A person merges it: merged, with the path.
        assert_eq!(
            state(PullState::Merged, &comments),
            RequestState::Merged {
                path: Some("/data/x".into()),
                size_bytes: Some(42)
            }
        );
    }

    #[test]
    fn out_of_order_and_duplicate_comments_give_the_same_answer() {
        let comments = vec![
            bot(3, 2, complete()),
            bot(2, 1, progress(60)),
            bot(1, 0, started()),
            bot(3, 2, complete()),
            bot(2, 1, progress(60)),
        ];
        let tracked = track(PullState::Open, &comments, &[BOT], "alice");
        assert!(matches!(tracked.state, RequestState::Complete { .. }));
        assert_eq!(
            tracked.events.len(),
            1,
            "one complete event for a duplicated comment"
        );
        // A late progress comment never moves a download backwards.
        let late = vec![
            bot(1, 0, started()),
            bot(2, 5, progress(80)),
            bot(3, 6, progress(40)),
        ];
        assert!(matches!(
            state(PullState::Open, &late),
            RequestState::Downloading { percent: 80, .. }
        ));
    }

    #[test]
    fn a_retry_after_a_failure_starts_over() {
        let comments = vec![
            bot(1, 0, started()),
            bot(2, 1, failed()),
            bot(3, 2, progress(20)),
        ];
        assert!(
            matches!(
                state(PullState::Open, &comments),
                RequestState::Failed { .. }
            ),
            "progress after a failure without a new start is stale"
        );
        let retried = [
            comments.clone(),
            vec![bot(4, 3, started()), bot(5, 4, progress(20))],
        ]
        .concat();
        assert!(matches!(
            state(PullState::Open, &retried),
            RequestState::Downloading { percent: 20, .. }
        ));
        let events = track(PullState::Closed, &comments, &[BOT], "alice");
        assert!(
            matches!(events.state, RequestState::Failed { .. }),
            "closed after failing says why"
        );
        assert_eq!(events.events[0].kind, EventKind::Failed);
    }

    #[test]
    fn only_the_bot_moves_the_state_and_people_are_news() {
        let forged = PrComment {
            author: "mallory".into(),
            ..bot(1, 0, complete())
        };
        let own = PrComment {
            id: 2,
            author: "Alice".into(),
            created_at: "2026-11-21T10:01:00Z".into(),
            body: "any news?".into(),
        };
        let tracked = track(PullState::Open, &[forged, own], &[BOT], "alice");
        assert_eq!(tracked.state, RequestState::PrOpen);
        let keys: Vec<&str> = tracked.events.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            ["comment:1"],
            "mallory's comment is news; alice's own is not"
        );
        assert_eq!(state(PullState::Closed, &[]), RequestState::Closed);
    }
}
