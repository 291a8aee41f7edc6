//! Following a host's agent while it is connected: which `hugflow` it has, the datasets it
//! holds (into the catalogue, so searches say "on hgx-a"), and its syncs, whoever started
//! them, with a notification when one ends; on a Slurm login node, its staging jobs too.

use std::collections::HashMap;
use std::sync::{Arc, Weak};
use std::time::Duration;

use chrono::{DateTime, Utc};

use hugflow_core::jobs::{CI_JOB_PREFIX, JobList, JobState, JobSummary, Origin};
use hugflow_core::status::StatusReport;
use hugflow_db::hosts::HostRecord;
use hugflow_remote::Target;
use hugflow_remote::agent as remote_agent;
use tokio::sync::Notify;

use super::cluster::StageWatch;
use super::live::{AgentState, LiveHost};
use crate::HugflowApp;
use crate::requests::Notice;

pub(crate) struct Follower {
    wake: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
}

impl Follower {
    /// Starts following on the current runtime. It holds the app weakly: it ends with it.
    pub fn start(
        app: Arc<HugflowApp>,
        target: Target,
        record: HostRecord,
        live: Arc<LiveHost>,
        poll: Duration,
    ) -> Self {
        let wake = Arc::new(Notify::new());
        let state = Following {
            app: Arc::downgrade(&app),
            target,
            record,
            live,
            seen: HashMap::new(),
            since: Utc::now(),
            stages: StageWatch::default(),
            cluster_looked: None,
        };
        let task = tokio::spawn(state.run(poll, wake.clone()));
        Self { wake, task }
    }

    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Following {
    app: Weak<HugflowApp>,
    target: Target,
    record: HostRecord,
    live: Arc<LiveHost>,
    /// Each sync's state at the last look, to notify on the change.
    seen: HashMap<String, JobState>,
    /// Syncs that start after this and have ended by the first look are news too.
    since: DateTime<Utc>,
    /// The cluster's staging jobs at the last look (a login node's).
    stages: StageWatch,
    /// When the cluster was last read: `sinfo` and `squeue` load slurmctld, which a login
    /// node shares with everyone, so an idle cluster is read every [`QUIET_CLUSTER_LOOK`].
    cluster_looked: Option<std::time::Instant>,
}

/// How often a cluster without a running stage is read.
const QUIET_CLUSTER_LOOK: Duration = Duration::from_secs(30);

impl Following {
    async fn run(mut self, poll: Duration, wake: Arc<Notify>) {
        loop {
            while !self.live.connection().is_connected() {
                tokio::select! {
                    () = self.live.connected.notified() => {}
                    () = tokio::time::sleep(Duration::from_secs(1)) => {}
                }
            }
            let Some(app) = self.app.upgrade() else {
                return;
            };
            self.look(&app).await;
            drop(app);
            tokio::select! {
                () = tokio::time::sleep(poll) => {}
                // Woken by the user (a stage submitted, a retry): read the cluster now too.
                () = wake.notified() => self.cluster_looked = None,
            }
        }
    }

    async fn look(&mut self, app: &HugflowApp) {
        let ssh = &app.hosts.ssh;
        let info = match self.live.agent() {
            AgentState::Installed { info, .. } => info,
            AgentState::Unknown => match remote_agent::detect(ssh, &self.target).await {
                Ok(Some(info)) => {
                    self.live.set_agent(AgentState::installed(info.clone()));
                    info
                }
                Ok(None) => return self.live.set_agent(AgentState::Missing),
                Err(error) => {
                    return self.live.set_agent(AgentState::Failed {
                        message: error.to_string(),
                    });
                }
            },
            AgentState::Missing | AgentState::Installing | AgentState::Failed { .. } => return,
        };
        self.look_at_cluster(app, &info).await;
        let Some(checkout) = self.record.checkout.clone() else {
            return;
        };
        let report = match remote_agent::status(ssh, &self.target, &info, &checkout).await {
            Ok(report) => report,
            Err(error) => {
                tracing::warn!(host = self.record.name, %error, "cannot read the host's datasets");
                return;
            }
        };
        if let Err(error) = app.catalogue.set_host_datasets(&self.record.name, &report) {
            tracing::warn!(host = self.record.name, %error, "cannot record the host's datasets");
        }
        match remote_agent::jobs::list(ssh, &self.target, &info, &checkout).await {
            Ok(list) => {
                self.notify_endings(app, &list, &report);
                self.live.set_jobs(list.jobs);
            }
            Err(error) => {
                tracing::warn!(host = self.record.name, %error, "cannot list the host's syncs")
            }
        }
    }

