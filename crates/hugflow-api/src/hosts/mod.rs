//! The Hosts page: the HGX servers the user added (kept in SQLite), each watched live over
//! the user's own SSH, with its agent, datasets and syncs.
//!
//! Every host has two tasks while the app runs: a [`Monitor`] (connection, GPUs, disk) and
//! the agent follower ([`agent`]: version, datasets into the catalogue, syncs and their
//! notifications). Both report into the host's [`live::LiveHost`]; the page reads
//! [`HostView`]s and is told through `AppHost::hosts_changed`.

mod agent;
mod cluster;
pub mod live;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use hugflow_db::hosts::HostRecord;
use hugflow_gitops::Draft;
use hugflow_remote::agent::builds::AgentBuilds;
use hugflow_remote::agent::jobs::SyncLogEntry;
use hugflow_remote::agent::{self as remote_agent, AgentError, AgentInfo};
use hugflow_remote::{
    ConnectionState, HistoryPoint, Monitor, MonitorSettings, Ssh, SshError, SshSettings, Target,
    quote::check_path, ssh_config,
};
use serde::{Deserialize, Serialize};

use crate::{ApiError, ErrorCode, HugflowApp};
pub use live::{AgentState, HostView};
use live::{LiveHost, VersionRelation};

/// What the "Add host" form sends.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct HostInput {
    /// A Host name from ~/.ssh/config, or user@host[:port].
    pub name: String,
    pub storage_root: Option<String>,
    pub checkout: Option<String>,
    /// A Slurm login node: its page shows the cluster and stages datasets onto its nodes
    /// (left out: unchanged for a host already added, no for a new one).
    #[serde(default)]
    #[ts(optional)]
    pub cluster: Option<bool>,
}

/// How hosts are reached and watched; [`HostsOptions::from_env`] in the app.
#[derive(Debug, Clone)]
pub struct HostsOptions {
    /// An ssh config to use instead of ~/.ssh/config (`HUGFLOW_SSH_CONFIG`): a team's shared
    /// file, or a test's.
    pub ssh_config: Option<PathBuf>,
    /// How often hosts report (`HUGFLOW_MONITOR_INTERVAL_MS`, default 2 s).
    pub interval: Duration,
    /// How often a connected host's syncs are read (`HUGFLOW_HOST_POLL_MS`, default 5 s).
    pub poll: Duration,
    /// How often the retrain runs of the local checkout and of hosts are read for
    /// notifications (`HUGFLOW_RETRAIN_POLL_MS`, default 60 s).
    pub retrain_poll: Duration,
    /// The builds of `hugflow` that "Install" can copy to a host: `HUGFLOW_AGENT_BINARY`, then
    /// the packaged app's own (never a `hugflow` that happens to sit beside the app).
    pub agents: AgentBuilds,
}

impl HostsOptions {
    /// `resource_dir`: where the packaged app keeps its files (the agents under `agent/`).
    pub fn from_env(resource_dir: Option<&std::path::Path>) -> Self {
        let millis = |name: &str, default: Duration| {
            std::env::var(name)
                .ok()
                .and_then(|ms| ms.parse().ok())
                .map_or(default, Duration::from_millis)
        };
        Self {
            ssh_config: std::env::var_os("HUGFLOW_SSH_CONFIG").map(PathBuf::from),
            interval: millis("HUGFLOW_MONITOR_INTERVAL_MS", Duration::from_secs(2)),
            poll: millis("HUGFLOW_HOST_POLL_MS", Duration::from_secs(5)),
            retrain_poll: millis("HUGFLOW_RETRAIN_POLL_MS", Duration::from_secs(60)),
            agents: AgentBuilds::discover(
                std::env::var_os("HUGFLOW_AGENT_BINARY")
                    .map(PathBuf::from)
                    .as_deref(),
                resource_dir,
            ),
        }
    }
}

pub(crate) struct Hosts {
    pub(crate) ssh: Ssh,
    pub(crate) options: HostsOptions,
    runtime: OnceLock<tokio::runtime::Handle>,
    watched: Mutex<HashMap<String, Watched>>,
}

struct Watched {
    live: Arc<LiveHost>,
    monitor: Monitor,
    agent: agent::Follower,
}

impl Hosts {
    pub fn new(data_dir: &std::path::Path, options: HostsOptions) -> Self {
        let mut settings = SshSettings::in_dir(hugflow_remote::path::find_program("ssh"), data_dir);
        settings.config_file = options.ssh_config.clone();
        Self {
            ssh: Ssh::new(settings),
            options,
            runtime: OnceLock::new(),
            watched: Mutex::new(HashMap::new()),
        }
    }

