//! File downloads as huggingface.co serves them. `GET|HEAD /datasets/{id}/resolve/{rev}/{path}`:
//!
//! - a small (git) file: `307` with a **relative** `Location` to
//!   `/api/resolve-cache/datasets/{id}/{commit}/{path}?{request path}=&etag="{oid}"`, with
//!   `X-Repo-Commit` but no `X-Linked-Size` (what huggingface.co answers since 2025; clients
//!   follow it on the Hub's origin, token included). That path serves the file itself (200,
//!   `ETag: "<git oid>"`, `X-Repo-Commit`, ranges).
//! - an LFS file: `302` to the CDN listener with `X-Linked-Etag: "<sha256>"`, `X-Linked-Size`
//!   and `X-Repo-Commit`, as huggingface.co does with its signed CDN URLs. The CDN
//!   (`/cdn/<sha256>?repo=&commit=&file=`) needs no token, serves ranges, and may corrupt
//!   bytes when a test asks.
//! - a Xet file: `302` to the Xet bridge (on the CDN listener) with `X-Xet-Hash`, the `Link`
//!   relations `xet-auth` and `xet-reconstruction-info`, `X-Linked-Size`, `X-Linked-Etag` and
//!   a presigned S3-style query, as huggingface.co redirects to
//!   `https://cas-bridge.xethub.hf.co/xet-bridge-us/<repo>/<xet hash>?X-Amz-...`.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::auth::Caller;
use super::body::serve_file;
use super::errors::HubError;
use super::paths::{
    Tail, decode, find_dataset, param, query_pairs, repo_path, segments, take_revision,
};
use super::state::Shared;
use crate::hub::prng::hash_strs;
use crate::hub::{FakeDataset, FakeFile};

/// What RFC 5987 leaves unencoded in `filename*`.
const FILENAME: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn set(headers: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(HeaderName::from_static(name), value);
    }
}

/// `Content-Type` and `Content-Disposition` for a file name.
fn file_headers(headers: &mut HeaderMap, path: &str) {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    let content_type = match extension {
        "md" | "txt" | "csv" | "tsv" | "gitattributes" | "" => "text/plain; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "jsonl" => "application/jsonl; charset=utf-8",
        "wav" => "audio/wav",
        "flac" => "audio/flac",
        "mp3" => "audio/mpeg",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        _ => "application/octet-stream",
    };
    set(headers, "content-type", content_type);
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = percent_encoding::utf8_percent_encode(name, FILENAME);
    set(
        headers,
        "content-disposition",
        &format!("inline; filename*=UTF-8''{encoded}; filename=\"{ascii}\";"),
    );
}

