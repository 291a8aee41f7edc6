//! The dataset viewer (datasets-server.huggingface.co), served by the same listener:
//! `/is-valid`, `/splits`, `/first-rows`, `/size`, `/info`, `/parquet`, and the
//! `/cached-assets/...` audio and images that first rows link to. Unknown datasets, configs
//! and splits get 404 with `{"error": ...}` as the real viewer answers.

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
use crate::hub::{FakeDataset, FakeFile, FeatureType, Viewer, ViewerConfig, ViewerSplit};

const DATASET_MISSING: &str = "The dataset does not exist, or is not accessible without \
    authentication (private or gated). Please check the spelling of the dataset name or retry \
    with authentication.";

fn viewer_error(code: &'static str, message: &str) -> HubError {
    HubError::new(StatusCode::NOT_FOUND, Some(code), message)
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
        let dataset = state
            .corpus
            .dataset(id)
            .filter(|d| d.viewer.is_some())
            .filter(|d| !d.private || caller.is_authenticated())
            .filter(|d| caller.may_download(d))
            .ok_or_else(|| viewer_error("DatasetNotFoundError", DATASET_MISSING))?;
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
            state.hub_url,
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

fn sizes(splits: &[&ViewerSplit]) -> (u64, u64, u64) {
    splits.iter().fold((0, 0, 0), |(rows, parquet, memory), s| {
        (
            rows + s.num_rows,
            parquet + s.num_bytes_parquet,
            memory + s.num_bytes_memory,
        )
    })
}

/// `/size?dataset=[&config=]`
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
        let (rows, parquet, memory) = sizes(&splits);
        config_sizes.push(json!({
            "dataset": id, "config": config.name,
            "num_bytes_original_files": parquet + parquet / 10, "num_bytes_parquet_files": parquet,
            "num_bytes_memory": memory, "num_rows": rows, "num_columns": config.features.len(),
            "estimated_num_rows": null,
        }));
        for split in splits {
            split_sizes.push(json!({
                "dataset": id, "config": config.name, "split": split.name,
                "num_bytes_parquet_files": split.num_bytes_parquet, "num_bytes_memory": split.num_bytes_memory,
                "num_rows": split.num_rows, "num_columns": config.features.len(), "estimated_num_rows": null,
            }));
            all.push(split);
        }
    }
    let (rows, parquet, memory) = sizes(&all);
    let totals = json!({
        "dataset": id, "num_bytes_original_files": parquet + parquet / 10,
        "num_bytes_parquet_files": parquet, "num_bytes_memory": memory, "num_rows": rows,
        "estimated_num_rows": null,
    });
    let size = match only {
        Some(_) => json!({"config": config_sizes[0], "splits": split_sizes}),
        None => json!({"dataset": totals, "configs": config_sizes, "splits": split_sizes}),
    };
    Ok(json_response(
        &json!({"size": size, "pending": [], "failed": [], "partial": false}),
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
    let (_, parquet, memory) = sizes(&config.splits.iter().collect::<Vec<_>>());
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
