//! `hugflow sync --ci-mode`: what the workflow runs on the HGX when a request PR opens or
//! changes. It finds the request files the PR adds or changes, applies each one, tells the PR
//! how it goes (the comments of [`hugflow_core::sync_report`]), writes `results.json`, and when
//! every request succeeded, removes the request files (`AUTO_CLEANUP_REQUESTS`), merges the PR
//! and deletes its branch (`AUTO_MERGE`) under the rules of [`merge`]. Slack hears the same
//! news when `SLACK_WEBHOOK_URL` is set. A failed request leaves the PR open with a comment
//! saying what to fix.
//!
//! Everything in the PR is untrusted: its files are read through the API at the head commit
//! the run started from, only paths [`RequestKind::of_repository_path`] accepts are read, and
//! a request file larger than [`MAX_REQUEST_BYTES`] is refused unparsed.

mod merge;

use std::sync::Arc;
use std::time::Instant;

use hugflow_core::cluster::StageRecord;
use hugflow_core::progress::Cancel;
use hugflow_core::request::{AddRequest, Request, RequestKind, parse_request};
use hugflow_core::sync_report::{
    DatasetRef, Outcome, ProgressCadence, RequestAction, RequestResult, StagingComment,
    SyncComment, SyncResults,
};
use hugflow_github::{GithubClient, GithubError, PullFile, PullFileStatus, PullRequest, RepoName};

use crate::SyncError;
use crate::comments::{ProgressComments, Reporter};
use crate::engine::{AddObserver, AddOutcome, Engine};
use crate::slack::Slack;
use crate::stager::Stager;

/// Where the PR is, as GitHub Actions tells a workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiSettings {
    pub repo: RepoName,
    pub pr: u64,
    pub api_url: String,
}

/// Problems that stop a CI run before any request is looked at.
#[derive(Debug, thiserror::Error)]
pub enum CiError {
    #[error(
        "{0} is not set; the workflow must pass it (GitHub Actions sets GITHUB_REPOSITORY, the workflow sets PR_NUMBER)"
    )]
    Missing(&'static str),
    #[error("{name}={value:?} is not valid: {expected}")]
    Invalid {
        name: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error(
        "GITHUB_TOKEN is not set; the workflow must pass `secrets.GITHUB_TOKEN` (with contents and pull-requests write permissions)"
    )]
    NoToken,
    #[error("cannot read pull request #{pr}: {source}")]
    Github { pr: u64, source: GithubError },
}

