//! One orchestrator run, the seed's logic made sound:
//!
//! 1. count each label's dataset length (misclassified + sampled correct) and decide against
//!    its threshold;
//! 2. for the labels due, read the current `version_tag` **before** restarting the prepare
//!    Space (the seed read it after, so a fast Space made it wait for a change that had
//!    already happened, until the timeout);
//! 3. restart the prepare Space once, then poll every due label's metadata until
//!    `num_samples` ≥ its length and `version_tag` changed (transient errors are retried
//!    until the timeout);
//! 4. restart each label's retrain Space as soon as its version is there.
//!
//! `DRY_RUN` does all the reading and deciding but no restart. A lock file in the state dir
//! (and, on PostgreSQL, an advisory lock) keeps runs from overlapping; a run that finds the
//! lock held is recorded as skipped. Every step is recorded as it ends.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};
use hugflow_core::retrain::{
    Decision, LabelRun, RetrainRun, RunOutcome, Step, StepName, StepOutcome,
};
use hugflow_hub::{HubClient, HubConfig, HubError, NotFoundKind};

use crate::config::{LabelConfig, RetrainConfig};
use crate::database::Database;
use crate::lock::RunLock;
use crate::log::RunLog;
use crate::metadata::{DatasetMetadata, MetadataLocation};
use crate::store::{RunStore, StoreError};

/// Runs the orchestrator once and returns the run as recorded. Only a history that cannot be
/// written is an error; everything else that goes wrong is in the run.
pub async fn run(
    config: &RetrainConfig,
    state_dir: &Path,
    log: RunLog,
) -> Result<RetrainRun, StoreError> {
    let store = RunStore::open(state_dir)?;
    let mut run = RetrainRun {
        id: 0,
        started_at: now(),
        ended_at: None,
        outcome: RunOutcome::Running,
        dry_run: config.dry_run,
        actions_url: config.actions_url.clone(),
        labels: config.labels.iter().map(label_run).collect(),
        error: None,
    };
    store.insert(&mut run)?;
    let mut orchestrator = Orchestrator {
        config,
        store: &store,
        log,
        run,
    };
    orchestrator.go(state_dir).await?;
    Ok(orchestrator.run)
}

fn label_run(label: &LabelConfig) -> LabelRun {
    LabelRun {
        label: label.name.clone(),
        metadata_repo: MetadataLocation::parse(&label.metadata_url).map(|l| l.repo),
        retrain_space: Some(label.retrain_space.clone()),
        misclassified: None,
        sampled_correct: None,
        dataset_len: None,
        threshold: label.threshold,
        decision: None,
        version_before: None,
        version_after: None,
        num_samples_after: None,
        steps: Vec::new(),
        error: None,
    }
}

struct Orchestrator<'a> {
    config: &'a RetrainConfig,
    store: &'a RunStore,
    log: RunLog,
    run: RetrainRun,
}

/// A step being timed.
struct Timer {
    name: StepName,
    started_at: String,
    start: Instant,
}

impl Timer {
    fn start(name: StepName) -> Self {
        Self {
            name,
            started_at: now(),
            start: Instant::now(),
        }
    }

    fn end(&self, outcome: StepOutcome, detail: impl Into<String>) -> Step {
        Step {
            name: self.name,
            started_at: self.started_at.clone(),
            duration_ms: self.start.elapsed().as_millis() as u64,
            outcome,
            detail: detail.into(),
        }
    }
}

