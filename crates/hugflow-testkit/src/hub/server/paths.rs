//! Reading Hub URLs: raw path segments (so `refs%2Fconvert%2Fparquet` and `refs/convert/parquet`
//! are both understood), the dataset an id names (with or without a namespace), the commit a
//! revision names, query pairs, and the `Link: <...>; rel="next"` of paginated answers.

use std::sync::Arc;

use percent_encoding::percent_decode_str;

use super::auth::Caller;
use super::errors::HubError;
use super::state::Shared;
use crate::hub::{Commit, FakeDataset};

/// The raw (still percent-encoded) segments of `path` after `prefix`, or `None` when `path`
/// does not start with `prefix`.
pub fn segments<'a>(path: &'a str, prefix: &str) -> Option<Vec<&'a str>> {
    let rest = path.strip_prefix(prefix)?;
    Some(rest.split('/').filter(|s| !s.is_empty()).collect())
}

/// One decoded segment.
pub fn decode(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

/// The dataset named by the first one or two segments, and how many segments its id used.
/// Private datasets are hidden from anonymous callers.
pub fn find_dataset(
    state: &Shared,
    caller: &Caller,
    segs: &[&str],
) -> Result<(Arc<FakeDataset>, usize), HubError> {
    let namespaced = (segs.len() >= 2)
        .then(|| format!("{}/{}", decode(segs[0]), decode(segs[1])))
        .and_then(|id| state.corpus.dataset(&id))
        .map(|dataset| (dataset, 2));
    let found = namespaced.or_else(|| {
        segs.first()
            .and_then(|s| state.corpus.dataset(&decode(s)))
            .map(|dataset| (dataset, 1))
    });
    match found {
        Some((dataset, _)) if dataset.private && !caller.is_authenticated() => {
            Err(HubError::repo_not_found(false))
        }
        Some(found) => Ok(found),
        None => Err(HubError::repo_not_found(caller.is_authenticated())),
    }
}

/// What may follow a revision in a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tail {
    /// Nothing (`/revision/{rev}`).
    Nothing,
    /// Maybe a path (`/tree/{rev}[/{path}]`).
    Optional,
    /// A path (`/resolve/{rev}/{path}`).
    Required,
}

/// The commit named by the revision starting at `segs[0]`, and how many segments it used:
/// one (encoded, like `refs%2Fconvert%2Fparquet`, or plain), or several for an unencoded
/// `refs/convert/parquet`, shortest first, leaving what `tail` needs.
///
/// A revision followed by a path (a tree or a file) of a disabled dataset is refused here, as
/// huggingface.co refuses every tree and file of one (`403`) while its info still answers.
pub fn take_revision<'d>(
    dataset: &'d FakeDataset,
    segs: &[&str],
    tail: Tail,
) -> Result<(&'d Arc<Commit>, usize), HubError> {
    if dataset.disabled && tail != Tail::Nothing {
        return Err(HubError::disabled());
    }
    let first = segs.first().map(|s| decode(s)).unwrap_or_default();
    let counts = match tail {
        Tail::Nothing => segs.len()..=segs.len(),
        Tail::Optional => 1..=segs.len(),
        Tail::Required => 1..=segs.len().saturating_sub(1),
    };
    for count in counts.filter(|&c| c > 0) {
        let revision = repo_path(&segs[..count]);
        if let Some(commit) = dataset.resolve(&revision) {
            return Ok((commit, count));
        }
    }
    Err(HubError::revision_not_found(&first))
}

/// The decoded repository path of the remaining segments.
pub fn repo_path(segs: &[&str]) -> String {
    segs.iter().map(|s| decode(s)).collect::<Vec<_>>().join("/")
}

/// Decoded query pairs, in order (a key may repeat).
pub fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The first value of `key`.
pub fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Whether `key` is `true` or `1`.
pub fn flag(pairs: &[(String, String)], key: &str) -> bool {
    param(pairs, key).is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// `<{base}{path}?{query without cursor}&cursor={cursor}>; rel="next"`.
pub fn next_link(base: &str, path: &str, pairs: &[(String, String)], cursor: usize) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs.iter().filter(|(k, _)| k != "cursor") {
        query.append_pair(key, value);
    }
    query.append_pair("cursor", &encode_cursor(cursor));
    format!("<{base}{path}?{}>; rel=\"next\"", query.finish())
}

/// An opaque-looking cursor for a position.
pub fn encode_cursor(position: usize) -> String {
    format!("c{position:x}")
}

/// The position of a cursor, or a 400 naming it.
pub fn decode_cursor(cursor: Option<&str>) -> Result<usize, HubError> {
    let Some(cursor) = cursor else { return Ok(0) };
    cursor
        .strip_prefix('c')
        .and_then(|hex| usize::from_str_radix(hex, 16).ok())
        .ok_or_else(|| HubError::bad_request(format!("Invalid cursor: {cursor}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_keeps_params_and_replaces_cursor() {
        let pairs = query_pairs(Some("search=speech&filter=a&filter=b&cursor=c1"));
        assert_eq!(
            next_link("http://h", "/api/datasets", &pairs, 255),
            "<http://h/api/datasets?search=speech&filter=a&filter=b&cursor=cff>; rel=\"next\""
        );
        assert_eq!(decode_cursor(Some("cff")).unwrap(), 255);
        assert!(decode_cursor(Some("zz")).is_err());
    }
}
