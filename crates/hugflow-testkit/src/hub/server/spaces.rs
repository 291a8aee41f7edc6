//! Spaces: `GET /api/spaces/{id}/runtime`, and `POST /api/spaces/{id}/restart` and `/pause`
//! (token required). Tests add Spaces with [`Spaces::add`] and read the calls made.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use serde_json::{Value, json};

use super::api::json_response;
use super::auth::Caller;
use super::errors::HubError;
use super::paths::{decode, segments};
use super::state::Shared;
use crate::hub::prng::fake_sha;

/// A restart or pause a client asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpaceCall {
    pub space: String,
    /// `restart` or `pause`.
    pub action: String,
    /// `restart?factory=true`
    pub factory: bool,
}

#[derive(Debug, Default)]
struct SpacesState {
    stages: BTreeMap<String, String>,
    calls: Vec<SpaceCall>,
    /// Spaces whose restarts and pauses the token may not make (403).
    refused: BTreeSet<String>,
}

/// The Spaces a fake Hub knows; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Spaces(Arc<Mutex<SpacesState>>);

impl Spaces {
    /// Adds (or resets) a Space in `stage` (`RUNNING`, `PAUSED`, `BUILDING`, `RUNTIME_ERROR`, ...).
    pub fn add(&self, id: &str, stage: &str) {
        self.lock().stages.insert(id.into(), stage.into());
    }

    pub fn stage(&self, id: &str) -> Option<String> {
        self.lock().stages.get(id).cloned()
    }

    /// From now on, restarting or pausing `id` is refused (403), as for a read-only token.
    pub fn refuse(&self, id: &str) {
        self.lock().refused.insert(id.into());
    }

    /// Restarts and pauses, in order.
    pub fn calls(&self) -> Vec<SpaceCall> {
        self.lock().calls.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SpacesState> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The runtime JSON of Space `id` at `stage`.
fn runtime(id: &str, stage: &str) -> Value {
    let current = if stage == "PAUSED" || stage == "STOPPED" {
        Value::Null
    } else {
        Value::from("cpu-basic")
    };
    json!({
        "stage": stage,
        "hardware": {"current": current, "requested": "cpu-basic"},
        "storage": null,
        "gcTimeout": 172800,
        "replicas": {"current": 1, "requested": 1},
        "devMode": false,
        "domains": [{"domain": format!("{}.hf.space", id.replace(['/', '_', '.'], "-")), "stage": "READY"}],
        "sha": fake_sha(&["space", id]),
    })
}

/// `GET /api/spaces/{id}/runtime`, `POST /api/spaces/{id}/restart|pause`.
pub async fn handle(
    State(state): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, HubError> {
    let caller = Caller::from_headers(&state, &headers)?;
    let segs = segments(uri.path(), "/api/spaces/").ok_or_else(HubError::page_not_found)?;
    let Some((action, id)) = segs.split_last() else {
        return Err(HubError::page_not_found());
    };
    let id = id.iter().map(|s| decode(s)).collect::<Vec<_>>().join("/");
    let spaces = &state.spaces;
    let live = &state.live;
    let Some(stage) = spaces.stage(&id) else {
        return Err(HubError::repo_not_found(caller.is_authenticated()));
    };
    match (method, *action) {
        (Method::GET, "runtime") => Ok(json_response(&runtime(&id, &stage))),
        (Method::POST, "restart" | "pause") => {
            if !caller.is_authenticated() {
                return Err(HubError::login_required());
            }
            if spaces.lock().refused.contains(&id) {
                return Err(HubError::new(
                    axum::http::StatusCode::FORBIDDEN,
                    None,
                    format!("You don't have the rights to {action} the Space {id}"),
                ));
            }
            let factory = uri.query().is_some_and(|q| q.contains("factory=true"));
            let (reply, next) = if *action == "pause" {
                ("PAUSED", "PAUSED")
            } else {
                ("APP_STARTING", "RUNNING")
            };
            let mut state = spaces.lock();
            state.stages.insert(id.clone(), next.into());
            state.calls.push(SpaceCall {
                space: id.clone(),
                action: action.to_string(),
                factory,
            });
            drop(state);
            if *action == "restart" {
                live.restarted(&id);
            }
            Ok(json_response(&runtime(&id, reply)))
        }
        _ => Err(HubError::page_not_found()),
    }
}
