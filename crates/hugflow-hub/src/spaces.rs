//! Spaces and repository history: a Space's runtime, restarting and pausing it (both need a
//! token with write access), a dataset's commits, and any JSON file the Hub serves (the
//! retrain orchestrator's `dataset_metadata.json`).

use hugflow_http::encode_segment;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::{HubClient, HubError, NotFoundKind, http, repo_path};

/// `GET /api/spaces/{id}/runtime`, the fields Hugflow shows.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SpaceRuntime {
    /// `RUNNING`, `PAUSED`, `BUILDING`, `RUNTIME_ERROR`, `SLEEPING`, ...
    pub stage: String,
    #[serde(default)]
    pub hardware: Hardware,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Hardware {
    pub current: Option<String>,
    pub requested: Option<String>,
}

/// One entry of `GET /api/datasets/{id}/commits/{revision}`, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Commit {
    pub id: String,
    pub title: String,
    /// RFC 3339.
    pub date: String,
}

impl HubClient {
    pub async fn space_runtime(&self, id: &str) -> Result<SpaceRuntime, HubError> {
        let url = self.space_api(id, "runtime")?;
        let response = self
            .http
            .get(url.clone(), Some(id))
            .await
            .map_err(|e| space_error(id, e))?;
        http::json(response, &url).await
    }

    /// Restarts a Space; it answers with the runtime it moves to.
    pub async fn restart_space(&self, id: &str) -> Result<SpaceRuntime, HubError> {
        self.space_action(id, "restart").await
    }

    pub async fn pause_space(&self, id: &str) -> Result<SpaceRuntime, HubError> {
        self.space_action(id, "pause").await
    }

    async fn space_action(&self, id: &str, action: &str) -> Result<SpaceRuntime, HubError> {
        let url = self.space_api(id, action)?;
        let response = self
            .http
            .post(url.clone(), Some(id))
            .await
            .map_err(|e| space_error(id, e))?;
        http::json(response, &url).await
    }

    fn space_api(&self, id: &str, action: &str) -> Result<Url, HubError> {
        let id = repo_path(id).map_err(|_| HubError::Config {
            message: format!("`{id}` is not a Space id: write it as owner/name"),
        })?;
        Ok(self.api(&format!("api/spaces/{id}/{action}")))
    }

    /// A dataset's commits on `revision`, newest first, following pages.
    pub async fn dataset_commits(&self, id: &str, revision: &str) -> Result<Vec<Commit>, HubError> {
        let url = self.api(&format!(
            "api/datasets/{}/commits/{}",
            repo_path(id)?,
            encode_segment(revision)
        ));
        let response = self.http.get(url.clone(), Some(id)).await?;
        let mut next = hugflow_http::next_url(response.headers(), &url);
        let mut commits: Vec<Commit> = http::json(response, &url).await?;
        while let Some(url) = next.take() {
            let page = self.next_page::<Commit>(&url).await?;
            commits.extend(page.items);
            next = page.next;
        }
        Ok(commits)
    }

    /// A JSON file of a dataset at `revision` (a branch, tag or commit).
    pub async fn dataset_json<T: DeserializeOwned>(
        &self,
        id: &str,
        revision: &str,
        path: &str,
    ) -> Result<T, HubError> {
        let url = self.resolve(id, revision, path)?;
        self.json_at(url, Some(id)).await
    }

    /// Any JSON document the Hub serves, by URL; the token goes only to the Hub's own origin.
    pub async fn json_at<T: DeserializeOwned>(
        &self,
        url: Url,
        repo: Option<&str>,
    ) -> Result<T, HubError> {
        let response = self.http.get(url.clone(), repo).await?;
        http::json(response, &url).await
    }
}

/// The dataset wording of a missing repository, said of a Space.
fn space_error(id: &str, error: HubError) -> HubError {
    match error {
        HubError::NotFound {
            kind: NotFoundKind::Repo,
            ..
        } => HubError::NotFound {
            kind: NotFoundKind::Repo,
            message: format!(
                "Space `{id}` was not found: check the id (owner/name, as on its Hub page), or, if it is private, that your token can see it"
            ),
        },
        other => other,
    }
}
