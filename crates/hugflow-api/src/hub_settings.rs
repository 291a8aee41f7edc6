//! Settings' Hub section: the Hub endpoint and its dataset viewer's (the two origins the HF
//! token goes to), checked before they are saved, and "Test connection".

use hugflow_hub::check_endpoint;
use serde::{Deserialize, Serialize};

use crate::catalogue::{HF_ENDPOINT_SETTING, HF_VIEWER_ENDPOINT_SETTING};
use crate::{ApiError, ErrorCode, HugflowApp};

/// The Hub endpoints in effect, and what an empty field falls back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HubSettings {
    /// The Hub endpoint in effect (the setting, else `HF_ENDPOINT`, else huggingface.co).
    pub endpoint: String,
    /// The dataset viewer's endpoint in effect.
    pub viewer_endpoint: String,
    /// What the viewer is when its field is left empty: the Hub's default viewer.
    pub default_viewer_endpoint: String,
}

/// One thing "Test connection" checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ConnectionCheck {
    pub ok: bool,
    /// What was found ("reachable", "signed in as x") or what failed and what to do.
    pub detail: String,
}

/// What "Test connection" found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ConnectionReport {
    pub hub_endpoint: String,
    pub viewer_endpoint: String,
    /// The Hub's API answers.
    pub hub: ConnectionCheck,
    /// Whom the token belongs to; `None` when no token is set for the Hub.
    pub account: Option<ConnectionCheck>,
    /// The dataset viewer answers.
    pub viewer: ConnectionCheck,
}

impl HugflowApp {
    pub fn hub_settings(&self) -> Result<HubSettings, ApiError> {
        let endpoint = self.hub_endpoint()?;
        Ok(HubSettings {
            default_viewer_endpoint: hugflow_core::config::default_viewer_endpoint(&endpoint),
            viewer_endpoint: self.viewer_endpoint()?,
            endpoint,
        })
    }

    /// Saves both endpoints; an empty field removes the setting (the Hub: `HF_ENDPOINT` or
    /// huggingface.co; the viewer: `HF_VIEWER_ENDPOINT` or the Hub's default). A saved HF
    /// token keeps going only to the origins it was saved for: after a change, Settings says
    /// to save it again.
    pub fn set_hub_settings(
        &self,
        endpoint: &str,
        viewer_endpoint: &str,
    ) -> Result<HubSettings, ApiError> {
        let checked = |what: &str, value: &str| -> Result<Option<String>, ApiError> {
            if value.trim().is_empty() {
                return Ok(None);
            }
            check_endpoint(what, value)
                .map(Some)
                .map_err(|error| ApiError::new(ErrorCode::InvalidInput, error.to_string()))
        };
        let endpoint = checked("the Hub endpoint", endpoint)?;
        let viewer = checked("the dataset viewer endpoint", viewer_endpoint)?;
        for (key, value) in [
            (HF_ENDPOINT_SETTING, endpoint),
            (HF_VIEWER_ENDPOINT_SETTING, viewer),
        ] {
            match value {
                Some(value) => self.db.set_setting(key, &value)?,
                None => self.db.delete_setting(key)?,
            }
        }
        tracing::info!("Hub endpoints saved");
        self.hub_settings()
    }

    /// Asks the Hub's API, whoami with the token (when one is set for the Hub), and the
    /// viewer's health check, and says what each answered. Never fails on what it tests.
    pub async fn test_hub_connection(&self) -> Result<ConnectionReport, ApiError> {
        let hub = self.hub()?;
        let check = |result: Result<String, hugflow_hub::HubError>| match result {
            Ok(detail) => ConnectionCheck { ok: true, detail },
            Err(error) => ConnectionCheck {
                ok: false,
                detail: error.to_string(),
            },
        };
        let reachable = |()| "reachable".to_string();
        let account = match self.hf_token()? {
            None => None,
            Some(_) => Some(check(
                hub.whoami()
                    .await
                    .map(|who| format!("the token belongs to {}", who.name)),
            )),
        };
        Ok(ConnectionReport {
            hub_endpoint: hub.endpoint().to_string(),
            viewer_endpoint: hub.viewer_endpoint().to_string(),
            hub: check(hub.ping().await.map(reachable)),
            account,
            viewer: check(hub.viewer_healthcheck().await.map(reachable)),
        })
    }
}