    /// The live state of a watched host (tests set its job list through it).
    pub(crate) fn live(&self, name: &str) -> Result<Arc<LiveHost>, ApiError> {
        self.watched
            .lock()
            .expect("hosts lock")
            .get(name)
            .map(|w| w.live.clone())
            .ok_or_else(|| unknown_host(name))
    }
}

/// The window named a host the user never added (every host call resolves its name against
/// the saved hosts before anything reaches ssh).
pub(crate) fn unknown_host(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NotAllowed,
        format!("{name} is not one of your hosts; add it on the Hosts page first"),
    )
}

/// `name` as an ssh target, or why it is not one.
/// A host as `add_host` saves it: the form's values checked and trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedHost {
    pub name: String,
    pub storage_root: Option<String>,
    pub checkout: Option<String>,
}

impl HostInput {
    /// The form's rule, in its order: a target ssh can be given, then paths safe to quote
    /// on the host. The UI's tests read its answers from `rule_fixtures`.
    pub fn checked(&self) -> Result<CheckedHost, ApiError> {
        let invalid = |message: String| ApiError::new(ErrorCode::InvalidInput, message);
        let name = target(&self.name)?.to_string();
        let storage_root = trimmed(&self.storage_root);
        let checkout = trimmed(&self.checkout);
        if let Some(root) = &storage_root {
            check_path("The storage root", root).map_err(|e| invalid(e.to_string()))?;
        }
        if let Some(path) = &checkout {
            check_path("The checkout path", path).map_err(|e| invalid(e.to_string()))?;
        }
        Ok(CheckedHost {
            name,
            storage_root,
            checkout,
        })
    }
}

fn target(name: &str) -> Result<Target, ApiError> {
    Target::parse(name).map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))
}

