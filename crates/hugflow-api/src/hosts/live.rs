//! What the Hosts page knows of one host right now: its connection, latest snapshot, the last
//! hour, its agent and its syncs. The monitor writes it (as a [`MonitorSink`]); the page reads
//! [`HostView`]s of it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use hugflow_core::monitor::HostSnapshot;
use hugflow_remote::agent::AgentInfo;
use hugflow_remote::{ConnectionState, History, HistoryPoint, MonitorSink};
use serde::Serialize;

use crate::AppHost;
use hugflow_core::jobs::JobSummary as HostJob;

/// How long the Hosts page keeps a host's history.
pub const HISTORY: Duration = Duration::from_secs(3600);

/// A host as the Hosts page shows it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct HostView {
    pub name: String,
    pub storage_root: Option<String>,
    pub checkout: Option<String>,
    pub connection: ConnectionState,
    pub snapshot: Option<HostSnapshot>,
    /// When the last snapshot came (RFC 3339).
    pub updated_at: Option<String>,
    /// Nothing new for three report intervals: the numbers shown are old.
    pub stale: bool,
    pub agent: AgentState,
    /// Syncs on the host (started here, from another laptop, or by CI), newest first.
    pub jobs: Vec<HostJob>,
}

/// The `hugflow` binary on the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AgentState {
    /// Not looked for yet (not connected).
    Unknown,
    Missing,
    Installing,
    Installed {
        info: AgentInfo,
        /// Whether it is the version of this app.
        current: bool,
    },
    Failed {
        message: String,
    },
}

pub(crate) struct LiveHost {
    pub name: String,
    pub interval: Duration,
    host: Arc<dyn AppHost>,
    data: Mutex<LiveData>,
    pub connected: tokio::sync::Notify,
}

struct LiveData {
    connection: ConnectionState,
    snapshot: Option<HostSnapshot>,
    updated_ms: Option<i64>,
    history: History,
    agent: AgentState,
    jobs: Vec<HostJob>,
}

impl LiveHost {
    pub fn new(name: &str, interval: Duration, host: Arc<dyn AppHost>) -> Self {
        Self {
            name: name.to_string(),
            interval,
            host,
            data: Mutex::new(LiveData {
                connection: ConnectionState::Connecting,
                snapshot: None,
                updated_ms: None,
                history: History::new(HISTORY),
                agent: AgentState::Unknown,
                jobs: Vec::new(),
            }),
            connected: tokio::sync::Notify::new(),
        }
    }

    fn data(&self) -> std::sync::MutexGuard<'_, LiveData> {
        self.data.lock().expect("live host lock")
    }

    pub fn view(&self, storage_root: Option<String>, checkout: Option<String>) -> HostView {
        let data = self.data();
        let now = chrono::Utc::now().timestamp_millis();
        let stale_after = (self.interval * 3).as_millis() as i64;
        HostView {
            name: self.name.clone(),
            storage_root,
            checkout,
            connection: data.connection.clone(),
            snapshot: data.snapshot.clone(),
            updated_at: data
                .updated_ms
                .and_then(|ms| chrono::DateTime::from_timestamp_millis(ms).map(|t| t.to_rfc3339())),
            stale: data.updated_ms.is_some_and(|ms| now - ms > stale_after),
            agent: data.agent.clone(),
            jobs: data.jobs.clone(),
        }
    }

    pub fn history(&self) -> Vec<HistoryPoint> {
        self.data().history.points().cloned().collect()
    }

    pub fn connection(&self) -> ConnectionState {
        self.data().connection.clone()
    }

    pub fn agent(&self) -> AgentState {
        self.data().agent.clone()
    }

    pub fn set_agent(&self, agent: AgentState) {
        self.data().agent = agent;
        self.host.hosts_changed();
    }

    /// Whether the host listed job `id` at its last look.
    pub fn has_job(&self, id: &str) -> bool {
        self.data().jobs.iter().any(|job| job.id == id)
    }

    pub fn set_jobs(&self, jobs: Vec<HostJob>) {
        let mut data = self.data();
        if data.jobs != jobs {
            data.jobs = jobs;
            drop(data);
            self.host.hosts_changed();
        }
    }
}

impl MonitorSink for LiveHost {
    fn state(&self, state: ConnectionState) {
        let connected = state.is_connected();
        {
            let mut data = self.data();
            if !connected {
                // A new connection may reach a different binary (reinstalled, upgraded).
                data.agent = AgentState::Unknown;
            }
            data.connection = state;
        }
        if connected {
            self.connected.notify_waiters();
        }
        self.host.hosts_changed();
    }

    fn snapshot(&self, snapshot: HostSnapshot) {
        let now = chrono::Utc::now().timestamp_millis();
        {
            let mut data = self.data();
            data.history.push(&snapshot, now);
            data.snapshot = Some(snapshot);
            data.updated_ms = Some(now);
        }
        self.host.hosts_changed();
    }
}
