//! The dataset viewer (datasets-server): splits, first rows, sizes, features.

use url::Url;

use crate::models::{FirstRows, SizeReport, Splits, ViewerInfo};
use crate::{HubClient, HubError, http};

impl HubClient {
    fn viewer_url(&self, path: &str, params: &[(&str, &str)]) -> Url {
        let mut url = self.viewer.join(path).expect("viewer paths are valid");
        url.query_pairs_mut().extend_pairs(params);
        url
    }

    async fn viewer_get<T: serde::de::DeserializeOwned>(
        &self,
        url: Url,
        id: &str,
    ) -> Result<T, HubError> {
        let response = self.http.get(url.clone(), Some(id)).await?;
        http::json(response, &url).await
    }

    /// Every config/split the viewer knows.
    pub async fn splits(&self, id: &str) -> Result<Splits, HubError> {
        self.viewer_get(self.viewer_url("splits", &[("dataset", id)]), id)
            .await
    }

    /// The features and first rows (about 100) of one split.
    pub async fn first_rows(
        &self,
        id: &str,
        config: &str,
        split: &str,
    ) -> Result<FirstRows, HubError> {
        let url = self.viewer_url(
            "first-rows",
            &[("dataset", id), ("config", config), ("split", split)],
        );
        self.viewer_get(url, id).await
    }

    /// Row counts and byte sizes per dataset, config and split.
    pub async fn size(&self, id: &str) -> Result<SizeReport, HubError> {
        self.viewer_get(self.viewer_url("size", &[("dataset", id)]), id)
            .await
    }

    /// Features and split sizes, for one config or all of them.
    pub async fn viewer_info(
        &self,
        id: &str,
        config: Option<&str>,
    ) -> Result<ViewerInfo, HubError> {
        let mut params = vec![("dataset", id)];
        if let Some(config) = config {
            params.push(("config", config));
        }
        self.viewer_get(self.viewer_url("info", &params), id).await
    }
}
