//! The three routers: the Hub (API, resolve, Spaces) and the CDN, each wrapped in the
//! fault-injection and request-log middleware, and the dataset viewer, on an origin of its own
//! as datasets-server.huggingface.co is (the real Hub does not serve `/splits` & co.), with a
//! request log of its own.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::{Next, from_fn_with_state};
use axum::response::Response;
use axum::routing::get;

use super::log::{Listener, LoggedRequest};
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

/// The dataset viewer, served on its own listener (its own origin).
pub fn viewer(state: Arc<Shared>) -> Router {
    Router::new()
        .route("/healthcheck", get(viewer::healthcheck))
        .route("/is-valid", get(viewer::is_valid))
        .route("/splits", get(viewer::splits))
        .route("/first-rows", get(viewer::first_rows))
        .route("/size", get(viewer::size))
        .route("/info", get(viewer::info))
        .route("/parquet", get(viewer::parquet))
        .route("/cached-assets/{*rest}", get(viewer::asset))
        .fallback(api::not_found)
        .layer(from_fn_with_state(state.clone(), log_viewer))
        .with_state(state)
}

/// Logs each viewer request in [`Shared::viewer_log`]: whether it carried the token is what
/// the origin tests read. (`listener` says `Hub`: the log's enum has no viewer yet; the log it
/// is in says which origin answered.)
async fn log_viewer(State(state): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_string(),
        |p| p.as_str().to_string(),
    );
    let authorization = request.headers().contains_key(header::AUTHORIZATION);
    let response = next.run(request).await;
    state.viewer_log.push(LoggedRequest {
        listener: Listener::Hub,
        method,
        path,
        authorization,
        range: None,
        status: response.status().as_u16(),
    });
    response
}