    /// A login node's staging jobs: notifies those that ended since the last look.
    async fn look_at_cluster(&mut self, app: &HugflowApp, info: &remote_agent::AgentInfo) {
        let host = &self.record.name;
        if !app.cluster_hosts().unwrap_or_default().contains(host) {
            return;
        }
        let quiet = !self.stages.any_running()
            && self
                .cluster_looked
                .is_some_and(|at| at.elapsed() < QUIET_CLUSTER_LOOK);
        if quiet {
            return;
        }
        self.cluster_looked = Some(std::time::Instant::now());
        let checkout = self.record.checkout.as_deref();
        let status =
            match remote_agent::cluster::status(&app.hosts.ssh, &self.target, info, checkout).await
            {
                Ok(status) => status,
                Err(error) => {
                    tracing::warn!(host, %error, "cannot read the host's cluster");
                    return;
                }
            };
        let since = self.since.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let endings = self.stages.endings(host, &status, &since);
        let Ok(settings) = app.request_settings() else {
            return;
        };
        for ending in endings {
            let wanted = if ending.succeeded {
                settings.notifications.complete
            } else {
                settings.notifications.failed
            };
            if wanted {
                app.notify(Notice {
                    title: ending.title,
                    body: ending.body,
                    link: None,
                });
            }
        }
    }

