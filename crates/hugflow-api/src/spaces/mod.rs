//! The Spaces page: the Spaces the team watches (saved in the app's settings), their runtime
//! from the Hub, the iterations workers have pushed to their results datasets, and restarts
//! and pauses (the UI asks for confirmation first).

use hugflow_core::spaces::{SPACES_SCHEMA, SpaceStatus, SpacesReport};
use hugflow_hub::HubClient;
use serde::{Deserialize, Serialize};

use crate::{ApiError, ErrorCode, HugflowApp};

const SPACES_SETTING: &str = "spaces";

/// The Spaces the Spaces page watches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SpacesSettings {
    /// The retrain orchestrator's dataset-prepare Space.
    pub prepare: Option<String>,
    /// One retrain Space per label.
    pub retrain: Vec<RetrainSpace>,
    /// Worker Spaces, each with the dataset its iterations land in.
    pub workers: Vec<WorkerSpace>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RetrainSpace {
    pub label: String,
    pub space: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct WorkerSpace {
    pub space: String,
    /// `owner/name` of the dataset it pushes `iteration_N.json` files to.
    pub results_dataset: Option<String>,
}

impl HugflowApp {
    pub fn spaces_settings(&self) -> Result<SpacesSettings, ApiError> {
        match self.db.setting(SPACES_SETTING)? {
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                ApiError::new(
                    ErrorCode::Database,
                    format!("the saved Spaces cannot be read ({e}); save them again"),
                )
            }),
            None => Ok(SpacesSettings::default()),
        }
    }

    /// Saves the watched Spaces after checking every id is `owner/name`.
    pub fn save_spaces_settings(&self, settings: &SpacesSettings) -> Result<(), ApiError> {
        let settings = settings.trimmed();
        for id in settings.ids().map(|(id, _)| id).chain(
            settings
                .workers
                .iter()
                .filter_map(|w| w.results_dataset.as_deref()),
        ) {
            hugflow_core::hf_id::validate_hf_id(id).map_err(|message| {
                ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("`{id}`: the id {message}; write it as owner/name"),
                )
            })?;
        }
        let json = serde_json::to_string(&settings).expect("settings serialise");
        Ok(self.db.set_setting(SPACES_SETTING, &json)?)
    }

    /// Each watched Space's runtime (a Space the Hub cannot answer for carries its error).
    pub async fn spaces(&self) -> Result<SpacesReport, ApiError> {
        let settings = self.spaces_settings()?;
        let hub = self.hub()?;
        let mut spaces = Vec::new();
        for (id, role) in settings.ids() {
            let results = settings
                .workers
                .iter()
                .find(|w| w.space == id)
                .and_then(|w| w.results_dataset.clone());
            spaces.push(space_status(&hub, id, role, results).await);
        }
        Ok(SpacesReport {
            schema: SPACES_SCHEMA,
            spaces,
        })
    }

    /// Restarts a Space the page watches (the user saved it); any other id is refused, so
    /// the window cannot restart or pause a Space the token happens to reach.
    pub async fn restart_space(&self, id: &str) -> Result<(), ApiError> {
        let id = self.watched_space(id)?;
        self.hub()?.restart_space(id).await?;
        tracing::info!(space = id, "Space restarted");
        Ok(())
    }

    pub async fn pause_space(&self, id: &str) -> Result<(), ApiError> {
        let id = self.watched_space(id)?;
        self.hub()?.pause_space(id).await?;
        tracing::info!(space = id, "Space paused");
        Ok(())
    }

    /// `id` (trimmed) if it is one of the watched Spaces, or `not_allowed`.
    fn watched_space<'a>(&self, id: &'a str) -> Result<&'a str, ApiError> {
        let id = id.trim();
        if self
            .spaces_settings()?
            .ids()
            .any(|(watched, _)| watched == id)
        {
            Ok(id)
        } else {
            Err(ApiError::new(
                ErrorCode::NotAllowed,
                format!(
                    "the Space `{id}` is not one of the Spaces you watch; add it in the Spaces settings first"
                ),
            ))
        }
    }
}

impl SpacesSettings {
    fn trimmed(&self) -> Self {
        let mut settings = self.clone();
        settings.prepare = settings
            .prepare
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty());
        settings.retrain.retain(|r| !r.space.trim().is_empty());
        settings.workers.retain(|w| !w.space.trim().is_empty());
        for r in &mut settings.retrain {
            r.space = r.space.trim().to_string();
            r.label = r.label.trim().to_string();
        }
        for w in &mut settings.workers {
            w.space = w.space.trim().to_string();
            w.results_dataset = w
                .results_dataset
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string);
        }
        settings
    }

    /// Every watched Space with why it is listed, in page order.
    fn ids(&self) -> impl Iterator<Item = (&str, String)> {
        let prepare = self.prepare.as_deref().map(|p| (p, "prepare".to_string()));
        let retrain = self
            .retrain
            .iter()
            .map(|r| (r.space.as_str(), format!("retrain {}", r.label)));
        let workers = self
            .workers
            .iter()
            .map(|w| (w.space.as_str(), "worker".to_string()));
        prepare.into_iter().chain(retrain).chain(workers)
    }
}

async fn space_status(
    hub: &HubClient,
    id: &str,
    role: String,
    results: Option<String>,
) -> SpaceStatus {
    let mut status = SpaceStatus {
        id: id.to_string(),
        role,
        stage: None,
        hardware: None,
        requested_hardware: None,
        results_dataset: results.clone(),
        iterations: None,
        error: None,
    };
    match hub.space_runtime(id).await {
        Ok(runtime) => {
            status.stage = Some(runtime.stage);
            status.hardware = runtime.hardware.current;
            status.requested_hardware = runtime.hardware.requested;
        }
        Err(error) => status.error = Some(error.to_string()),
    }
    if let Some(dataset) = results {
        match hub.tree(&dataset, "main", "").await {
            Ok(entries) => {
                status.iterations = highest_iteration(entries.iter().map(|e| e.path.as_str()))
            }
            Err(error) => {
                status
                    .error
                    .get_or_insert(format!("iterations of {dataset}: {error}"));
            }
        }
    }
    status
}

/// The highest N among `…iteration_N.json` files (`iteration_3.json`,
/// `test_plan_iteration_12.json`), or 0 when the results dataset has none yet.
fn highest_iteration<'p>(paths: impl Iterator<Item = &'p str>) -> Option<u64> {
    let highest = paths
        .filter_map(|path| {
            let name = path.rsplit('/').next()?;
            let stem = name.strip_suffix(".json")?;
            let (_, number) = stem.rsplit_once("iteration_")?;
            number.parse::<u64>().ok()
        })
        .max();
    Some(highest.unwrap_or(0))
}

#[cfg(test)]
mod tests;
