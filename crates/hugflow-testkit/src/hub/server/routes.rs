//! The two routers: the Hub (API, resolve, viewer, Spaces) and the CDN, each wrapped in the
//! fault-injection and request-log middleware.

use std::sync::Arc;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::get;

use super::log::Listener;
use super::state::Shared;
use super::{api, faults, live, resolve, spaces, viewer};

/// Every Hub route. `GET` routes also answer `HEAD` (without a body).
pub fn hub(state: Arc<Shared>) -> Router {
    Router::new()
        .route("/api/datasets", get(api::list))
        .route("/api/datasets/{*rest}", get(live::api_route))
        .route("/api/whoami-v2", get(api::whoami))
        .route(
            "/api/spaces/{*rest}",
            get(spaces::handle).post(spaces::handle),
        )
        .route("/datasets/{*rest}", get(live::resolve_route))
        .route("/api/resolve-cache/{*rest}", get(resolve::resolve_cache))
        .route("/is-valid", get(viewer::is_valid))
        .route("/splits", get(viewer::splits))
        .route("/first-rows", get(viewer::first_rows))
        .route("/size", get(viewer::size))
        .route("/info", get(viewer::info))
        .route("/parquet", get(viewer::parquet))
        .route("/cached-assets/{*rest}", get(viewer::asset))
        .fallback(api::not_found)
        .layer(from_fn_with_state(
            (state.clone(), Listener::Hub),
            faults::layer,
        ))
        .with_state(state)
}

/// The CDN that LFS downloads are redirected to, which also plays the Xet bridge.
pub fn cdn(state: Arc<Shared>) -> Router {
    Router::new()
        .route("/cdn/{sha256}", get(resolve::cdn))
        .route("/xet-bridge-us/{*rest}", get(resolve::xet_bridge))
        .layer(from_fn_with_state(
            (state.clone(), Listener::Cdn),
            faults::layer,
        ))
        .with_state(state)
}
