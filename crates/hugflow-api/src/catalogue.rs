//! The Catalogue and Dataset pages: local search over the SQLite catalogue, refresh from the
//! Hub with progress, and a dataset's details live from the Hub (or from the catalogue, marked
//! offline, when the Hub cannot be reached).

use hugflow_catalogue::refresh::{self, RefreshReport};
use hugflow_catalogue::{CatalogueEntry, HostDataset, SearchQuery, SearchResults};
use hugflow_core::config::Secret;
use hugflow_core::progress::{Cancel, ProgressSink};
use hugflow_hub::{
    DatasetInfo, EntryKind, FirstRows, Gated, HubClient, HubConfig, ListQuery, Refs, SizeReport,
    SplitRef, TreeEntry,
};
use hugflow_secrets::{Destination, SecretId};
use serde::Serialize;

use crate::{ApiError, ErrorCode, HugflowApp};

/// Setting overriding the Hub endpoint (else `HF_ENDPOINT`, else huggingface.co).
pub const HF_ENDPOINT_SETTING: &str = "hf_endpoint";
/// Setting overriding the dataset viewer's endpoint (else `HF_VIEWER_ENDPOINT`, else the
/// Hub's default viewer).
pub const HF_VIEWER_ENDPOINT_SETTING: &str = "hf_viewer_endpoint";

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CatalogueStatus {
    pub count: u64,
    pub refreshed_at: Option<String>,
    pub refreshing: bool,
    pub endpoint: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DatasetDetails {
    pub info: DatasetInfo,
    /// The Hub could not be reached: `info` comes from the catalogue, files and splits are empty.
    pub offline: bool,
    pub offline_reason: Option<String>,
    pub files: Vec<TreeEntry>,
    pub total_size: u64,
    pub refs: Option<Refs>,
    pub splits: Vec<SplitRef>,
    /// Why `splits` is empty when the viewer did not answer (a token it did not get or
    /// accept, not computed yet, blocked, no viewer for it): shown instead of "no splits".
    pub splits_note: Option<String>,
    /// The IPC code of `splits_note` (`viewer_not_ready`, `viewer_unauthenticated`, ...), for
    /// the UI to branch on (a Retry for "not ready").
    pub splits_note_code: Option<ErrorCode>,
    /// The viewer's sizes; `None` when it did not answer (see `size_note`).
    pub size: Option<SizeReport>,
    pub size_note: Option<String>,
    pub held_by: Vec<HostDataset>,
    pub hub_url: String,
    pub favourite: bool,
    /// The card's Markdown (README.md without front matter), unsanitized: the UI renders it
    /// without raw HTML. `None` offline or when the repository has none.
    pub card: Option<String>,
}

impl HugflowApp {
    /// The Hub endpoint: the setting, else `HF_ENDPOINT`, else huggingface.co.
    pub(crate) fn hub_endpoint(&self) -> Result<String, ApiError> {
        Ok(self
            .db
            .setting(HF_ENDPOINT_SETTING)?
            .or_else(|| {
                std::env::var("HF_ENDPOINT")
                    .ok()
                    .filter(|e| !e.trim().is_empty())
            })
            .unwrap_or_else(|| hugflow_hub::DEFAULT_ENDPOINT.to_string()))
    }

    /// The dataset viewer's endpoint: the setting, else `HF_VIEWER_ENDPOINT`, else the Hub's
    /// default viewer (datasets-server.huggingface.co for huggingface.co, else the Hub).
    pub(crate) fn viewer_endpoint(&self) -> Result<String, ApiError> {
        let set = self.db.setting(HF_VIEWER_ENDPOINT_SETTING)?.or_else(|| {
            std::env::var("HF_VIEWER_ENDPOINT")
                .ok()
                .filter(|e| !e.trim().is_empty())
        });
        Ok(match set {
            Some(viewer) => viewer,
            None => hugflow_core::config::default_viewer_endpoint(&self.hub_endpoint()?),
        })
    }

    /// The Hub and its viewer as the HF token's destination.
    pub(crate) fn hub_destination(&self) -> Result<Destination, ApiError> {
        Ok(Destination::new(&self.hub_endpoint()?)?.with_viewer(&self.viewer_endpoint()?)?)
    }

    pub(crate) fn hub(&self) -> Result<HubClient, ApiError> {
        let endpoint = self.hub_endpoint()?;
        let viewer = self.viewer_endpoint()?;
        // A bad endpoint is named by `HubClient::new`, which refuses it.
        let to = self.hub_destination().ok();
        let token = to.as_ref().and_then(|to| self.hf_token_for(to));
        let viewer_token = to.as_ref().and_then(|to| self.hf_token_for(&to.viewer()));
        Ok(HubClient::new(
            HubConfig::new(endpoint)
                .with_viewer_endpoint(Some(viewer))
                .with_token(token)
                .with_viewer_token(viewer_token),
        )?)
    }

    /// The HF token for the configured Hub endpoint, if one may go there.
    pub(crate) fn hf_token(&self) -> Result<Option<Secret>, ApiError> {
        Ok(self.hf_token_for(&Destination::new(&self.hub_endpoint()?)?))
    }

    /// The HF token for a call to `to` (the Hub or its viewer). Public datasets need none, so
    /// the call goes on without one; but a token the user saved and that cannot be used (a
    /// locked keyring, a token saved for another origin) is said at warn level and in
    /// Settings, since a gated dataset would otherwise fail with no hint why.
    fn hf_token_for(&self, to: &Destination) -> Option<Secret> {
        match self.secrets.optional(SecretId::HfToken, to) {
            Ok(found) => found.map(|r| r.value),
            Err(missing) => {
                tracing::warn!("{missing}; going on without one (public datasets only)");
                None
            }
        }
    }

    pub fn catalogue_search(&self, query: &SearchQuery) -> Result<SearchResults, ApiError> {
        Ok(self.catalogue.search(query)?)
    }

    pub fn catalogue_status(&self) -> Result<CatalogueStatus, ApiError> {
        Ok(CatalogueStatus {
            count: self.catalogue.len()?,
            refreshed_at: refresh::refreshed_at(&self.catalogue)?,
            refreshing: self.refresh_cancel.lock().expect("cancel lock").is_some(),
            // Without a token: the status sends nothing.
            endpoint: HubClient::new(HubConfig::new(self.hub_endpoint()?))?
                .endpoint()
                .to_string(),
        })
    }

    /// Refreshes the catalogue (a full crawl when `full` or when it is empty). One refresh
    /// runs at a time; [`Self::cancel_refresh`] stops it between pages.
    pub async fn refresh_catalogue(
        &self,
        full: bool,
        sink: &dyn ProgressSink,
    ) -> Result<RefreshReport, ApiError> {
        let hub = self.hub()?;
        let cancel = {
            let mut slot = self.refresh_cancel.lock().expect("cancel lock");
            if slot.is_some() {
                return Err(ApiError::new(
                    ErrorCode::Busy,
                    "the catalogue is already being refreshed; wait for it or cancel it",
                ));
            }
            let cancel = Cancel::new();
            *slot = Some(cancel.clone());
            cancel
        };
        let page = refresh::PAGE_SIZE;
        let result = if full {
            refresh::full_crawl(&self.catalogue, &hub, page, sink, &cancel).await
        } else {
            refresh::refresh(&self.catalogue, &hub, page, sink, &cancel).await
        };
        *self.refresh_cancel.lock().expect("cancel lock") = None;
        Ok(result?)
    }

    pub fn cancel_refresh(&self) {
        if let Some(cancel) = self.refresh_cancel.lock().expect("cancel lock").as_ref() {
            cancel.cancel();
        }
    }

    /// The "search the Hub" fallback when the local index misses: asks the Hub, keeps what it
    /// finds in the catalogue, and answers from the catalogue.
    pub async fn search_hub(&self, text: &str) -> Result<SearchResults, ApiError> {
        let hub = self.hub()?;
        let query = ListQuery {
            search: Some(text.to_string()),
            limit: Some(100),
            full: true,
            ..Default::default()
        };
        let found = hub.list_all(&query, 100).await?;
        self.catalogue.remember(&found)?;
        let items = found
            .iter()
            .filter_map(|d| self.catalogue.get(&d.id).transpose())
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SearchResults {
            total: items.len() as u64,
            total_capped: false,
            items,
        })
    }

    pub async fn dataset_details(
        &self,
        id: &str,
        revision: Option<&str>,
    ) -> Result<DatasetDetails, ApiError> {
        let hub = self.hub()?;
        self.catalogue.viewed(id)?;
        let held_by = self.catalogue.held_by(id)?;
        let favourite = self.catalogue.favourites()?.iter().any(|f| f == id);
        let live = async {
            let info = hub.dataset_info(id, revision).await?;
            if info.disabled {
                // The Hub refuses its files, refs and card: the page shows the info, "disabled".
                return Ok((info, Vec::new(), Refs::default(), Default::default(), None));
            }
            let commit = info
                .sha
                .clone()
                .unwrap_or_else(|| revision.unwrap_or("main").to_string());
            let files = hub.tree(id, &commit, "").await?;
            let refs = hub.refs(id).await?;
            // The viewer's refusals are said on the page, never shown as "no splits".
            let (splits, splits_note) = match hub.splits(id).await {
                Ok(splits) => (splits.splits, None),
                Err(error) => (Vec::new(), Some(ApiError::from(error))),
            };
            let (size, size_note) = match hub.size(id, None).await {
                Ok(size) => (Some(size), None),
                Err(error) => (None, Some(error.to_string())),
            };
            // A card that fails to load leaves the rest of the page useful.
            let card = hub.card(id, &commit).await.unwrap_or_else(|error| {
                tracing::warn!("the card of {id} did not load: {error}");
                None
            });
            let viewer = (splits, splits_note, size, size_note);
            Ok::<_, hugflow_hub::HubError>((info, files, refs, viewer, card))
        };
        match live.await {
            Ok((info, files, refs, (splits, splits_note, size, size_note), card)) => {
                let files: Vec<TreeEntry> = files
                    .into_iter()
                    .filter(|e| e.kind == EntryKind::File)
                    .collect();
                Ok(DatasetDetails {
                    // The Hub's claims, summed without overflow (TreeEntry::totals).
                    total_size: TreeEntry::totals(&files).0,
                    hub_url: hub.dataset_url(&info.id),
                    info,
                    offline: false,
                    offline_reason: None,
                    files,
                    refs: Some(refs),
                    splits,
                    splits_note_code: splits_note.as_ref().map(|note| note.code),
                    splits_note: splits_note.map(|note| note.message),
                    size,
                    size_note,
                    held_by,
                    favourite,
                    card,
                })
            }
            Err(error) if error.is_unreachable() => {
                let Some(entry) = self.catalogue.get(id)? else {
                    return Err(error.into());
                };
                Ok(DatasetDetails {
                    info: info_from_entry(&entry),
                    offline: true,
                    offline_reason: Some(error.to_string()),
                    files: Vec::new(),
                    total_size: 0,
                    refs: None,
                    splits: Vec::new(),
                    splits_note: None,
                    splits_note_code: None,
                    size: None,
                    size_note: None,
                    held_by,
                    hub_url: hub.dataset_url(id),
                    favourite,
                    card: None,
                })
            }
            Err(error) => Err(error.into()),
        }
    }

    pub async fn first_rows(
        &self,
        id: &str,
        config: &str,
        split: &str,
    ) -> Result<FirstRows, ApiError> {
        Ok(self.hub()?.first_rows(id, config, split).await?)
    }

    pub fn set_favourite(&self, id: &str, favourite: bool) -> Result<(), ApiError> {
        Ok(self.catalogue.set_favourite(id, favourite)?)
    }
}

fn info_from_entry(entry: &CatalogueEntry) -> DatasetInfo {
    DatasetInfo {
        id: entry.id.clone(),
        author: Some(entry.author.clone()),
        sha: None,
        last_modified: Some(entry.last_modified.clone()),
        created_at: None,
        private: entry.private,
        gated: match entry.gated.as_str() {
            "manual" => Gated::Manual,
            "auto" => Gated::Auto,
            _ => Gated::No,
        },
        disabled: entry.disabled,
        downloads: entry.downloads,
        likes: entry.likes,
        tags: entry.tags.clone(),
        description: Some(entry.description.clone()),
        card_data: None,
        siblings: None,
        used_storage: None,
    }
}
