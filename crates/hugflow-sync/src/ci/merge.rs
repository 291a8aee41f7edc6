//! The bot merges only what it applied. Once every request of a PR succeeded, the PR is merged
//! when, and only when:
//!
//! - every path it changes is a request file this run applied (a PR that also touches
//!   `scripts/`, `.github/workflows/` or `.env` is left for a person, with a comment naming
//!   the paths);
//! - its head is still the commit the run read its requests at. The merge call carries that
//!   sha, so GitHub refuses it (409 "Head branch was modified") if a commit lands between our
//!   check and the merge; the request-file cleanup (`AUTO_CLEANUP_REQUESTS`) moves the pin
//!   only over the commits it made itself.

use hugflow_core::sync_report::NotMerged;
use hugflow_github::{GithubError, PullRequest};

use super::{CiObserver, CiReport, CiRun};
use crate::comments::Reporter;

/// GitHub lists at most this many files of a PR ("Responses include a maximum of 3000
/// files"); a PR with more cannot be checked, so it is never merged by the bot.
pub(super) const MAX_LISTED_FILES: usize = 3000;

impl CiRun {
    /// Every request succeeded: clean up the request files, merge pinned to the synced head,
    /// delete the branch; or say why the PR stays open.
    pub(super) async fn finish(
        &self,
        pull: &PullRequest,
        others: &[String],
        reporter: &Reporter,
        report: &mut CiReport,
        observer: &dyn CiObserver,
    ) {
        if let Err(reason) = self.merge_pinned(pull, others, report, observer).await {
            observer.note(&format!("PR #{} stays open: {reason}", pull.number));
            if reason != NotMerged::AutoMergeOff {
                reporter.held(&reason).await;
            }
            report.not_merged = Some(reason);
            return;
        }
        let repo = &self.settings.repo;
        if self.same_repo(pull) {
            match self.github.delete_branch(repo, &pull.head.branch).await {
                Ok(()) => {
                    report.branch_deleted = true;
                    observer.note(&format!("deleted branch {}", pull.head.branch));
                }
                Err(error) => observer.note(&format!(
                    "cannot delete branch {}: {error}",
                    pull.head.branch
                )),
            }
        }
    }

    fn same_repo(&self, pull: &PullRequest) -> bool {
        let repo = self.settings.repo.to_string();
        pull.head
            .repo
            .as_deref()
            .is_some_and(|head| head.full_name.eq_ignore_ascii_case(&repo))
    }

    async fn merge_pinned(
        &self,
        pull: &PullRequest,
        others: &[String],
        report: &mut CiReport,
        observer: &dyn CiObserver,
    ) -> Result<(), NotMerged> {
        let config = &self.engine.checkout.config;
        if !others.is_empty() {
            return Err(NotMerged::OtherChanges {
                paths: others.to_vec(),
            });
        }
        let synced = pull.head.sha.clone();
        let moved = |now: Option<String>| NotMerged::HeadMoved {
            synced: synced.clone(),
            now,
        };
        let now = self
            .github
            .pull(&self.settings.repo, pull.number)
            .await
            .map_err(|error| NotMerged::MergeFailed {
                message: error.to_string(),
            })?
            .head
            .sha;
        if now != synced {
            return Err(moved(Some(now)));
        }
        let mut pin = synced.clone();
        if config.auto_cleanup_requests {
            if self.same_repo(pull) {
                for result in &report.results.results {
                    match self
                        .delete_request(&pull.head.branch, &result.request)
                        .await
                    {
                        Ok(None) => {}
                        // Our commit sits right on the pin: the pin moves to it.
                        Ok(Some((commit, parent))) if parent == pin => pin = commit,
                        Ok(Some((commit, _))) => return Err(moved(Some(commit))),
                        Err(error) => {
                            observer.note(&format!("cannot remove {}: {error}", result.request))
                        }
                    }
                }
            } else {
                observer.note(
                    "AUTO_CLEANUP_REQUESTS: the PR comes from a fork; its request files stay",
                );
            }
        }
        if !config.auto_merge {
            return Err(NotMerged::AutoMergeOff);
        }
        match self
            .github
            .merge(&self.settings.repo, pull.number, "merge", Some(&pin))
            .await
        {
            Ok(_) => {
                report.merged = true;
                observer.note(&format!(
                    "merged PR #{} at {}",
                    pull.number,
                    &pin[..pin.len().min(7)]
                ));
                Ok(())
            }
            Err(GithubError::Conflict { message, .. }) if message.contains("Head branch") => {
                Err(moved(None))
            }
            Err(error) => Err(NotMerged::MergeFailed {
                message: error.to_string(),
            }),
        }
    }

    /// Deletes a request file on the PR's branch; the commit made and its parent, or `None`
    /// when the file is already gone.
    async fn delete_request(
        &self,
        branch: &str,
        path: &str,
    ) -> Result<Option<(String, String)>, GithubError> {
        let repo = &self.settings.repo;
        let Some((file, _)) = self.github.file(repo, path, branch).await? else {
            return Ok(None);
        };
        let written = self
            .github
            .delete_file(
                repo,
                path,
                &file.sha,
                branch,
                &format!("hugflow: remove {path} after sync"),
            )
            .await?;
        let parent = written
            .commit
            .parents
            .first()
            .map(|p| p.sha.clone())
            .unwrap_or_default();
        Ok(Some((written.commit.sha, parent)))
    }
}