impl CiSettings {
    /// From the variables of a GitHub Actions job: `GITHUB_REPOSITORY`, `PR_NUMBER` (else the
    /// PR of the event in `GITHUB_EVENT_PATH`), `GITHUB_API_URL`.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Self, CiError> {
        let get = |name: &str| {
            var(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let repository = get("GITHUB_REPOSITORY").ok_or(CiError::Missing("GITHUB_REPOSITORY"))?;
        let repo = RepoName::parse(&repository).map_err(|_| CiError::Invalid {
            name: "GITHUB_REPOSITORY",
            value: repository.clone(),
            expected: "expected owner/name",
        })?;
        let pr = match get("PR_NUMBER") {
            Some(value) => value.parse().map_err(|_| CiError::Invalid {
                name: "PR_NUMBER",
                value: value.clone(),
                expected: "expected a pull request number",
            })?,
            None => get("GITHUB_EVENT_PATH")
                .and_then(|path| std::fs::read(path).ok())
                .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
                .and_then(|event| {
                    event
                        .pointer("/pull_request/number")
                        .and_then(|n| n.as_u64())
                        .or_else(|| event.pointer("/inputs/pr_number")?.as_str()?.parse().ok())
                })
                .ok_or(CiError::Missing("PR_NUMBER"))?,
        };
        let api_url = get("GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".into());
        Ok(Self { repo, pr, api_url })
    }
}

/// Hears what a CI run does, for the terminal of the workflow's log.
pub trait CiObserver: AddObserver {
    fn note(&self, line: &str);
}

/// What the run did.
#[derive(Debug, Clone)]
pub struct CiReport {
    pub results: SyncResults,
    pub merged: bool,
    pub branch_deleted: bool,
    /// Why a PR whose requests all succeeded was left open, when it was.
    pub not_merged: Option<NotMerged>,
}

/// The largest request file read; a request is a few lines of YAML.
pub const MAX_REQUEST_BYTES: usize = 64 * 1024;

pub use hugflow_core::sync_report::NotMerged;

/// One CI run over one PR.
pub struct CiRun {
    pub engine: Engine,
    pub github: GithubClient,
    pub settings: CiSettings,
    pub slack: Option<Slack>,
    /// Stages requests that carry `stage:` onto a Slurm cluster; without one, such a request
    /// fails with what to set up.
    pub stager: Option<Arc<dyn Stager>>,
}

/// What a PR changes: its request files, and every other path it touches (which keep the bot
/// from merging it).
struct Changes {
    requests: Vec<RequestFile>,
    others: Vec<String>,
}

/// A request file of the PR and what it asks.
struct RequestFile {
    path: String,
    kind: RequestKind,
    parsed: Result<Request, SyncError>,
}

impl CiRun {
    pub async fn run(
        &self,
        observer: &dyn CiObserver,
        cancel: &Cancel,
    ) -> Result<CiReport, CiError> {
        let started_at = chrono::Utc::now().to_rfc3339();
        let (repo, pr) = (&self.settings.repo, self.settings.pr);
        let github_error = |source| CiError::Github { pr, source };
        let pull = self.github.pull(repo, pr).await.map_err(github_error)?;
        let mut report = CiReport {
            results: SyncResults {
                schema: SyncResults::SCHEMA,
                started_at,
                finished_at: String::new(),
                results: Vec::new(),
            },
            merged: false,
            branch_deleted: false,
            not_merged: None,
        };
        if !pull.is_open() {
            observer.note(&format!(
                "PR #{pr} is {}; nothing to sync",
                if pull.is_merged() { "merged" } else { "closed" }
            ));
            report.results.finished_at = chrono::Utc::now().to_rfc3339();
            return Ok(report);
        }
        let Changes {
            requests: files,
            others,
        } = self.changes(&pull).await.map_err(github_error)?;
        if files.is_empty() {
            observer.note(&format!("PR #{pr} changes no request file under requests/add or requests/remove; nothing to sync"));
        }
        let reporter = Arc::new(Reporter {
            github: self.github.clone(),
            repo: repo.clone(),
            pr,
            pr_url: pull.html_url.clone(),
            slack: self.slack.clone(),
        });
        for file in files {
            observer.note(&format!(
                "{}: {}",
                file.path,
                match file.kind {
                    RequestKind::Add => "download",
                    RequestKind::Remove => "removal",
                }
            ));
            let result = self.apply(file, &reporter, observer, cancel).await;
            observer.note(&format!(
                "{}: {}",
                result.request,
                outcome_line(&result.outcome)
            ));
            report.results.results.push(result);
            if cancel.is_cancelled() {
                break;
            }
        }
        report.results.finished_at = chrono::Utc::now().to_rfc3339();
        if report.results.succeeded() && !report.results.results.is_empty() {
            self.finish(&pull, &others, &reporter, &mut report, observer)
                .await;
        } else if !report.results.succeeded() {
            observer.note(&format!(
                "PR #{pr} stays open: a request failed (see its comment)"
            ));
        }
        Ok(report)
    }

