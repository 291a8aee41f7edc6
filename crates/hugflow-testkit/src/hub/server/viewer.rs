//! The dataset viewer (datasets-server.huggingface.co), served on a listener of its own, as
//! the real one lives on an origin of its own: `/is-valid`, `/splits`, `/first-rows`, `/size`,
//! `/info`, `/parquet`, and the `/cached-assets/...` audio and images that first rows link to.
//! Unknown datasets, configs and splits get 404 with `{"error": ...}` as the real viewer
//! answers. Gated and private datasets need the token, as on datasets-server (its `libapi`
//! auth check): anonymous `401 ExternalUnauthenticatedError`, a token without access `404
//! ExternalAuthenticatedError`, each with `X-Error-Code` and `{"error": ...}`. A viewer in a
//! [`ViewerState`] other than `Ready` refuses, after that auth check, as the real one does
//! (see [`refusal`]).

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::api::json_response;
use super::auth::Caller;
use super::errors::HubError;
use super::paths::{param, query_pairs};
use super::state::Shared;
use crate::hub::{
    FakeDataset, FakeFile, FeatureType, Viewer, ViewerConfig, ViewerSplit, ViewerState,
};

const DATASET_MISSING: &str = "The dataset does not exist, or is not accessible without \
    authentication (private or gated). Please check the spelling of the dataset name or retry \
    with authentication.";
/// datasets-server's message for a token that may not see the dataset.
const NOT_ACCESSIBLE: &str = "The dataset does not exist, or is not accessible with the current \
    credentials (private or gated). Please check the spelling of the dataset name or retry with \
    other authentication credentials.";

fn viewer_error(code: &'static str, message: &str) -> HubError {
    HubError::new(StatusCode::NOT_FOUND, Some(code), message)
}

/// The refusal of a viewer in `state`, with the status, `X-Error-Code` and message
/// datasets-server sends (huggingface/dataset-viewer): `ResponseNotReady` is `libapi`'s
/// `ResponseNotReadyError` (500); `DatasetInBlockListError` and `DatasetWithTooManyConfigsError`
/// are `libcommon`'s cached errors, both `HTTPStatus.NOT_IMPLEMENTED` (501).
fn refusal(state: ViewerState, configs: usize) -> Option<HubError> {
    let (status, code, message) = match state {
        ViewerState::Ready => return None,
        ViewerState::NotReady => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "ResponseNotReady",
            "The server is busier than usual and the response is not ready yet. Please retry later."
                .to_string(),
        ),
        ViewerState::Blocked => (
            StatusCode::NOT_IMPLEMENTED,
            "DatasetInBlockListError",
            "This dataset has been disabled for now. Please open an issue in \
             https://github.com/huggingface/dataset-viewer if you want this dataset to be supported."
                .to_string(),
        ),
        ViewerState::TooManyConfigs => (
            StatusCode::NOT_IMPLEMENTED,
            "DatasetWithTooManyConfigsError",
            format!("The maximum number of configs allowed is 3000, dataset has {configs} configs."),
        ),
    };
    Some(HubError::new(status, Some(code), message))
}

/// The query, the dataset it names (visible to the caller) and its viewer.
struct Request {
    pairs: Vec<(String, String)>,
    dataset: Arc<FakeDataset>,
}

impl Request {
    fn read(state: &Shared, uri: &Uri, headers: &HeaderMap) -> Result<Self, HubError> {
        let caller = Caller::from_headers(state, headers)?;
        let pairs = query_pairs(uri.query());
        let id = param(&pairs, "dataset").ok_or_else(|| {
            HubError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("MissingRequiredParameter"),
                "Parameter 'dataset' is required",
            )
        })?;
        // datasets-server asks the Hub's auth check first: the Hub answers an anonymous
        // request for a missing, private or gated repository alike (401), and a token that
        // may not see it 403/404; only then does the viewer look for its own answer.
        let dataset = state.corpus.dataset(id);
        let visible = dataset
            .as_ref()
            .is_some_and(|d| (!d.private || caller.is_authenticated()) && caller.may_download(d));
        if !visible && !caller.is_authenticated() {
            return Err(HubError::new(
                StatusCode::UNAUTHORIZED,
                Some("ExternalUnauthenticatedError"),
                DATASET_MISSING,
            ));
        }
        if !visible {
            return Err(viewer_error("ExternalAuthenticatedError", NOT_ACCESSIBLE));
        }
        let dataset = dataset
            .filter(|d| d.viewer.is_some())
            .ok_or_else(|| viewer_error("DatasetNotFoundError", DATASET_MISSING))?;
        let viewer = dataset.viewer.as_ref().expect("filtered on viewer");
        if let Some(refused) = refusal(viewer.state, viewer.configs.len()) {
            return Err(refused);
        }
        Ok(Self { pairs, dataset })
    }

    fn viewer(&self) -> &Viewer {
        self.dataset.viewer.as_ref().expect("filtered on viewer")
    }

    fn id(&self) -> &str {
        &self.dataset.id
    }

    /// The `config` parameter's config; `None` without the parameter.
    fn config(&self, required: bool) -> Result<Option<&ViewerConfig>, HubError> {
        match param(&self.pairs, "config") {
            None if required => Err(HubError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("MissingRequiredParameter"),
                "Parameter 'config' is required",
            )),
            None => Ok(None),
            Some(name) => self
                .viewer()
                .config(name)
                .map(Some)
                .ok_or_else(|| viewer_error("ResponseNotFound", "Not found.")),
        }
    }

    fn split<'a>(&self, config: &'a ViewerConfig) -> Result<&'a ViewerSplit, HubError> {
        let name = param(&self.pairs, "split").ok_or_else(|| {
            HubError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("MissingRequiredParameter"),
                "Parameter 'split' is required",
            )
        })?;
        config
            .split(name)
            .ok_or_else(|| viewer_error("ResponseNotFound", "Not found."))
    }
}

