//! The JSON API: `GET /api/datasets` (search, filters, sort, cursor pages),
//! `/api/datasets/{id}[/revision/{rev}]`, `/api/datasets/{id}/refs`,
//! `/api/datasets/{id}/tree/{rev}[/{path}]` (paginated) and `/api/whoami-v2`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::auth::Caller;
use super::errors::HubError;
use super::paths::{
    Tail, decode_cursor, find_dataset, flag, next_link, param, query_pairs, repo_path, segments,
    take_revision,
};
use super::state::Shared;
use crate::hub::listing::{ListQuery, SortKey};
use crate::hub::render::{self, Fields};
use crate::hub::{Commit, FakeDataset, tree};

/// A 200 JSON response.
pub fn json_response(value: &Value) -> Response {
    let mut response = (StatusCode::OK, value.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// A JSON page with its `Link: <next>; rel="next"` when there is one.
fn page_response(items: Vec<Value>, link: Option<String>) -> Response {
    let mut response = json_response(&Value::Array(items));
    if let Some(link) = link {
        response.headers_mut().insert(
            header::LINK,
            HeaderValue::from_str(&link).expect("ASCII link"),
        );
    }
    response
}

/// Every value of `key`.
fn values(pairs: &[(String, String)], key: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .collect()
}

/// `GET /api/datasets`
pub async fn list(
    State(state): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, HubError> {
    let caller = Caller::from_headers(&state, &headers)?;
    let pairs = query_pairs(uri.query());
    let sort = param(&pairs, "sort").unwrap_or("");
    let query = ListQuery {
        search: values(&pairs, "search"),
        author: param(&pairs, "author").map(str::to_string),
        filters: values(&pairs, "filter"),
        gated: param(&pairs, "gated").map(|g| g.eq_ignore_ascii_case("true")),
        sort: SortKey::parse(sort)
            .ok_or_else(|| HubError::bad_request(format!("Invalid sort parameter: {sort}")))?,
        ascending: param(&pairs, "direction") == Some("1"),
    };
    let page_size = state.options.list_page_size;
    let limit = match param(&pairs, "limit") {
        None => page_size,
        Some(limit) => limit
            .parse::<usize>()
            .map_err(|_| HubError::bad_request(format!("Invalid limit: {limit}")))?
            .clamp(1, page_size),
    };
    let start = decode_cursor(param(&pairs, "cursor"))?;
    let page = state
        .corpus
        .list(&query, caller.is_authenticated(), start, limit);
    let expand = values(&pairs, "expand");
    let fields = if !expand.is_empty() {
        Fields::Expand(&expand)
    } else if flag(&pairs, "full") {
        Fields::Full
    } else {
        Fields::Default
    };
    let items = page
        .items
        .iter()
        .map(|&index| render::list_item(&state.corpus, index, fields))
        .collect();
    let link = page
        .next
        .map(|next| next_link(&state.hub_url, uri.path(), &pairs, next));
    Ok(page_response(items, link))
}

/// Everything under `/api/datasets/{id}/`.
pub async fn dataset(
    State(state): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, HubError> {
    let caller = Caller::from_headers(&state, &headers)?;
    let segs = segments(uri.path(), "/api/datasets/").ok_or_else(HubError::page_not_found)?;
    let (dataset, used) = find_dataset(&state, &caller, &segs)?;
    let rest = &segs[used..];
    let pairs = query_pairs(uri.query());
    let info = |commit: &Commit| {
        let mut info = render::info(&dataset, commit, flag(&pairs, "blobs"));
        let expand = values(&pairs, "expand");
        if !expand.is_empty() {
            Fields::Expand(&expand).retain(&mut info);
        }
        json_response(&info)
    };
    match rest.first().copied() {
        None => Ok(info(dataset.main())),
        Some("revision") => {
            let (commit, _) = take_revision(&dataset, &rest[1..], Tail::Nothing)?;
            Ok(info(commit))
        }
        Some("refs") if rest.len() == 1 => Ok(json_response(&render::refs(&dataset))),
        Some("tree") => tree(&state, &dataset, &rest[1..], uri.path(), &pairs),
        _ => Err(HubError::page_not_found()),
    }
}

/// `tree/{revision}[/{path}]` (`segs` starts at the revision): one page of entries.
fn tree(
    state: &Shared,
    dataset: &FakeDataset,
    segs: &[&str],
    path: &str,
    pairs: &[(String, String)],
) -> Result<Response, HubError> {
    let (commit, used) = take_revision(dataset, segs, Tail::Optional)?;
    let dir = repo_path(&segs[used..]);
    let expand = flag(pairs, "expand");
    let entries = tree::select(commit.tree(), &dir, flag(pairs, "recursive"))
        .ok_or_else(|| HubError::entry_not_found(&commit.sha))?;
    let page_size = if expand {
        state.options.tree_page_size.min(50)
    } else {
        state.options.tree_page_size
    };
    let start = decode_cursor(param(pairs, "cursor"))?.min(entries.len());
    let end = (start + page_size).min(entries.len());
    let mut items: Vec<Value> = entries[start..end]
        .iter()
        .map(|item| render::tree_entry(dataset, commit, item, expand))
        .collect();
    state.faults.tamper_tree(&dataset.id, &mut items);
    let link = (end < entries.len()).then(|| next_link(&state.hub_url, path, pairs, end));
    Ok(page_response(items, link))
}

/// `GET /api/whoami-v2`
pub async fn whoami(
    State(state): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Response, HubError> {
    match Caller::from_headers(&state, &headers)? {
        Caller::Anonymous => Err(HubError::login_required()),
        Caller::Token(_) => Ok(json_response(&json!({
            "type": "user",
            "id": "65f0c0ffee0000000000abcd",
            "name": "testkit",
            "fullname": "Hugflow Testkit",
            "email": "testkit@example.com",
            "emailVerified": true,
            "isPro": false,
            "orgs": [],
            "auth": {"type": "access_token", "accessToken": {"displayName": "testkit", "role": "read"}},
        }))),
    }
}

/// Any other path.
pub async fn not_found() -> HubError {
    HubError::page_not_found()
}