fn trimmed(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

impl HugflowApp {
    /// Starts watching every saved host; the shell spawns this once at start-up.
    pub async fn watch_hosts(self: Arc<Self>) {
        let _ = self.hosts.runtime.set(tokio::runtime::Handle::current());
        match self.db.hosts() {
            Ok(records) => {
                for record in records {
                    if let Err(error) = self.watch_host(&record) {
                        tracing::warn!(host = record.name, %error, "cannot watch a saved host");
                    }
                }
            }
            Err(error) => tracing::error!(%error, "cannot read the saved hosts"),
        }
    }

    fn watch_host(self: &Arc<Self>, record: &HostRecord) -> Result<(), ApiError> {
        let target = target(&record.name)?;
        let runtime = self.hosts.runtime.get().ok_or_else(|| {
            ApiError::new(
                ErrorCode::Busy,
                "the app is still starting; try again in a moment",
            )
        })?;
        let _entered = runtime.enter();
        let live = Arc::new(LiveHost::new(
            &record.name,
            self.hosts.options.interval,
            self.host.clone(),
        ));
        let settings = MonitorSettings {
            interval: self.hosts.options.interval,
            storage_root: record.storage_root.clone(),
            ..Default::default()
        };
        let monitor = Monitor::start(
            self.hosts.ssh.clone(),
            target.clone(),
            settings,
            live.clone(),
        )
        .map_err(ssh_error)?;
        let follower = agent::Follower::start(
            self.clone(),
            target,
            record.clone(),
            live.clone(),
            self.hosts.options.poll,
        );
        self.hosts.watched.lock().expect("hosts lock").insert(
            record.name.clone(),
            Watched {
                live,
                monitor,
                agent: follower,
            },
        );
        Ok(())
    }

    /// Every host with what is known of it now, in the order they were added.
    pub fn hosts(&self) -> Result<Vec<HostView>, ApiError> {
        let clusters = self.cluster_hosts()?;
        let watched = self.hosts.watched.lock().expect("hosts lock");
        Ok(self
            .db
            .hosts()?
            .into_iter()
            .map(|record| (clusters.contains(&record.name), record))
            .map(|(cluster, record)| match watched.get(&record.name) {
                Some(w) => HostView {
                    cluster,
                    ..w.live.view(record.storage_root, record.checkout)
                },
                None => HostView {
                    cluster,
                    name: record.name,
                    storage_root: record.storage_root,
                    checkout: record.checkout,
                    connection: ConnectionState::Connecting,
                    snapshot: None,
                    updated_at: None,
                    stale: false,
                    agent: AgentState::Unknown,
                    jobs: Vec::new(),
                },
            })
            .collect())
    }

    /// The last hour of `name`, oldest first.
    pub fn host_history(&self, name: &str) -> Result<Vec<HistoryPoint>, ApiError> {
        Ok(self.hosts.live(name)?.history())
    }

    /// Host names from the user's ssh config not added yet, to offer in the "Add host" form.
    pub fn ssh_config_hosts(&self) -> Vec<String> {
        let config = self
            .hosts
            .ssh
            .settings()
            .config_file
            .clone()
            .or_else(ssh_config::default_config);
        let added: Vec<String> = self
            .db
            .hosts()
            .unwrap_or_default()
            .into_iter()
            .map(|h| h.name)
            .collect();
        config
            .map(|c| ssh_config::host_names(&c))
            .unwrap_or_default()
            .into_iter()
            .filter(|name| !added.contains(name))
            .collect()
    }

    /// Adds a host (or changes its paths) and starts watching it.
    pub fn add_host(self: &Arc<Self>, input: &HostInput) -> Result<HostView, ApiError> {
        let CheckedHost {
            name,
            storage_root,
            checkout,
        } = input.checked()?;
        let record = self
            .db
            .save_host(&name, storage_root.as_deref(), checkout.as_deref())?;
        if let Some(cluster) = input.cluster {
            self.mark_cluster(&name, cluster)?;
        }
        self.hosts.watched.lock().expect("hosts lock").remove(&name);
        self.watch_host(&record)?;
        tracing::info!(host = name, "host added");
        self.host.hosts_changed();
        Ok(self
            .hosts()?
            .into_iter()
            .find(|h| h.name == name)
            .expect("the host was just added"))
    }

    /// Stops watching `name` and forgets it (its datasets leave the catalogue).
    pub fn remove_host(&self, name: &str) -> Result<(), ApiError> {
        self.hosts.watched.lock().expect("hosts lock").remove(name);
        if !self.db.remove_host(name)? {
            return Err(unknown_host(name));
        }
        self.mark_cluster(name, false)?;
        self.catalogue.clear_host(name)?;
        self.host.hosts_changed();
        Ok(())
    }

    /// Trusts the host key the user just checked. `fingerprint` must be the one shown, so a
    /// key that changed in between is never trusted by a stale click.
    pub fn trust_host_key(&self, name: &str, fingerprint: &str) -> Result<(), ApiError> {
        let live = self.hosts.live(name)?;
        let ConnectionState::HostKeyUnknown { key: Some(key) } = live.connection() else {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("{name} is not waiting for a host key to be trusted"),
            ));
        };
        if key.fingerprint != fingerprint {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!(
                    "{name}'s key is now {}, not the {fingerprint} you checked; check it again",
                    key.fingerprint
                ),
            ));
        }
        self.hosts.ssh.trust(&key).map_err(ssh_error)?;
        self.retry_host(name)
    }

    /// Connects again now instead of waiting for the next attempt.
    pub fn retry_host(&self, name: &str) -> Result<(), ApiError> {
        let watched = self.hosts.watched.lock().expect("hosts lock");
        let w = watched.get(name).ok_or_else(|| unknown_host(name))?;
        w.monitor.retry_now();
        w.agent.wake();
        Ok(())
    }

    /// Copies this app's Linux `hugflow` to the host's ~/.local/bin (the user clicked
    /// "Install"), then reads the host's datasets.
    pub async fn install_agent(&self, name: &str) -> Result<AgentInfo, ApiError> {
        let live = self.hosts.live(name)?;
        let target = target(name)?;
        // The page offers no button then; a call from elsewhere must not downgrade either.
        if let AgentState::Installed { info, version } = live.agent()
            && version.relation == VersionRelation::Newer
        {
            return Err(ApiError::new(
                ErrorCode::Outdated,
                format!(
                    "{name} runs hugflow {}, newer than this app's {}: upgrade Hugflow Desktop \
                     rather than replacing it with an older build",
                    info.version, version.app
                ),
            ));
        }
        live.set_agent(AgentState::Installing);
        match remote_agent::install(&self.hosts.ssh, &target, &self.hosts.options.agents).await {
            Ok(info) => {
                live.set_agent(AgentState::installed(info.clone()));
                self.retry_host(name)?;
                Ok(info)
            }
            Err(error) => {
                let error = agent_error(error);
                live.set_agent(AgentState::Failed {
                    message: error.message.clone(),
                });
                Err(error)
            }
        }
    }

    /// Starts the sync of `draft` on host `name`, detached: it goes on if the app closes.
    pub async fn start_host_sync(&self, name: &str, draft: &Draft) -> Result<String, ApiError> {
        // The host first: an unknown one is refused whatever the draft says.
        self.saved_host(name)?;
        let plan = draft.plan();
        if !plan.is_valid() {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!(
                    "the request is not valid yet: {}",
                    plan.errors
                        .iter()
                        .map(|e| e.message.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            ));
        }
        let (target, info, checkout) = self.agent_ready(name)?;
        let token = self.hf_token()?;
        let started = remote_agent::jobs::start(
            &self.hosts.ssh,
            &target,
            &info,
            &checkout,
            &plan.yaml,
            token.as_ref().map(|t| t.expose()),
        )
        .await
        .map_err(agent_error)?;
        tracing::info!(host = name, job = started.id, "sync started on the host");
        self.retry_host(name)?;
        Ok(started.id)
    }

    /// Cancels sync `id` on host `name`.
    pub async fn cancel_host_sync(&self, name: &str, id: &str) -> Result<(), ApiError> {
        self.listed_job(name, id)?;
        let (target, info, checkout) = self.agent_ready(name)?;
        let answer = remote_agent::jobs::cancel(&self.hosts.ssh, &target, &info, &checkout, id)
            .await
            .map_err(agent_error)?;
        // The host's next listing shows the job's state; the answer is for the app's log.
        tracing::info!(host = name, job = id, ?answer, "sync cancel answered");
        self.retry_host(name)
    }

    /// The log of sync `id` on host `name` so far: its events, and other text as printed.
    pub async fn host_sync_log(&self, name: &str, id: &str) -> Result<Vec<SyncLogEntry>, ApiError> {
        self.listed_job(name, id)?;
        let (target, info, checkout) = self.agent_ready(name)?;
        remote_agent::jobs::log(&self.hosts.ssh, &target, &info, &checkout, id)
            .await
            .map_err(agent_error)
    }

    /// Checks a job id the window named for host `name`, before anything reaches ssh: the
    /// host is saved, the id has a shape the engine makes (the same check `hugflow jobs`
    /// makes on the host), and the host listed it at its last look (the window shows only
    /// listed jobs, so a real click always passes); else `not_allowed`.
    fn listed_job(&self, name: &str, id: &str) -> Result<(), ApiError> {
        self.saved_host(name)?;
        hugflow_core::jobs::check_job_id(id)
            .map_err(|bad| ApiError::new(ErrorCode::NotAllowed, bad.to_string()))?;
        if !self.hosts.live(name)?.has_job(id) {
            return Err(ApiError::new(
                ErrorCode::NotAllowed,
                format!(
                    "{name} has not listed a sync {id}; the host's page shows its syncs (wait for it to refresh, or press Retry)"
                ),
            ));
        }
        Ok(())
    }

    /// The host's target, installed agent and checkout, or what is missing.
    pub(crate) fn agent_ready(&self, name: &str) -> Result<(Target, AgentInfo, String), ApiError> {
        let record = self.saved_host(name)?;
        let checkout = record.checkout.ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotConfigured,
                format!("{name} has no GitOps checkout path; set it on the host's page"),
            )
        })?;
        let (target, info) = self.agent_on(name)?;
        Ok((target, info, checkout))
    }

    /// The saved host the window named, or `not_allowed`.
    fn saved_host(&self, name: &str) -> Result<HostRecord, ApiError> {
        self.db.host(name)?.ok_or_else(|| unknown_host(name))
    }

    /// The host's target and installed agent, or what is missing.
    pub(crate) fn agent_on(&self, name: &str) -> Result<(Target, AgentInfo), ApiError> {
        let live = self.hosts.live(name)?;
        let AgentState::Installed { info, .. } = live.agent() else {
            return Err(ApiError::new(
                ErrorCode::NotConfigured,
                format!(
                    "hugflow is not installed on {name} (or {name} is not connected); install it from the host's page"
                ),
            ));
        };
        let target = target(name)?;
        Ok((target, info))
    }
}

pub(crate) fn ssh_error(error: SshError) -> ApiError {
    let code = match &error {
        SshError::Value(_) => ErrorCode::InvalidInput,
        SshError::Unreachable { .. } | SshError::Lost { .. } | SshError::TimedOut { .. } => {
            ErrorCode::Offline
        }
        SshError::AuthFailed { .. } => ErrorCode::Unauthorized,
        _ => ErrorCode::Ssh,
    };
    ApiError::new(code, error.to_string())
}

pub(crate) fn agent_error(error: AgentError) -> ApiError {
    match error {
        AgentError::Ssh(ssh) => ssh_error(ssh),
        AgentError::Missing { .. } => ApiError::new(ErrorCode::NotConfigured, error.to_string()),
        AgentError::NoBuild { .. } | AgentError::Binary { .. } => {
            ApiError::new(ErrorCode::NotConfigured, error.to_string())
        }
        AgentError::NewerSchema { .. } => ApiError::new(ErrorCode::Outdated, error.to_string()),
        _ => ApiError::new(ErrorCode::Ssh, error.to_string()),
    }
}

#[cfg(test)]
pub(crate) mod tests;