    /// What the PR changes: the request files it adds or changes, read at the head commit the
    /// run started from, and every other path it touches (a deleted request file, the old
    /// name of a renamed one, anything outside `requests/add` and `requests/remove`).
    async fn changes(&self, pull: &PullRequest) -> Result<Changes, GithubError> {
        let head_repo = match pull.head.repo.as_deref() {
            Some(repo) => RepoName::parse(&repo.full_name)?,
            None => self.settings.repo.clone(),
        };
        let listed = self
            .github
            .pull_files(&self.settings.repo, pull.number)
            .await?;
        let mut changes = Changes {
            requests: Vec::new(),
            others: Vec::new(),
        };
        if listed.len() >= merge::MAX_LISTED_FILES {
            changes.others.push(format!(
                "(more than {} files, which GitHub does not list)",
                merge::MAX_LISTED_FILES
            ));
        }
        for changed in listed {
            let PullFile {
                filename,
                status,
                previous_filename,
                ..
            } = changed;
            changes.others.extend(previous_filename);
            let kind = RequestKind::of_repository_path(&filename);
            let Some(kind) = kind.filter(|_| status != PullFileStatus::Removed) else {
                changes.others.push(filename);
                continue;
            };
            let parsed = match self
                .github
                .file(&head_repo, &filename, &pull.head.sha)
                .await?
            {
                // Listed but not at the head read: nothing was applied for it, so it is not
                // merged by the bot either.
                None => {
                    changes.others.push(filename);
                    continue;
                }
                Some((_, bytes)) => read_request(&filename, &bytes, kind),
            };
            changes.requests.push(RequestFile {
                path: filename,
                kind,
                parsed,
            });
        }
        changes.others.sort();
        changes.others.dedup();
        Ok(changes)
    }

