//! File downloads as the Hub serves them. `GET|HEAD /datasets/{id}/resolve/{rev}/{path}`
//! answers small (git) files itself (200, `ETag: "<git oid>"`, `X-Repo-Commit`, ranges) and
//! redirects LFS files (302) to the CDN listener with `X-Linked-Etag: "<sha256>"`,
//! `X-Linked-Size` and `X-Repo-Commit`, as huggingface.co does with its signed CDN URLs. The CDN
//! (`/cdn/<sha256>?repo=&commit=&file=`) needs no token, serves ranges, and may corrupt bytes
//! when a test asks.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::auth::Caller;
use super::body::serve_file;
use super::errors::HubError;
use super::paths::{Tail, find_dataset, param, query_pairs, repo_path, segments, take_revision};
use super::state::Shared;
use crate::hub::FakeFile;
use crate::hub::prng::hash_strs;

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
        file_headers(&mut base, &file.path);
        return Ok(serve_file(
            commit,
            index,
            &method,
            &headers,
            base,
            false,
            state.pace(),
        ));
    };
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
    set(&mut base, "location", &location);
    set(&mut base, "x-linked-etag", &format!("\"{}\"", lfs.sha256));
    set(&mut base, "x-linked-size", &lfs.size.to_string());
    set(&mut base, "content-type", "text/plain; charset=utf-8");
    let body = format!("Found. Redirecting to {location}");
    base.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    let body = if method == Method::HEAD {
        String::new()
    } else {
        body
    };
    Ok((StatusCode::FOUND, base, body).into_response())
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
