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
    /// A Slurm login node: its page shows the cluster (`host_cluster`).
    pub cluster: bool,
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
        /// How it compares with this app's.
        version: AgentVersion,
    },
    Failed {
        message: String,
    },
}

impl AgentState {
    /// The agent `info` found, compared with this app's version.
    pub fn installed(info: AgentInfo) -> Self {
        let version = AgentVersion::between(&info.version, hugflow_version::VERSION);
        Self::Installed { info, version }
    }
}

/// A host's `hugflow` version against this app's: the page offers an upgrade of the host
/// only when it is older, and asks for a newer Hugflow Desktop when it is newer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AgentVersion {
    /// This app's version, shown beside the host's.
    pub app: String,
    /// The host's version against `app`.
    pub relation: VersionRelation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum VersionRelation {
    Same,
    /// The host's is older: installing this app's build upgrades it.
    Older,
    /// The host's is newer: installing would downgrade it; this app needs upgrading.
    Newer,
    /// One of them is not a plain dotted version (a pre-release, a build that printed
    /// something else): which is newer cannot be said, only that they differ.
    Unknown,
}

impl AgentVersion {
    pub fn between(host: &str, app: &str) -> Self {
        // An identical pre-release is still the same version: nothing to offer.
        let relation = if host == app {
            VersionRelation::Same
        } else {
            match (dotted(host), dotted(app)) {
                (Some(host), Some(app)) => match compare_dotted(&host, &app) {
                    std::cmp::Ordering::Equal => VersionRelation::Same,
                    std::cmp::Ordering::Less => VersionRelation::Older,
                    std::cmp::Ordering::Greater => VersionRelation::Newer,
                },
                _ => VersionRelation::Unknown,
            }
        };
        Self {
            app: app.to_string(),
            relation,
        }
    }
}

/// `1.10.2` as `[1, 10, 2]`; `None` for anything else (`1.2.0-rc.1`, `1..2`, empty), since
/// ordering pre-releases or builds would be a guess.
fn dotted(version: &str) -> Option<Vec<u64>> {
    version
        .split('.')
        .map(|part| {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        })
        .collect()
}

/// Part by part, numerically (`0.10` is newer than `0.9`); missing parts are zeros, so `1.2`
/// and `1.2.0` are the same.
fn compare_dotted(a: &[u64], b: &[u64]) -> std::cmp::Ordering {
    let len = a.len().max(b.len());
    let part = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
    (0..len)
        .map(|i| part(a, i).cmp(&part(b, i)))
        .find(|o| o.is_ne())
        .unwrap_or(std::cmp::Ordering::Equal)
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
            cluster: false,
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

#[cfg(test)]
mod version_tests {
    use super::{AgentVersion, VersionRelation};

    fn relation(host: &str, app: &str) -> VersionRelation {
        let version = AgentVersion::between(host, app);
        assert_eq!(version.app, app);
        version.relation
    }

    #[test]
    fn dotted_versions_compare_part_by_part_as_numbers() {
        use VersionRelation::*;
        assert_eq!(relation("0.1.0", "0.1.0"), Same);
        assert_eq!(relation("0.1", "0.1.0"), Same);
        assert_eq!(relation("0.1.0", "0.2.0"), Older);
        assert_eq!(relation("0.9.0", "0.10.0"), Older);
        assert_eq!(relation("0.1.9", "0.1.10"), Older);
        assert_eq!(relation("1.2", "1.2.1"), Older);
        assert_eq!(relation("0.10.0", "0.9.0"), Newer);
        assert_eq!(relation("1.0.0", "0.99.99"), Newer);
        assert_eq!(relation("0.2.0.1", "0.2.0"), Newer);
        assert_eq!(relation("007.0", "7.0"), Same);
    }

    #[test]
    fn pre_releases_and_garbage_are_unknown_unless_identical() {
        use VersionRelation::*;
        assert_eq!(relation("0.2.0-rc.1", "0.2.0"), Unknown);
        assert_eq!(relation("0.2.0", "0.2.0-rc.1"), Unknown);
        assert_eq!(relation("0.2.0-rc.1", "0.2.0-rc.1"), Same);
        for garbage in [
            "",
            "v0.1.0",
            "0.1.",
            ".1",
            "0..1",
            "0.1.0 (abc1234)",
            "+1.0",
            "1.x",
        ] {
            assert_eq!(relation(garbage, "0.1.0"), Unknown, "{garbage:?}");
        }
        // Too big for a number is not a version to order.
        assert_eq!(relation("99999999999999999999999.0", "0.1.0"), Unknown);
    }
}