    async fn apply(
        &self,
        file: RequestFile,
        reporter: &Arc<Reporter>,
        observer: &dyn CiObserver,
        cancel: &Cancel,
    ) -> RequestResult {
        let (action, dataset) = match (&file.kind, &file.parsed) {
            (_, Ok(Request::Add(add))) => (RequestAction::Add, DatasetRef::from(add)),
            (_, Ok(Request::Remove(remove))) => (RequestAction::Remove, bare_ref(&remove.hf_id)),
            (RequestKind::Add, Err(_)) => (RequestAction::Add, bare_ref("(invalid request)")),
            (RequestKind::Remove, Err(_)) => (RequestAction::Remove, bare_ref("(invalid request)")),
        };
        let outcome = match file.parsed {
            Err(error) => failed(reporter, dataset.clone(), error).await,
            Ok(Request::Add(add)) => {
                let clock = Instant::now();
                let watcher = ProgressComments::start(reporter.clone(), dataset.clone(), observer);
                let result = self.engine.add(&add, &watcher, cancel).await;
                watcher.finish().await;
                // A request that names cluster nodes is complete only once every node verified.
                let result = match result {
                    Ok(outcome) if add.stage.is_some() => {
                        self.stage(&add, reporter).await.map(|()| outcome)
                    }
                    other => other,
                };
                match result {
                    Ok(AddOutcome::AlreadyPresent { path, entry }) => {
                        let comment = SyncComment::Complete {
                            dataset: dataset.clone(),
                            path: path.display().to_string(),
                            size_bytes: entry.size_bytes.unwrap_or(0),
                            file_count: entry.file_count.unwrap_or(0),
                            took_seconds: 0,
                        };
                        reporter.post(&comment).await;
                        Outcome::Skipped {
                            reason: format!("already present at {}", path.display()),
                        }
                    }
                    Ok(AddOutcome::Downloaded { path, entry, .. }) => {
                        let comment = SyncComment::Complete {
                            dataset: dataset.clone(),
                            path: path.display().to_string(),
                            size_bytes: entry.size_bytes.unwrap_or(0),
                            file_count: entry.file_count.unwrap_or(0),
                            took_seconds: clock.elapsed().as_secs(),
                        };
                        reporter.post(&comment).await;
                        Outcome::Complete {
                            path: path.display().to_string(),
                            size_bytes: entry.size_bytes.unwrap_or(0),
                            file_count: entry.file_count.unwrap_or(0),
                        }
                    }
                    Err(error) => failed(reporter, dataset.clone(), error).await,
                }
            }
            Ok(Request::Remove(remove)) => match self.engine.remove(&remove) {
                Ok(removed) if removed.is_empty() => {
                    reporter
                        .note(&format!(
                            "🗑️ `{}` is not on this host; nothing to remove.",
                            remove.hf_id
                        ))
                        .await;
                    Outcome::Skipped {
                        reason: format!("{} is not on this host", remove.hf_id),
                    }
                }
                Ok(removed) => {
                    let paths: Vec<String> = removed
                        .iter()
                        .map(|r| r.path.display().to_string())
                        .collect();
                    let names = removed
                        .iter()
                        .filter_map(|r| r.path.file_name())
                        .map(|n| n.to_string_lossy().into_owned())
                        .collect();
                    let nodes = self.unstage(names).await;
                    reporter
                        .note(&format!(
                            "🗑️ Removed `{}` from this host: {}{}\n\nReason: {}",
                            remove.hf_id,
                            paths
                                .iter()
                                .map(|p| format!("`{p}`"))
                                .collect::<Vec<_>>()
                                .join(", "),
                            nodes.map(|n| format!("\n\n{n}")).unwrap_or_default(),
                            remove.reason
                        ))
                        .await;
                    Outcome::Removed {
                        path: paths.join(", "),
                    }
                }
                Err(error) => failed(reporter, dataset.clone(), error).await,
            },
        };
        RequestResult {
            request: file.path,
            action,
            dataset,
            outcome,
        }
    }
}

impl CiRun {
    /// Stages `add`'s dataset as its `stage:` says, commenting the job and, on the 20 %
    /// cadence of all nodes' bytes, where each node stands; `Err` unless every node verified.
    async fn stage(&self, add: &AddRequest, reporter: &Arc<Reporter>) -> Result<(), SyncError> {
        let spec = add.stage.clone().expect("called for a request with stage:");
        let Some(stager) = self.stager.clone() else {
            return Err(SyncError::Staging(
                "this request names cluster nodes (`stage:`), but this runner cannot stage: run the sync on the cluster's login node".into(),
            ));
        };
        let storage_name = add.storage_name();
        let (sender, mut updates) =
            tokio::sync::mpsc::unbounded_channel::<(String, String, StageRecord)>();
        let worker = tokio::task::spawn_blocking(move || {
            stager.stage(&storage_name, &spec, &mut |job, state, record| {
                let _ = sender.send((job.to_string(), state.to_string(), record.clone()));
            })
        });
        let mut cadence: Option<ProgressCadence> = None;
        while let Some((job, state, record)) = updates.recv().await {
            let comment = StagingComment {
                job_id: &job,
                job_state: &state,
                record: &record,
            };
            // The first comment says the job was submitted; then the cadence decides.
            let due = match &mut cadence {
                None => {
                    cadence = Some(ProgressCadence::started_at(Instant::now()));
                    true
                }
                Some(cadence) => {
                    comment.percent() < 100 && cadence.due(comment.percent(), Instant::now())
                }
            };
            if due {
                reporter.note(&comment.to_markdown()).await;
            }
        }
        let outcome = worker
            .await
            .map_err(|e| SyncError::Staging(format!("the staging task stopped: {e}")))?
            .map_err(SyncError::Staging)?;
        let last = StagingComment {
            job_id: &outcome.job_id,
            job_state: &outcome.job_state,
            record: &outcome.record,
        };
        reporter.note(&last.to_markdown()).await;
        if outcome.succeeded {
            Ok(())
        } else {
            Err(SyncError::Staging(format!(
                "staging job {} ended {} without every node verified: {}",
                outcome.job_id,
                outcome.job_state,
                outcome.record.failures().join(", ")
            )))
        }
    }

