//! `hugflow jobs list`: the jobs of a checkout, and the downloads no job owns (a CI sync on
//! this host, or one killed earlier), from the progress files `hugflow status` reads.

use std::cmp::Reverse;
use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use hugflow_core::checkout::Checkout;
use hugflow_core::status::{DownloadProgress, status};
use hugflow_core::timestamp::NaiveTimestamp;

use super::process::sync_lock_holder;
use super::{JOB_SCHEMA, JobError, JobList, JobState, JobStore, JobSummary, Origin, parse_time};

/// Clock slack between a progress file's times and a job's.
const SLACK_SECONDS: i64 = 5;

/// A progress file and its times, read once.
struct Download {
    progress: DownloadProgress,
    started: Option<DateTime<Utc>>,
    updated: Option<DateTime<Utc>>,
}

fn naive(text: Option<&str>) -> Option<DateTime<Utc>> {
    text.and_then(NaiveTimestamp::parse).map(|t| t.0.and_utc())
}

/// The downloads under way, per the progress files; none when there is no state yet.
fn downloads(checkout: &Checkout) -> Vec<Download> {
    if !checkout.state.exists() {
        return Vec::new();
    }
    match status(checkout) {
        Ok(report) => report
            .in_progress
            .into_iter()
            .map(|progress| Download {
                started: naive(progress.started_at.as_deref()),
                updated: naive(progress.last_update.as_deref()),
                progress,
            })
            .collect(),
        Err(error) => {
            tracing::warn!(%error, "cannot read the progress files");
            Vec::new()
        }
    }
}

/// Every job of `checkout`, then every download no job owns, newest first.
///
/// A progress file belongs to the newest job of its storage name when that job runs, or when
/// its times fall within the job's run (what a cancelled or failed job leaves behind). Any
/// other is a CI download: `running` while it says `downloading` and a sync that is not a job
/// holds the host's lock (every sync holds it while it downloads), `failed` when it says so,
/// else `lost` (its sync was killed).
pub fn list(checkout: &Checkout) -> Result<JobList, JobError> {
    let store = JobStore::new(&checkout.state);
    let mut summaries: Vec<(JobSummary, Option<DateTime<Utc>>)> = Vec::new();
    for job in store.jobs()? {
        let (meta, (state, exit)) = match job.meta().and_then(|m| Ok((m, job.state()?))) {
            Ok(found) => found,
            Err(error) => {
                tracing::warn!(%error, "skipping a job");
                continue;
            }
        };
        let error = match state {
            JobState::Failed | JobState::Lost => job.last_error(),
            _ => None,
        };
        let summary = JobSummary {
            id: job.id().to_string(),
            origin: Origin::Desktop,
            kind: Some(meta.kind),
            hf_id: meta.hf_id.clone(),
            storage_name: meta.storage_name.clone(),
            state,
            pid: job.pid(),
            started_at: Some(meta.started_at.clone()),
            ended_at: exit.as_ref().map(|e| e.ended_at.clone()),
            progress: None,
            error,
        };
        summaries.push((summary, meta.started_at()));
    }

    let running_pids: HashSet<u32> = summaries
        .iter()
        .filter(|(s, _)| s.state.is_running())
        .filter_map(|(s, _)| s.pid)
        .collect();
    // A sync that is not one of our jobs holds the lock: CI (or a local-sync by hand).
    let other_sync = match sync_lock_holder(checkout.state.path()) {
        Some(Some(pid)) => (!running_pids.contains(&pid)).then_some(Some(pid)),
        Some(None) => Some(None),
        None => None,
    };

    let mut ci = Vec::new();
    for download in downloads(checkout) {
        let name = download.progress.storage_name.clone();
        let downloading = download.progress.status == "downloading";
        // Jobs are newest first: the first with this storage name decides.
        let owner = summaries
            .iter_mut()
            .find(|(s, _)| s.storage_name.as_deref() == Some(name.as_str()));
        let owned = owner.is_some_and(|(summary, started)| {
            let owns = match summary.state {
                JobState::Running => true,
                _ if downloading && other_sync.is_some() => false,
                _ => within_run(&download, *started, summary.ended_at.as_deref()),
            };
            if owns {
                summary.progress = Some(download.progress.clone());
            }
            owns
        });
        if owned {
            continue;
        }
        let state = if downloading && other_sync.is_some() {
            JobState::Running
        } else if download.progress.status == "failed" {
            JobState::Failed
        } else {
            JobState::Lost
        };
        let summary = JobSummary {
            id: hugflow_core::jobs::ci_job_id(&name),
            origin: Origin::Ci,
            kind: None,
            hf_id: download.progress.hf_id.clone(),
            storage_name: Some(name),
            state,
            pid: other_sync.flatten().filter(|_| state.is_running()),
            started_at: download.started.map(super::rfc3339),
            ended_at: None,
            progress: Some(download.progress),
            error: None,
        };
        ci.push((summary, download.started));
    }

    summaries.extend(ci);
    summaries.sort_by_key(|(_, started)| Reverse(*started));
    Ok(JobList {
        schema: JOB_SCHEMA,
        jobs: summaries.into_iter().map(|(s, _)| s).collect(),
    })
}

/// Whether a progress file was written during a job's run (it started after the job, and was
/// last written before the job ended, if it has).
fn within_run(download: &Download, started: Option<DateTime<Utc>>, ended: Option<&str>) -> bool {
    let slack = Duration::seconds(SLACK_SECONDS);
    let after_start = match (download.started, started) {
        (Some(progress), Some(job)) => progress + slack >= job,
        _ => false,
    };
    let before_end = match (download.updated, ended.and_then(parse_time)) {
        (Some(progress), Some(end)) => progress <= end + slack,
        (_, None) => true,
        (None, Some(_)) => false,
    };
    after_start && before_end
}