impl Orchestrator<'_> {
    async fn go(&mut self, state_dir: &Path) -> Result<(), StoreError> {
        let _lock = match RunLock::try_acquire(state_dir) {
            Ok(Ok(lock)) => lock,
            Ok(Err(holder)) => {
                return self.skip(format!(
                    "another retrain run holds {} ({}); this one did nothing",
                    state_dir.join(crate::lock::LOCK_FILE).display(),
                    holder.0
                ));
            }
            Err(error) => {
                return self.fail(format!(
                    "cannot take the run lock in {}: {error}",
                    state_dir.display()
                ));
            }
        };
        let database = match Database::connect(&self.config.database_url).await {
            Ok(database) => database,
            Err(error) => return self.fail(error.to_string()),
        };
        match database.try_lock().await {
            Ok(true) => {}
            Ok(false) => {
                return self.skip(format!(
                    "another retrain run (on another machine) holds the lock in {}; this one did nothing",
                    database.target()
                ));
            }
            Err(error) => return self.fail(error.to_string()),
        }
        let hub = HubConfig::new(self.config.hf_endpoint.clone())
            .with_token(self.config.hf_token.clone());
        let hub = match HubClient::new(hub) {
            Ok(hub) => hub,
            Err(error) => return self.fail(error.to_string()),
        };
        if self.config.dry_run {
            self.log
                .line("DRY_RUN: reading and deciding only; no Space will be restarted");
        }
        for index in 0..self.config.labels.len() {
            self.count(&database, index).await?;
        }
        let due: Vec<usize> = (0..self.run.labels.len())
            .filter(|&i| self.run.labels[i].decision == Some(Decision::Retrain))
            .collect();
        let due = self.read_versions(&hub, due).await?;
        if !due.is_empty() && self.restart_prepare(&hub, &due).await? {
            let ready = self.poll(&hub, due).await?;
            for index in ready {
                self.restart_retrain(&hub, index).await?;
            }
        }
        self.finish(None)
    }

    async fn count(&mut self, database: &Database, index: usize) -> Result<(), StoreError> {
        let label = &self.config.labels[index];
        self.log.group(&format!("label {}", label.name));
        let timer = Timer::start(StepName::Count);
        match database
            .count(&label.name, &label.count_query, &label.model_type)
            .await
        {
            Ok(misclassified) => {
                let sampled = (misclassified as f64 * self.config.sample_ratio).floor() as u64;
                let length = misclassified + sampled;
                let decision = if length >= label.threshold {
                    Decision::Retrain
                } else {
                    Decision::BelowThreshold
                };
                let verdict = match decision {
                    Decision::Retrain => {
                        "at or above the threshold: prepare a new dataset, then retrain"
                    }
                    Decision::BelowThreshold => "below the threshold: skip",
                };
                let detail = format!(
                    "misclassified={misclassified} sampled_correct={sampled} dataset_len={length} threshold={}: {verdict}",
                    label.threshold
                );
                self.log.line(&detail);
                let entry = &mut self.run.labels[index];
                entry.misclassified = Some(misclassified);
                entry.sampled_correct = Some(sampled);
                entry.dataset_len = Some(length);
                entry.decision = Some(decision);
                entry.steps.push(timer.end(StepOutcome::Ok, detail));
            }
            Err(error) => {
                let message = error.to_string();
                self.log.error(&message);
                let entry = &mut self.run.labels[index];
                entry
                    .steps
                    .push(timer.end(StepOutcome::Failed, message.clone()));
                entry.error = Some(message);
            }
        }
        self.log.end_group();
        self.store.save(&self.run)
    }

    /// Reads each due label's version before anything is restarted; a label whose metadata
    /// cannot be read drops out (without it a new version could not be told from the old).
    async fn read_versions(
        &mut self,
        hub: &HubClient,
        due: Vec<usize>,
    ) -> Result<Vec<usize>, StoreError> {
        let mut readable = Vec::new();
        for index in due {
            let label = &self.config.labels[index];
            let timer = Timer::start(StepName::ReadVersion);
            let (outcome, detail) = match read_metadata(hub, label).await {
                Ok(Some(metadata)) => {
                    let version = metadata.version_tag.clone();
                    self.run.labels[index].version_before = version.clone();
                    readable.push(index);
                    (
                        StepOutcome::Ok,
                        format!(
                            "version before the restart: {} ({} samples)",
                            version.as_deref().unwrap_or("none"),
                            metadata.num_samples.unwrap_or(0)
                        ),
                    )
                }
                Ok(None) => {
                    readable.push(index);
                    (
                        StepOutcome::Ok,
                        "no dataset_metadata.json yet: any version will be new".to_string(),
                    )
                }
                Err(error) => {
                    let message = format!("cannot read {}: {error}", label.metadata_url);
                    self.run.labels[index].error = Some(message.clone());
                    (StepOutcome::Failed, message)
                }
            };
            self.log.line(&format!("{}: {detail}", label.name));
            self.run.labels[index]
                .steps
                .push(timer.end(outcome, detail));
        }
        self.store.save(&self.run)?;
        Ok(readable)
    }

    /// Restarts the prepare Space once for every due label; `false` when it failed.
    async fn restart_prepare(
        &mut self,
        hub: &HubClient,
        due: &[usize],
    ) -> Result<bool, StoreError> {
        let space = &self.config.prepare_space;
        self.log.group(&format!("prepare Space {space}"));
        let timer = Timer::start(StepName::RestartPrepare);
        let (step, restarted) = if self.config.dry_run {
            let step = timer.end(StepOutcome::DryRun, format!("would restart {space}"));
            (step, true)
        } else {
            match hub.restart_space(space).await {
                Ok(runtime) => (
                    timer.end(
                        StepOutcome::Ok,
                        format!("restarted {space} ({})", runtime.stage),
                    ),
                    true,
                ),
                Err(error) => (
                    timer.end(
                        StepOutcome::Failed,
                        format!("cannot restart {space}: {error}"),
                    ),
                    false,
                ),
            }
        };
        if restarted {
            self.log.line(&step.detail);
        } else {
            self.log.error(&step.detail);
        }
        self.log.end_group();
        for &index in due {
            let entry = &mut self.run.labels[index];
            entry.steps.push(step.clone());
            if !restarted {
                entry.error = Some(step.detail.clone());
            }
        }
        self.store.save(&self.run)?;
        Ok(restarted)
    }

    /// Polls every due label until its new version is there or the timeout; returns the ready
    /// labels in the order they became ready.
    async fn poll(&mut self, hub: &HubClient, due: Vec<usize>) -> Result<Vec<usize>, StoreError> {
        let interval = self.config.poll_interval;
        let timeout = self.config.poll_timeout;
        if self.config.dry_run {
            for &index in &due {
                let detail = format!(
                    "would poll every {} up to {} until num_samples ≥ {} and version_tag ≠ {}",
                    seconds(interval),
                    seconds(timeout),
                    self.run.labels[index].dataset_len.unwrap_or(0),
                    self.run.labels[index]
                        .version_before
                        .as_deref()
                        .unwrap_or("none"),
                );
                self.log
                    .line(&format!("{}: {detail}", self.config.labels[index].name));
                let timer = Timer::start(StepName::PollMetadata);
                self.run.labels[index]
                    .steps
                    .push(timer.end(StepOutcome::DryRun, detail));
            }
            self.store.save(&self.run)?;
            return Ok(due);
        }
        let deadline = Instant::now() + timeout;
        let timers: Vec<Timer> = due
            .iter()
            .map(|_| Timer::start(StepName::PollMetadata))
            .collect();
        let mut polls = vec![0u32; due.len()];
        let mut last_seen: Vec<Option<DatasetMetadata>> = vec![None; due.len()];
        let mut pending: Vec<usize> = (0..due.len()).collect();
        let mut ready = Vec::new();
        self.log.group("waiting for the new dataset versions");
        loop {
            let mut still = Vec::new();
            for slot in pending {
                let index = due[slot];
                let label = &self.config.labels[index];
                let required = self.run.labels[index].dataset_len.unwrap_or(0);
                let before = self.run.labels[index].version_before.clone();
                polls[slot] += 1;
                match read_metadata(hub, label).await {
                    Ok(Some(metadata)) => {
                        let current = metadata.num_samples.unwrap_or(0);
                        let version = metadata.version_tag.clone();
                        self.log.line(&format!(
                            "{}: current_len={current} required_len={required} version={}",
                            label.name,
                            version.as_deref().unwrap_or("none")
                        ));
                        if current >= required && version.is_some() && version != before {
                            let entry = &mut self.run.labels[index];
                            entry.version_after = version.clone();
                            entry.num_samples_after = Some(current);
                            entry.steps.push(timers[slot].end(
                                StepOutcome::Ok,
                                format!(
                                    "{} polls: version {} with {current} samples",
                                    polls[slot],
                                    version.as_deref().unwrap_or_default()
                                ),
                            ));
                            ready.push(index);
                            self.store.save(&self.run)?;
                            continue;
                        }
                        last_seen[slot] = Some(metadata);
                    }
                    Ok(None) => self
                        .log
                        .line(&format!("{}: no dataset_metadata.json yet", label.name)),
                    Err(error) => self.log.warning(&format!(
                        "{}: poll {} failed: {error}; retrying",
                        label.name, polls[slot]
                    )),
                }
                still.push(slot);
            }
            pending = still;
            if pending.is_empty() || Instant::now() + interval > deadline {
                break;
            }
            tokio::time::sleep(interval).await;
        }
        for slot in pending {
            let index = due[slot];
            let seen = match &last_seen[slot] {
                Some(m) => format!(
                    "last seen: version {} with {} samples",
                    m.version_tag.as_deref().unwrap_or("none"),
                    m.num_samples.unwrap_or(0)
                ),
                None => "the metadata never answered".to_string(),
            };
            let message = format!(
                "no new version with ≥ {} samples after {} ({} polls; {seen}); check the prepare Space's logs, or raise POLL_TIMEOUT",
                self.run.labels[index].dataset_len.unwrap_or(0),
                seconds(timeout),
                polls[slot]
            );
            self.log
                .error(&format!("{}: {message}", self.config.labels[index].name));
            let entry = &mut self.run.labels[index];
            entry
                .steps
                .push(timers[slot].end(StepOutcome::TimedOut, message.clone()));
            entry.error = Some(message);
        }
        self.log.end_group();
        self.store.save(&self.run)?;
        Ok(ready)
    }

    async fn restart_retrain(&mut self, hub: &HubClient, index: usize) -> Result<(), StoreError> {
        let label = &self.config.labels[index];
        let space = &label.retrain_space;
        let timer = Timer::start(StepName::RestartRetrain);
        let step = if self.config.dry_run {
            timer.end(StepOutcome::DryRun, format!("would restart {space}"))
        } else {
            match hub.restart_space(space).await {
                Ok(runtime) => timer.end(
                    StepOutcome::Ok,
                    format!("restarted {space} ({})", runtime.stage),
                ),
                Err(error) => {
                    let message = format!("cannot restart {space}: {error}");
                    self.run.labels[index].error = Some(message.clone());
                    timer.end(StepOutcome::Failed, message)
                }
            }
        };
        if step.outcome == StepOutcome::Failed {
            self.log.error(&format!("{}: {}", label.name, step.detail));
        } else {
            self.log.line(&format!("{}: {}", label.name, step.detail));
        }
        self.run.labels[index].steps.push(step);
        self.store.save(&self.run)
    }

    fn skip(&mut self, message: String) -> Result<(), StoreError> {
        self.log.warning(&message);
        self.run.outcome = RunOutcome::Skipped;
        self.finish(Some(message))
    }

    fn fail(&mut self, message: String) -> Result<(), StoreError> {
        self.log.error(&message);
        self.run.outcome = RunOutcome::Failed;
        self.finish(Some(message))
    }

    fn finish(&mut self, error: Option<String>) -> Result<(), StoreError> {
        if self.run.outcome == RunOutcome::Running {
            let failed = self.run.labels.iter().any(|l| l.error.is_some());
            self.run.outcome = if failed {
                RunOutcome::Failed
            } else {
                RunOutcome::Completed
            };
        }
        self.run.error = error;
        self.run.ended_at = Some(now());
        self.store.save(&self.run)?;
        let summary = serde_json::json!({
            "run": self.run.id,
            "outcome": self.run.outcome,
            "dry_run": self.run.dry_run,
            "labels": self.run.labels.iter().map(|l| serde_json::json!({
                "label": l.label,
                "dataset_len": l.dataset_len,
                "threshold": l.threshold,
                "decision": l.decision,
                "version_before": l.version_before,
                "version_after": l.version_after,
                "error": l.error,
            })).collect::<Vec<_>>(),
        });
        self.log.line(&format!("summary: {summary}"));
        Ok(())
    }
}

/// The label's metadata; `None` when the file does not exist yet.
async fn read_metadata(
    hub: &HubClient,
    label: &LabelConfig,
) -> Result<Option<DatasetMetadata>, HubError> {
    let url = url::Url::parse(&label.metadata_url).map_err(|e| HubError::Config {
        message: format!("{} is not a URL: {e}", label.metadata_url),
    })?;
    let repo = MetadataLocation::parse(&label.metadata_url).map(|l| l.repo);
    match hub.json_at::<DatasetMetadata>(url, repo.as_deref()).await {
        Ok(metadata) => Ok(Some(metadata)),
        Err(HubError::NotFound {
            kind: NotFoundKind::Entry,
            ..
        }) => Ok(None),
        Err(error) => Err(error),
    }
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0} s")
    } else {
        format!("{secs:.1} s")
    }
}