    /// Notifies syncs that ended since the last look: a job whose state left `running`, one
    /// started and ended between two looks, and a CI download whose progress file went away
    /// (complete when the dataset is now listed).
    fn notify_endings(&mut self, app: &HugflowApp, list: &JobList, report: &StatusReport) {
        let mut endings: Vec<(String, bool, String)> = Vec::new();
        for job in &list.jobs {
            let before = self.seen.insert(job.id.clone(), job.state);
            let was_running = before == Some(JobState::Running);
            let new_and_done = before.is_none()
                // Parsed, not compared as text: the host writes `Z` and a fraction when the
                // clock gave one, and older engines whole seconds.
                && job
                    .started_at
                    .as_deref()
                    .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                    .is_some_and(|at| at >= self.since);
            if (was_running || new_and_done) && !job.state.is_running() {
                endings.push(ending(job));
            }
        }
        let listed: Vec<&str> = list.jobs.iter().map(|j| j.id.as_str()).collect();
        let vanished: Vec<String> = self
            .seen
            .iter()
            .filter(|(id, state)| {
                id.starts_with(CI_JOB_PREFIX)
                    && state.is_running()
                    && !listed.contains(&id.as_str())
            })
            .map(|(id, _)| id.clone())
            .collect();
        for id in vanished {
            self.seen.remove(&id);
            let storage_name = id.trim_start_matches(CI_JOB_PREFIX);
            let held = report
                .datasets
                .iter()
                .find(|d| d.storage_name == storage_name);
            endings.push(match held {
                Some(d) => (
                    d.hf_id.clone(),
                    true,
                    format!(
                        "CI synced it to {}",
                        d.path.as_deref().unwrap_or(storage_name)
                    ),
                ),
                None => (
                    storage_name.to_string(),
                    false,
                    "the CI sync ended without it on the host; see the PR".into(),
                ),
            });
        }
        let Ok(settings) = app.request_settings() else {
            return;
        };
        for (what, ok, body) in endings {
            if (ok && !settings.notifications.complete) || (!ok && !settings.notifications.failed) {
                continue;
            }
            let host = &self.record.name;
            app.notify(Notice {
                title: if ok {
                    format!("{what} synced on {host}")
                } else {
                    format!("Sync of {what} failed on {host}")
                },
                body,
                link: None,
            });
        }
    }
}

/// (what, succeeded, body) of an ended job.
fn ending(job: &JobSummary) -> (String, bool, String) {
    let who = match job.origin {
        Origin::Desktop => "started from a desktop",
        Origin::Ci => "started by CI",
    };
    match job.state {
        JobState::Complete => (job.hf_id.clone(), true, format!("Complete ({who}).")),
        state => (
            job.hf_id.clone(),
            false,
            format!(
                "{} ({who}): {}",
                state.as_str(),
                job.error
                    .as_deref()
                    .unwrap_or("see the sync's log on the host page")
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use hugflow_core::jobs::{JOB_SCHEMA, JobList, JobState, JobSummary, Origin};
    use hugflow_core::status::{DatasetStatus, StatusReport};

    use super::*;
    use crate::hosts::tests::{Laptop, RecordingHost};

    fn job(id: &str, origin: Origin, hf_id: &str, state: JobState) -> JobSummary {
        JobSummary {
            id: id.into(),
            origin,
            kind: None,
            hf_id: hf_id.into(),
            storage_name: None,
            state,
            pid: None,
            started_at: Some("2026-11-22T10:00:00+00:00".into()),
            ended_at: None,
            progress: None,
            error: (state == JobState::Failed).then(|| "the Hub said 403".into()),
        }
    }

    fn report(storage_names: &[(&str, &str)]) -> StatusReport {
        StatusReport {
            schema: 1,
            root: "/srv/gitops".into(),
            state_dir: "/srv/gitops/.hugflow-state".into(),
            storage_root: "/data".into(),
            last_updated: None,
            datasets: storage_names
                .iter()
                .map(|(storage_name, hf_id)| DatasetStatus {
                    hf_id: hf_id.to_string(),
                    description: String::new(),
                    revision: "main".into(),
                    subset: None,
                    split: "train".into(),
                    download_mode: "full".into(),
                    storage_name: storage_name.to_string(),
                    size_bytes: None,
                    file_count: None,
                    added_at: "2026-11-22T10:05:00".into(),
                    path: Some(format!("/data/{storage_name}")),
                    present: true,
                })
                .collect(),
            in_progress: Vec::new(),
        }
    }

    /// A desktop following host `hgx-a` since `since`, with the notifications it sent.
    struct Watch {
        _laptop: Laptop,
        recorder: Arc<RecordingHost>,
        app: Arc<HugflowApp>,
        following: Following,
    }

    impl Watch {
        fn since(since: &str) -> Self {
            let laptop = Laptop::new(&[]);
            let recorder = Arc::new(RecordingHost::default());
            let app = laptop.app(recorder.clone(), &[]);
            let following = Following {
                app: Arc::downgrade(&app),
                target: Target::parse("hgx-a").unwrap(),
                record: app.db.save_host("hgx-a", None, None).unwrap(),
                live: Arc::new(LiveHost::new(
                    "hgx-a",
                    Duration::from_secs(2),
                    recorder.clone(),
                )),
                seen: HashMap::new(),
                stages: StageWatch::default(),
                cluster_looked: None,
                since: since.parse().unwrap(),
            };
            Self {
                _laptop: laptop,
                recorder,
                app,
                following,
            }
        }

        fn look(&mut self, list: &JobList, report: &StatusReport) {
            self.following.notify_endings(&self.app, list, report);
        }

        /// The notifications so far, `title: body`, sorted.
        fn told(&self) -> Vec<String> {
            let mut told: Vec<String> = (self.recorder.notifications.lock().unwrap().iter())
                .map(|n| format!("{}: {}", n.title, n.body))
                .collect();
            told.sort();
            told
        }
    }

    #[tokio::test]
    async fn endings_are_notified_once_whoever_started_the_sync() {
        // Started before we watched: an already-ended job is old news.
        let mut watch = Watch::since("2026-11-22T11:00:00Z");
        let list = |jobs| JobList {
            schema: JOB_SCHEMA,
            jobs,
        };
        let running = list(vec![
            job(
                "ci-acme__asr__rev_main",
                Origin::Ci,
                "acme/asr",
                JobState::Running,
            ),
            job(
                "ci-acme__tts__rev_main",
                Origin::Ci,
                "acme/tts",
                JobState::Running,
            ),
            job(
                "20261122-a",
                Origin::Desktop,
                "acme/eval",
                JobState::Running,
            ),
            job("20261121-b", Origin::Desktop, "acme/old", JobState::Failed),
        ]);
        watch.look(&running, &report(&[]));
        assert!(watch.told().is_empty());

        // The CI downloads' progress files went away: one dataset is now listed, one is not;
        // the desktop job failed.
        let ended = list(vec![
            job("20261122-a", Origin::Desktop, "acme/eval", JobState::Failed),
            job("20261121-b", Origin::Desktop, "acme/old", JobState::Failed),
        ]);
        let held = report(&[("acme__asr__rev_main", "acme/asr")]);
        watch.look(&ended, &held);
        watch.look(&ended, &held);
        assert_eq!(
            watch.told(),
            [
                "Sync of acme/eval failed on hgx-a: failed (started from a desktop): the Hub said 403",
                "Sync of acme__tts__rev_main failed on hgx-a: the CI sync ended without it on the host; see the PR",
                "acme/asr synced on hgx-a: CI synced it to /data/acme__asr__rev_main",
            ]
        );
    }

    #[tokio::test]
    async fn a_job_that_started_and_ended_unseen_is_news_only_if_it_started_after_the_watch() {
        let mut watch = Watch::since("2026-11-22T11:00:00.500Z");
        let at = |id: &str, hf_id: &str, started: &str| JobSummary {
            started_at: Some(started.into()),
            ..job(id, Origin::Desktop, hf_id, JobState::Failed)
        };
        // Times as engines write them: whole seconds (older ones), a fraction, an offset.
        // As text, `…00Z` sorts after `…00.500Z`; as times it is before.
        let list = JobList {
            schema: JOB_SCHEMA,
            jobs: vec![
                at("a", "acme/whole-before", "2026-11-22T11:00:00Z"),
                at("b", "acme/fraction-before", "2026-11-22T11:00:00.250Z"),
                at("c", "acme/fraction-after", "2026-11-22T11:00:00.750Z"),
                at("d", "acme/offset-after", "2026-11-22T12:00:01+01:00"),
                at("e", "acme/unreadable", "yesterday"),
            ],
        };
        watch.look(&list, &report(&[]));
        let failed = ": failed (started from a desktop): the Hub said 403";
        assert_eq!(
            watch.told(),
            [
                format!("Sync of acme/fraction-after failed on hgx-a{failed}"),
                format!("Sync of acme/offset-after failed on hgx-a{failed}"),
            ]
        );
    }
}
