//! What a CI run tells the PR (and Slack) while it works: the comment poster, and the
//! observer that turns a download's progress into "Starting Download" and "Download
//! Progress" comments at the cadence, from a task of its own.

use std::sync::Arc;
use std::time::Instant;

use hugflow_core::progress::{FileCount, Progress};
use hugflow_core::sync_report::{DatasetRef, NotMerged, ProgressCadence, SyncComment};
use hugflow_github::{GithubClient, RepoName};
use tokio::sync::mpsc;

use crate::ci::CiObserver;
use crate::engine::AddObserver;
use crate::plan::Plan;
use crate::slack::Slack;

/// Posts to the PR and to Slack; a failed post is logged, never fatal.
pub(crate) struct Reporter {
    pub github: GithubClient,
    pub repo: RepoName,
    pub pr: u64,
    pub pr_url: String,
    pub slack: Option<Slack>,
}

impl Reporter {
    pub async fn post(&self, comment: &SyncComment) {
        self.note(&comment.to_markdown()).await;
        if let Some(slack) = &self.slack {
            slack
                .post(&slack_line(comment, self.pr, &self.pr_url))
                .await;
        }
    }

    /// "Downloaded, not merged": the PR waits for a person, who hears it on Slack too.
    pub async fn held(&self, reason: &NotMerged) {
        self.note(&reason.to_markdown()).await;
        if let Some(slack) = &self.slack {
            let line = format!(
                "⏸️ Downloaded, not merged — {reason} (<{}|PR #{}>)",
                self.pr_url, self.pr
            );
            slack.post(&line).await;
        }
    }

    pub async fn note(&self, markdown: &str) {
        if let Err(error) = self.github.comment(&self.repo, self.pr, markdown).await {
            tracing::warn!(%error, pr = self.pr, "cannot comment on the PR");
        }
    }
}

fn slack_line(comment: &SyncComment, pr: u64, pr_url: &str) -> String {
    let dataset = comment.dataset();
    let what = match comment {
        SyncComment::Started {
            files: Some(files),
            bytes: Some(bytes),
            ..
        } => format!(
            "{} files, {}",
            hugflow_core::units::human_count(*files),
            hugflow_core::units::human_bytes(*bytes)
        ),
        SyncComment::Progress { percent, .. } => format!("{percent} %"),
        SyncComment::Complete {
            path, size_bytes, ..
        } => {
            format!(
                "{} at `{path}`",
                hugflow_core::units::human_bytes(*size_bytes)
            )
        }
        SyncComment::Failed { error, .. } => format!("{}: {}", error.kind, error.message),
        SyncComment::Started { .. } => String::new(),
    };
    format!(
        "{} `{}` — {what} (<{pr_url}|PR #{pr}>)",
        comment.kind().title(),
        dataset.hf_id
    )
}

/// Posts "Starting Download" when the files are known and "Download Progress" at the
/// cadence, from a task of its own, so the download never waits for GitHub.
pub(crate) struct ProgressComments<'a> {
    observer: &'a dyn CiObserver,
    news: mpsc::UnboundedSender<News>,
    poster: tokio::task::JoinHandle<()>,
}

enum News {
    Planned { files: u64, bytes: u64 },
    Progress(Progress),
}

impl<'a> ProgressComments<'a> {
    pub fn start(
        reporter: Arc<Reporter>,
        dataset: DatasetRef,
        observer: &'a dyn CiObserver,
    ) -> Self {
        let (news, mut inbox) = mpsc::unbounded_channel();
        let poster = tokio::spawn(async move {
            let mut cadence = ProgressCadence::started_at(Instant::now());
            while let Some(news) = inbox.recv().await {
                let comment = match news {
                    News::Planned { files, bytes } => {
                        cadence = ProgressCadence::started_at(Instant::now());
                        SyncComment::Started {
                            dataset: dataset.clone(),
                            files: Some(files),
                            bytes: Some(bytes),
                        }
                    }
                    News::Progress(progress) => {
                        let total = progress.total.unwrap_or(0);
                        let percent =
                            (progress.done.saturating_mul(100) / total.max(1)).min(100) as u8;
                        if !cadence.due(percent, Instant::now()) {
                            continue;
                        }
                        let files = progress.files.unwrap_or(FileCount { done: 0, total: 0 });
                        SyncComment::Progress {
                            dataset: dataset.clone(),
                            percent,
                            files_done: files.done,
                            files_total: files.total,
                            bytes_done: progress.done,
                            bytes_total: total,
                            eta_seconds: progress.eta_seconds,
                        }
                    }
                };
                reporter.post(&comment).await;
            }
        });
        Self {
            observer,
            news,
            poster,
        }
    }

    /// Waits until every comment is out.
    pub async fn finish(self) {
        drop(self.news);
        let _ = self.poster.await;
    }
}

impl AddObserver for ProgressComments<'_> {
    fn planned(&self, plan: &Plan) {
        let _ = self.news.send(News::Planned {
            files: plan.files.len() as u64,
            bytes: plan.bytes,
        });
        self.observer.planned(plan);
    }

    fn progress(&self, progress: &Progress) {
        let _ = self.news.send(News::Progress(progress.clone()));
        self.observer.progress(progress);
    }

    fn notice(&self, line: &str) {
        self.observer.notice(line);
    }
}
