//! "Re-run this flow" on the Runs page: `hugflow rerun start` on the source's host over SSH,
//! or for a folder on this computer `hugflow_ops::reruns` in this process (the app starts
//! and watches the flow itself: no `hugflow` binary needed); then followed until it ends, with
//! a desktop notification then, as a sync is followed. The flow's output is read like any run
//! file (`<flow>/.hugflow/rerun.log`), and a scan shows the re-run's state on its flow.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use hugflow_core::jobs::JobState;
use hugflow_core::runs::Rerun;
use hugflow_ops::reruns::{self, Launcher, RerunsError};
use hugflow_remote::agent::reports::{self, RerunVerb};

use crate::hosts::agent_error;
use crate::requests::Notice;
use crate::runs::{RunSource, inside};
use crate::{ApiError, ErrorCode, HugflowApp};

/// How many status reads in a row may fail before a follower gives up (a host away for
/// that long is followed again by the next scan, not notified).
const MAX_FOLLOW_FAILURES: u32 = 120;

impl HugflowApp {
    /// Starts the re-run of the flow at `flow` (relative to the saved source's folder) and
    /// follows it in the background until it ends.
    pub async fn rerun_flow(
        self: &Arc<Self>,
        source: &RunSource,
        flow: &str,
    ) -> Result<Rerun, ApiError> {
        let source = &self.saved_source(source)?;
        let folder = inside(source, flow, "run folder")?;
        let rerun = match &source.host {
            Some(host) => self.rerun_on(host, RerunVerb::Start, &folder).await?,
            None => {
                local(folder.clone(), |f| {
                    reruns::start(&f, None, &Launcher::InProcess)
                })
                .await?
            }
        };
        tracing::info!(folder = %folder.display(), host = ?source.host, "re-run started");
        let app = Arc::clone(self);
        let (source, flow) = (source.clone(), flow.to_string());
        tokio::spawn(async move { app.follow_rerun(&source, &flow).await });
        Ok(rerun)
    }

    /// Stops the flow's running re-run; answers the state it ended in.
    pub async fn cancel_rerun(&self, source: &RunSource, flow: &str) -> Result<JobState, ApiError> {
        let source = &self.saved_source(source)?;
        let folder = inside(source, flow, "run folder")?;
        match &source.host {
            Some(host) => {
                let (target, info) = self.agent_on(host)?;
                reports::cancel_rerun(
                    &self.hosts.ssh,
                    &target,
                    &info,
                    &folder.display().to_string(),
                )
                .await
                .map_err(agent_error)
            }
            None => Ok(local(folder, |f| reruns::cancel(&f)).await?.state),
        }
    }

    /// The flow's last re-run, for the follower of a re-run `rerun_flow` started (so from a
    /// saved source: removing the source meanwhile does not silence its ending).
    async fn rerun_status(&self, source: &RunSource, flow: &str) -> Result<Rerun, ApiError> {
        let folder = inside(source, flow, "run folder")?;
        match &source.host {
            Some(host) => self.rerun_on(host, RerunVerb::Status, &folder).await,
            None => local(folder, |f| reruns::status(&f)).await,
        }
    }

    /// `hugflow rerun start|status` on `host` through its agent.
    async fn rerun_on(
        &self,
        host: &str,
        verb: RerunVerb,
        folder: &Path,
    ) -> Result<Rerun, ApiError> {
        let (target, info) = self.agent_on(host)?;
        reports::rerun(
            &self.hosts.ssh,
            &target,
            &info,
            verb,
            &folder.display().to_string(),
        )
        .await
        .map_err(agent_error)
    }

    /// Reads the re-run's state every poll interval until it ends, then notifies (as the
    /// notification settings allow for syncs: complete, failed).
    async fn follow_rerun(&self, source: &RunSource, flow: &str) {
        let mut failures = 0;
        let ended = loop {
            tokio::time::sleep(self.hosts.options.poll).await;
            match self.rerun_status(source, flow).await {
                Ok(rerun) if !rerun.state.is_running() => break rerun,
                Ok(_) => failures = 0,
                Err(error) => {
                    failures += 1;
                    if failures >= MAX_FOLLOW_FAILURES {
                        tracing::warn!(flow, %error, "stopped following a re-run");
                        return;
                    }
                }
            }
        };
        let ok = ended.state == JobState::Complete;
        let Ok(settings) = self.request_settings() else {
            return;
        };
        if (ok && !settings.notifications.complete) || (!ok && !settings.notifications.failed) {
            return;
        }
        self.notify(rerun_notice(source, flow, &ended));
    }
}

/// `call` on `folder` on the blocking pool (it waits on files and processes).
async fn local<T: Send + 'static>(
    folder: PathBuf,
    call: impl FnOnce(PathBuf) -> Result<T, RerunsError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(move || call(folder))
        .await
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("the re-run call did not finish: {e}"),
            )
        })?
        .map_err(rerun_error)
}

fn rerun_error(error: RerunsError) -> ApiError {
    let code = match &error {
        RerunsError::NeverRerun(_) => ErrorCode::NotFound,
        RerunsError::Running { .. } => ErrorCode::Busy,
        RerunsError::Record(hugflow_runs::rerun::RerunError::Io(_))
        | RerunsError::Io(_)
        | RerunsError::Process { .. } => ErrorCode::Io,
        RerunsError::Spawn { .. } => ErrorCode::NotConfigured,
        _ => ErrorCode::InvalidInput,
    };
    ApiError::new(code, error.to_string())
}

/// "train_instance re-run complete on hgx-a", with how it ended.
fn rerun_notice(source: &RunSource, flow: &str, rerun: &Rerun) -> Notice {
    let name = flow.rsplit('/').next().unwrap_or(flow);
    let place = source
        .host
        .as_deref()
        .map_or("on this computer".to_string(), |h| format!("on {h}"));
    let (verb, body) = match rerun.state {
        JobState::Complete => ("complete", "The flow ended with exit code 0.".to_string()),
        JobState::Failed => (
            "failed",
            rerun.code.map_or(
                "The flow could not start; its log on the Runs page says why.".to_string(),
                |code| {
                    format!("The flow ended with exit code {code}; its log is on the Runs page.")
                },
            ),
        ),
        JobState::Cancelled => ("stopped", "Stopped before it ended.".to_string()),
        JobState::Lost | JobState::Running => ("lost", format!("{}.", capitalized(reruns::LOST))),
    };
    Notice {
        title: format!("Re-run of {name} {verb} {place}"),
        body,
        link: None,
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests;