/// `GET|HEAD /datasets/{id}/resolve/{revision}/{path}`
pub async fn resolve(
    State(state): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, HubError> {
    let caller = Caller::from_headers(&state, &headers)?;
    let segs = segments(uri.path(), "/datasets/").ok_or_else(HubError::page_not_found)?;
    let (dataset, used) = find_dataset(&state, &caller, &segs)?;
    let rest = &segs[used..];
    if rest.first() != Some(&"resolve") {
        return Err(HubError::page_not_found());
    }
    if !caller.may_download(&dataset) {
        return Err(HubError::gated(&dataset.id, caller.is_authenticated()));
    }
    let (commit, used) = take_revision(&dataset, &rest[1..], Tail::Required)?;
    let path = repo_path(&rest[1 + used..]);
    let index = commit
        .files
        .binary_search_by(|f| f.path.as_str().cmp(&path))
        .map_err(|_| HubError::entry_not_found(&commit.sha))?;
    let file: &FakeFile = &commit.files[index];
    let facts = file.facts();
    let mut base = HeaderMap::new();
    set(&mut base, "x-repo-commit", &commit.sha);
    set(&mut base, "etag", &format!("\"{}\"", facts.oid));
    set(&mut base, "vary", "Origin, Accept");
    set(
        &mut base,
        "access-control-expose-headers",
        "X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,X-Total-Count,ETag,Link,Accept-Ranges,Content-Range,X-Linked-Size,X-Linked-ETag,X-Xet-Hash",
    );
    let Some(lfs) = &facts.lfs else {
        let location =
            resolve_cache_location(&dataset.id, &commit.sha, &file.path, &uri, &facts.oid);
        // The 307 carries the commit and `Accept-Ranges` but neither the file's size nor (besides
        // the one in the query) its etag: a client learns both from the answer it leads to.
        base.remove(header::ETAG);
        set(&mut base, "accept-ranges", "bytes");
        return Ok(redirect(
            StatusCode::TEMPORARY_REDIRECT,
            base,
            &location,
            &method,
        ));
    };
    if let Some(xet_hash) = &facts.xet_hash {
        let location = bridge_location(&state, &dataset, &commit.sha, &file.path, xet_hash);
        set(&mut base, "x-xet-hash", xet_hash);
        // The real `xet-auth` link names the Hub's token route for Xet clients (hf_xet), which
        // the fake does not serve: like huggingface.co for a client without hf_xet (or with
        // HF_HUB_DISABLE_XET=1), the bytes come through the `Location`.
        set(
            &mut base,
            "link",
            &format!(
                "<{}/api/datasets/{}/xet-read-token/{}>; rel=\"xet-auth\", <{}/v1/reconstructions/{xet_hash}>; rel=\"xet-reconstruction-info\"",
                state.hub_url, dataset.id, commit.sha, state.cdn_url
            ),
        );
        set(&mut base, "x-linked-etag", &format!("\"{}\"", lfs.sha256));
        set(&mut base, "x-linked-size", &lfs.size.to_string());
        return Ok(redirect(StatusCode::FOUND, base, &location, &method));
    }
    let expires = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        + 3600;
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("repo", &format!("datasets/{}", dataset.id))
        .append_pair("commit", &commit.sha)
        .append_pair("file", &file.path)
        .append_pair("Expires", &expires.to_string())
        .append_pair(
            "Signature",
            &format!("{:016x}", hash_strs(&[&lfs.sha256, &expires.to_string()])),
        )
        .append_pair("Key-Pair-Id", "K3RPWS32NSSJCE")
        .finish();
    let location = format!("{}/cdn/{}?{query}", state.cdn_url, lfs.sha256);
    set(&mut base, "x-linked-etag", &format!("\"{}\"", lfs.sha256));
    set(&mut base, "x-linked-size", &lfs.size.to_string());
    Ok(redirect(StatusCode::FOUND, base, &location, &method))
}

/// A redirect as the Hub words it: `Location`, a short text body ("Found. Redirecting to …",
/// "Temporary Redirect. Redirecting to …"), its length (also for HEAD, without the body).
fn redirect(status: StatusCode, mut base: HeaderMap, location: &str, method: &Method) -> Response {
    set(&mut base, "location", location);
    set(&mut base, "content-type", "text/plain; charset=utf-8");
    let reason = status.canonical_reason().unwrap_or("Redirect");
    let body = format!("{reason}. Redirecting to {location}");
    base.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    let body = if method == Method::HEAD {
        String::new()
    } else {
        body
    };
    (status, base, body).into_response()
}

/// What one path segment leaves unencoded (the Hub's resolve-cache URLs encode `/` in a file's
/// path: `urls%2Fv1_7.txt`).
const SEGMENT: &percent_encoding::AsciiSet = FILENAME;

/// huggingface.co's relative `Location` for a small file, e.g.
/// `/api/resolve-cache/datasets/allenai/dolma/7f48…/urls%2Fv1_7.txt?%2Fdatasets%2Fallenai%2Fdolma%2Fresolve%2F7f48…%2Furls%2Fv1_7.txt=&etag=%22<oid>%22`:
/// the commit the revision resolved to, the path as one encoded segment, and the request's
/// path and the blob's etag as the query.
fn resolve_cache_location(id: &str, commit: &str, path: &str, uri: &Uri, oid: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(path, SEGMENT);
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair(&decode(uri.path()), "")
        .append_pair("etag", &format!("\"{oid}\""))
        .finish();
    format!("/api/resolve-cache/datasets/{id}/{commit}/{encoded}?{query}")
}

/// `GET|HEAD /api/resolve-cache/datasets/{id}/{commit}/{path}`: a small file at a commit, as the
/// Hub serves it after its relative `307` (same token rules as `/resolve/`).
pub async fn resolve_cache(
    State(state): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, HubError> {
    let caller = Caller::from_headers(&state, &headers)?;
    let segs = segments(uri.path(), "/api/resolve-cache/datasets/")
        .ok_or_else(HubError::page_not_found)?;
    let (dataset, used) = find_dataset(&state, &caller, &segs)?;
    if !caller.may_download(&dataset) {
        return Err(HubError::gated(&dataset.id, caller.is_authenticated()));
    }
    let revision = segs.get(used).map(|s| decode(s)).unwrap_or_default();
    let commit = dataset
        .resolve(&revision)
        .filter(|commit| commit.sha == revision)
        .ok_or_else(|| HubError::revision_not_found(&revision))?;
    let path = repo_path(&segs[used + 1..]);
    let index = commit
        .files
        .binary_search_by(|f| f.path.as_str().cmp(&path))
        .map_err(|_| HubError::entry_not_found(&commit.sha))?;
    let file = &commit.files[index];
    let facts = file.facts();
    if facts.lfs.is_some() {
        // The Hub sends LFS files to its CDN, never through the resolve cache.
        return Err(HubError::entry_not_found(&commit.sha));
    }
    let mut base = HeaderMap::new();
    set(&mut base, "x-repo-commit", &commit.sha);
    set(&mut base, "etag", &format!("\"{}\"", facts.oid));
    file_headers(&mut base, &file.path);
    Ok(serve_file(
        commit,
        index,
        &method,
        &headers,
        base,
        false,
        state.pace(),
    ))
}

/// The S3 region and the (fake) key id of the bridge's presigned URLs.
const BRIDGE_CREDENTIAL: &str = "AKIAFAKEXETBRIDGE/20250601/us-east-1/s3/aws4_request";

/// The presigned bridge URL of a Xet file: huggingface.co's shape
/// (`/xet-bridge-us/<repo object id>/<xet hash>?X-Amz-Algorithm=…&X-Amz-Signature=…`). The
/// real bridge finds the bytes by the hash alone; the fake also signs `repo`, `commit` and
/// `file` into the query (its own parameters) to find them without an index.
fn bridge_location(
    state: &Shared,
    dataset: &FakeDataset,
    commit: &str,
    path: &str,
    xet_hash: &str,
) -> String {
    let repo = format!("datasets/{}", dataset.id);
    let date = "20250601T120000Z";
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
        .append_pair("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
        .append_pair("X-Amz-Credential", BRIDGE_CREDENTIAL)
        .append_pair("X-Amz-Date", date)
        .append_pair("X-Amz-Expires", "3600")
        .append_pair(
            "X-Amz-Signature",
            &bridge_signature(xet_hash, &repo, commit, path, date),
        )
        .append_pair("X-Amz-SignedHeaders", "host")
        .append_pair("X-Xet-Cas-Uid", "public")
        .append_pair("x-id", "GetObject")
        .append_pair("repo", &repo)
        .append_pair("commit", commit)
        .append_pair("file", path)
        .finish();
    format!(
        "{}/xet-bridge-us/{}/{xet_hash}?{query}",
        state.cdn_url, dataset.object_id
    )
}

/// 64 hex digits over what the URL names, so a URL with any part changed is refused.
fn bridge_signature(xet_hash: &str, repo: &str, commit: &str, path: &str, date: &str) -> String {
    crate::hub::Digest::of(format!("{xet_hash}\n{repo}\n{commit}\n{path}\n{date}").as_bytes())
        .sha256
}

/// `GET|HEAD /xet-bridge-us/{repo object id}/{xet hash}?X-Amz-…&repo=&commit=&file=`: a Xet
/// file's bytes, as the bridge serves a presigned URL: no token wanted (S3 refuses a request
/// that carries a second authorization besides the signature), ranges served, the signature
/// checked.
pub async fn xet_bridge(
    State(state): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if headers.contains_key(header::AUTHORIZATION) {
        return cdn_error(
            StatusCode::BAD_REQUEST,
            "InvalidArgument",
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
        );
    }
    let denied = |message: &str| cdn_error(StatusCode::FORBIDDEN, "AccessDenied", message);
    let Some(xet_hash) = uri.path().rsplit('/').next() else {
        return denied("Missing object key.");
    };
    let pairs = query_pairs(uri.query());
    let (Some(repo), Some(revision), Some(path), Some(date), Some(signature)) = (
        param(&pairs, "repo"),
        param(&pairs, "commit"),
        param(&pairs, "file"),
        param(&pairs, "X-Amz-Date"),
        param(&pairs, "X-Amz-Signature"),
    ) else {
        return denied(
            "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters",
        );
    };
    if bridge_signature(xet_hash, repo, revision, path, date) != signature {
        return denied(
            "The request signature we calculated does not match the signature you provided.",
        );
    }
    let found = repo
        .strip_prefix("datasets/")
        .and_then(|id| state.corpus.dataset(id))
        .and_then(|dataset| {
            let commit = dataset.resolve(revision)?.clone();
            let index = commit
                .files
                .binary_search_by(|f| f.path.as_str().cmp(path))
                .ok()?;
            Some((commit, index))
        });
    let Some((commit, index)) = found else {
        return cdn_error(
            StatusCode::NOT_FOUND,
            "NoSuchKey",
            "The specified key does not exist.",
        );
    };
    let file = &commit.files[index];
    let sha256 = file.facts().sha256.clone();
    let mut base = HeaderMap::new();
    set(&mut base, "etag", &format!("\"{sha256}\""));
    set(&mut base, "x-xet-hash", xet_hash);
    file_headers(&mut base, &file.path);
    let corrupt = method == Method::GET && state.faults.take_corruption(path, &sha256);
    serve_file(
        &commit,
        index,
        &method,
        &headers,
        base,
        corrupt,
        state.pace(),
    )
}

/// An S3-style error, as a CDN sends it.
fn cdn_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    );
    (status, [(header::CONTENT_TYPE, "application/xml")], body).into_response()
}

/// `GET|HEAD /cdn/{sha256}?repo=datasets/{id}&commit={sha}&file={path}`
pub async fn cdn(
    State(state): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let not_found = || {
        cdn_error(
            StatusCode::NOT_FOUND,
            "NoSuchKey",
            "The specified key does not exist.",
        )
    };
    let Some(sha256) = uri.path().strip_prefix("/cdn/") else {
        return not_found();
    };
    let pairs = query_pairs(uri.query());
    let (Some(repo), Some(revision), Some(path)) = (
        param(&pairs, "repo"),
        param(&pairs, "commit"),
        param(&pairs, "file"),
    ) else {
        return cdn_error(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            "Missing signature parameters.",
        );
    };
    let Some(dataset) = repo
        .strip_prefix("datasets/")
        .and_then(|id| state.corpus.dataset(id))
    else {
        return not_found();
    };
    let Some(commit) = dataset.resolve(revision) else {
        return not_found();
    };
    let Ok(index) = commit.files.binary_search_by(|f| f.path.as_str().cmp(path)) else {
        return not_found();
    };
    let file = &commit.files[index];
    if file.facts().sha256 != sha256 {
        return not_found();
    }
    let mut base = HeaderMap::new();
    set(&mut base, "etag", &format!("\"{sha256}\""));
    set(
        &mut base,
        "cache-control",
        "public, max-age=604800, immutable, s-maxage=604800",
    );
    set(&mut base, "last-modified", "Sun, 01 Jun 2025 12:00:00 GMT");
    file_headers(&mut base, &file.path);
    let corrupt = method == Method::GET && state.faults.take_corruption(path, sha256);
    serve_file(
        commit,
        index,
        &method,
        &headers,
        base,
        corrupt,
        state.pace(),
    )
}