/// `/healthcheck`: datasets-server answers `ok` (text/plain).
pub async fn healthcheck() -> &'static str {
    "ok"
}

/// `/is-valid?dataset=`
pub async fn is_valid(
    State(state): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, HubError> {
    Request::read(&state, &uri, &headers)?;
    Ok(json_response(
        &json!({"preview": true, "viewer": true, "search": true, "filter": true, "statistics": true}),
    ))
}

/// `/splits?dataset=[&config=]`
pub async fn splits(
    State(state): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, HubError> {
    let request = Request::read(&state, &uri, &headers)?;
    let only = request.config(false)?;
    let splits: Vec<Value> = request
        .viewer()
        .configs
        .iter()
        .filter(|c| only.is_none_or(|o| o.name == c.name))
        .flat_map(|c| {
            c.splits
                .iter()
                .map(|s| json!({"dataset": request.id(), "config": c.name, "split": s.name}))
        })
        .collect();
    Ok(json_response(
        &json!({"splits": splits, "pending": [], "failed": []}),
    ))
}

/// `/first-rows?dataset=&config=&split=`
pub async fn first_rows(
    State(state): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, HubError> {
    let request = Request::read(&state, &uri, &headers)?;
    let config = request.config(true)?.expect("required");
    let split = request.split(config)?;
    let features: Vec<Value> = config
        .features
        .iter()
        .enumerate()
        .map(|(i, f)| json!({"feature_idx": i, "name": f.name, "type": f.kind.to_json()}))
        .collect();
    let asset = |row: usize, column: &str, file: &str| {
        format!(
            "{}/cached-assets/{}/--/{}/--/{}/{}/{row}/{column}/{file}",
            state.viewer_url,
            request.id(),
            request.dataset.main().sha,
            config.name,
            split.name
        )
    };
    let rows: Vec<Value> = config
        .rows
        .iter()
        .enumerate()
        .map(|(row_idx, cells)| {
            let row: Map<String, Value> = config
                .features
                .iter()
                .zip(cells)
                .map(|(feature, cell)| {
                    let value = match feature.kind {
                        FeatureType::Audio { .. } => json!([{
                            "src": asset(row_idx, &feature.name, "audio.wav"),
                            "type": "audio/wav",
                        }]),
                        FeatureType::Image => json!({
                            "src": asset(row_idx, &feature.name, "image.jpg"),
                            "height": cell.get("height").cloned().unwrap_or(480.into()),
                            "width": cell.get("width").cloned().unwrap_or(640.into()),
                        }),
                        _ => cell.clone(),
                    };
                    (feature.name.clone(), value)
                })
                .collect();
            json!({"row_idx": row_idx, "row": row, "truncated_cells": []})
        })
        .collect();
    Ok(json_response(&json!({
        "dataset": request.id(),
        "config": config.name,
        "split": split.name,
        "features": features,
        "rows": rows,
        "truncated": false,
    })))
}

/// Rows (converted ones, for a partial conversion), estimated rows of the whole (`None` when
/// nothing is partial, as datasets-server sends `null`), parquet bytes and memory bytes.
fn sizes(splits: &[&ViewerSplit]) -> (u64, Option<u64>, u64, u64) {
    let partial = splits.iter().any(|s| s.converted_rows.is_some());
    let (rows, estimated, parquet, memory) =
        splits
            .iter()
            .fold((0, 0, 0, 0), |(rows, estimated, parquet, memory), s| {
                (
                    rows + s.converted_rows.unwrap_or(s.num_rows),
                    estimated + s.num_rows,
                    parquet + s.num_bytes_parquet,
                    memory + s.num_bytes_memory,
                )
            });
    (rows, partial.then_some(estimated), parquet, memory)
}

/// `/size?dataset=[&config=]`: `size.dataset`, `size.configs` and `size.splits`; with a
/// config, `size.config` and its `size.splits` (as datasets-server answers). A partial
/// conversion says `partial: true`, and its entries carry `estimated_num_rows`.
pub async fn size(
    State(state): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, HubError> {
    let request = Request::read(&state, &uri, &headers)?;
    let only = request.config(false)?;
    let id = request.id();
    let configs: Vec<&ViewerConfig> = request
        .viewer()
        .configs
        .iter()
        .filter(|c| only.is_none_or(|o| o.name == c.name))
        .collect();
    let mut all = Vec::new();
    let mut config_sizes = Vec::new();
    let mut split_sizes = Vec::new();
    for config in &configs {
        let splits: Vec<&ViewerSplit> = config.splits.iter().collect();
        let (rows, estimated, parquet, memory) = sizes(&splits);
        config_sizes.push(json!({
            "dataset": id, "config": config.name,
            "num_bytes_original_files": parquet + parquet / 10, "num_bytes_parquet_files": parquet,
            "num_bytes_memory": memory, "num_rows": rows, "num_columns": config.features.len(),
            "estimated_num_rows": estimated,
        }));
        for split in splits {
            let (rows, estimated, parquet, memory) = sizes(&[split]);
            split_sizes.push(json!({
                "dataset": id, "config": config.name, "split": split.name,
                "num_bytes_parquet_files": parquet, "num_bytes_memory": memory,
                "num_rows": rows, "num_columns": config.features.len(), "estimated_num_rows": estimated,
            }));
            all.push(split);
        }
    }
    let (rows, estimated, parquet, memory) = sizes(&all);
    let totals = json!({
        "dataset": id, "num_bytes_original_files": parquet + parquet / 10,
        "num_bytes_parquet_files": parquet, "num_bytes_memory": memory, "num_rows": rows,
        "estimated_num_rows": estimated,
    });
    let size = match only {
        Some(_) => json!({"config": config_sizes[0], "splits": split_sizes}),
        None => json!({"dataset": totals, "configs": config_sizes, "splits": split_sizes}),
    };
    Ok(json_response(
        &json!({"size": size, "pending": [], "failed": [], "partial": estimated.is_some()}),
    ))
}

/// `datasets`' `DatasetInfo` of one config.
fn dataset_info(id: &str, config: &ViewerConfig) -> Value {
    let name = id.rsplit('/').next().unwrap_or(id);
    let features: Map<String, Value> = config
        .features
        .iter()
        .map(|f| (f.name.clone(), f.kind.to_json()))
        .collect();
    let splits: Map<String, Value> = config
        .splits
        .iter()
        .map(|s| {
            (s.name.clone(), json!({"name": s.name, "num_bytes": s.num_bytes_memory, "num_examples": s.num_rows, "dataset_name": name}))
        })
        .collect();
    let (_, _, parquet, memory) = sizes(&config.splits.iter().collect::<Vec<_>>());
    json!({
        "description": "", "citation": "", "homepage": "", "license": "",
        "features": features, "builder_name": "parquet", "dataset_name": name,
        "config_name": config.name,
        "version": {"version_str": "0.0.0", "major": 0, "minor": 0, "patch": 0},
        "splits": splits, "download_size": parquet, "dataset_size": memory,
    })
}

/// `/info?dataset=[&config=]`
pub async fn info(
    State(state): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, HubError> {
    let request = Request::read(&state, &uri, &headers)?;
    let info = match request.config(false)? {
        Some(config) => dataset_info(request.id(), config),
        None => Value::Object(
            request
                .viewer()
                .configs
                .iter()
                .map(|c| (c.name.clone(), dataset_info(request.id(), c)))
                .collect(),
        ),
    };
    Ok(json_response(
        &json!({"dataset_info": info, "pending": [], "failed": [], "partial": false}),
    ))
}

/// `/parquet?dataset=[&config=]`: the files of `refs/convert/parquet`.
pub async fn parquet(
    State(state): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, HubError> {
    let request = Request::read(&state, &uri, &headers)?;
    let only = request.config(false)?;
    let convert = request.dataset.resolve("refs/convert/parquet");
    let files: Vec<Value> = convert
        .map(|commit| {
            commit
                .files
                .iter()
                .filter_map(|f| {
                    let mut parts = f.path.split('/');
                    let (config, split, file) = (parts.next()?, parts.next()?, parts.next()?);
                    if only.is_some_and(|o| o.name != config) {
                        return None;
                    }
                    Some(json!({
                        "dataset": request.id(), "config": config, "split": split,
                        "url": format!("{}/datasets/{}/resolve/refs%2Fconvert%2Fparquet/{}", state.hub_url, request.id(), f.path),
                        "filename": file, "size": f.size(),
                    }))
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(json_response(
        &json!({"parquet_files": files, "pending": [], "failed": [], "partial": false}),
    ))
}

/// `/cached-assets/{id}/--/{sha}/--/{config}/{split}/{row}/{column}/audio.wav|image.jpg`:
/// a second of noisy 16 kHz audio, or a small noise "JPEG".
pub async fn asset(uri: Uri) -> Response {
    let path = uri.path();
    let (size, content_type) = if path.ends_with(".wav") {
        (32_044, "audio/wav")
    } else {
        (2_048, "image/jpeg")
    };
    let file = FakeFile::noise("cached-assets", path, size);
    let body = file.read(0, size as usize);
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        HeaderName::from_static("cache-control"),
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}