    /// Deletes the node copies of the datasets a removal took off this host, if any were
    /// staged: the comment line that says so.
    async fn unstage(&self, storage_names: Vec<String>) -> Option<String> {
        let stager = self.stager.clone()?;
        let cleaned = tokio::task::spawn_blocking(move || {
            storage_names
                .iter()
                .map(|name| (name.clone(), stager.unstage(name)))
                .collect::<Vec<_>>()
        })
        .await
        .ok()?;
        let lines: Vec<String> = cleaned
            .into_iter()
            .filter_map(|(name, result)| match result {
                Ok(nodes) if nodes.is_empty() => None,
                Ok(nodes) => Some(format!(
                    "Removed `{name}` from the nodes {}.",
                    nodes.join(", ")
                )),
                Err(error) => Some(format!(
                    "⚠️ Could not remove `{name}` from the nodes: {error}"
                )),
            })
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }
}

/// A request file's bytes as a request, refused unparsed when too large to be one.
fn read_request(path: &str, bytes: &[u8], kind: RequestKind) -> Result<Request, SyncError> {
    let invalid = |errors| SyncError::Invalid {
        file: path.to_string(),
        errors,
    };
    if bytes.len() > MAX_REQUEST_BYTES {
        return Err(invalid(vec![hugflow_core::request::FieldError {
            field: String::new(),
            line: 0,
            column: 0,
            message: format!(
                "the file is {} bytes; a request is a few lines of YAML (at most {MAX_REQUEST_BYTES} bytes)",
                bytes.len()
            ),
            hint: Some("keep only the request's fields in the file".into()),
        }]));
    }
    let text = String::from_utf8_lossy(bytes);
    parse_request(&text, Some(kind)).1.map_err(invalid)
}

/// A dataset named only by its id (removals, and requests that did not parse).
fn bare_ref(hf_id: &str) -> DatasetRef {
    DatasetRef {
        hf_id: hf_id.to_string(),
        revision: hugflow_core::request::DEFAULT_REVISION.into(),
        subset: None,
        split: hugflow_core::request::DEFAULT_SPLIT.into(),
        storage_name: String::new(),
    }
}

async fn failed(reporter: &Reporter, dataset: DatasetRef, error: SyncError) -> Outcome {
    let error = error.report();
    reporter
        .post(&SyncComment::Failed {
            dataset,
            error: error.clone(),
        })
        .await;
    Outcome::Failed { error }
}

fn outcome_line(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Complete { path, .. } => format!("complete at {path}"),
        Outcome::Removed { path } => format!("removed {path}"),
        Outcome::Skipped { reason } => format!("skipped, {reason}"),
        Outcome::Failed { error } => format!("failed ({}): {}", error.kind, error.message),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn settings(vars: &[(&str, &str)]) -> Result<CiSettings, CiError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        CiSettings::from_env(|name| vars.get(name).cloned())
    }

    #[test]
    fn the_pr_comes_from_pr_number_or_the_actions_event() {
        let ok = settings(&[("GITHUB_REPOSITORY", "team/gitops"), ("PR_NUMBER", "7")]).unwrap();
        assert_eq!((ok.pr, ok.api_url.as_str()), (7, "https://api.github.com"));
        let event = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(event.path(), r#"{"pull_request": {"number": 12}}"#).unwrap();
        let path = event.path().to_str().unwrap();
        let from_event = settings(&[
            ("GITHUB_REPOSITORY", "team/gitops"),
            ("GITHUB_EVENT_PATH", path),
            ("GITHUB_API_URL", "https://ghe.example/api/v3"),
        ])
        .unwrap();
        assert_eq!(
            (from_event.pr, from_event.api_url.as_str()),
            (12, "https://ghe.example/api/v3")
        );
        std::fs::write(event.path(), r#"{"inputs": {"pr_number": "31"}}"#).unwrap();
        let dispatched = settings(&[
            ("GITHUB_REPOSITORY", "team/gitops"),
            ("GITHUB_EVENT_PATH", path),
        ]);
        assert_eq!(dispatched.unwrap().pr, 31);
    }

    #[test]
    fn missing_or_bad_settings_name_the_variable() {
        let error = settings(&[("PR_NUMBER", "7")]).unwrap_err().to_string();
        assert!(error.starts_with("GITHUB_REPOSITORY is not set"), "{error}");
        let error = settings(&[("GITHUB_REPOSITORY", "team/gitops"), ("PR_NUMBER", "seven")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("PR_NUMBER=\"seven\""), "{error}");
        let error = settings(&[("GITHUB_REPOSITORY", "team/gitops")])
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("PR_NUMBER is not set"), "{error}");
    }
}
