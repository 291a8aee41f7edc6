//! The Hub's file URL, `{endpoint}/{repo}/resolve/{revision}/{path}`, built as
//! `huggingface_hub`'s `hf_hub_url` builds it (and read back), with the one percent-encoder
//! every Hub URL path uses.
//!
//! `hf_hub_url` quotes the revision with `quote(revision, safe="")`, so the `/` of
//! `refs/convert/parquet` becomes `%2F`, and the path with `quote(filename)`, which keeps `/`.
//! Python's `quote` leaves only RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) as
//! they are and escapes every other byte of the UTF-8 text; so do [`encode_segment`] and
//! [`encode_path`].

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use url::Url;

/// What Python's `quote` escapes: all but the unreserved characters.
const QUOTED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One path segment, `/` included in what is escaped (`quote(s, safe="")`): revisions such
/// as `refs/convert/parquet` are one segment.
pub fn encode_segment(segment: &str) -> String {
    utf8_percent_encode(segment, QUOTED).to_string()
}

/// A path inside a repository, its `/` kept as separators (`quote(path)`).
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// `{endpoint}/{repo}/resolve/{revision}/{path}`. `repo` is the repository as the Hub's URLs
/// name it: `datasets/{id}`, `spaces/{id}`, or `{id}` for a model. The endpoint may carry a
/// path of its own (a mirror under `/hub`), with or without a trailing `/`; its query and
/// fragment are dropped. Every part is encoded, so no value can add a query or a fragment.
pub fn resolve_url(endpoint: &Url, repo: &str, revision: &str, path: &str) -> Url {
    let mut url = endpoint.clone();
    let base = endpoint.path().trim_end_matches('/');
    url.set_path(&format!(
        "{base}/{}/resolve/{}/{}",
        encode_path(repo),
        encode_segment(revision),
        encode_path(path)
    ));
    url.set_query(None);
    url.set_fragment(None);
    url
}

/// What a dataset's `…/datasets/{owner}/{name}/resolve/{revision}/{path}` URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetFile {
    /// `owner/name`.
    pub id: String,
    pub revision: String,
    pub path: String,
}

/// The dataset, revision and path a `/resolve/` URL names (decoded), wherever the endpoint
/// puts it (the first `datasets` segment starts it); `None` for any other URL.
pub fn parse_dataset_file_url(url: &Url) -> Option<DatasetFile> {
    let segments: Vec<String> = url
        .path_segments()?
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    let at = segments.iter().position(|s| s == "datasets")?;
    match &segments[at + 1..] {
        [owner, name, resolve, revision, path @ ..] if resolve == "resolve" && !path.is_empty() => {
            Some(DatasetFile {
                id: format!("{owner}/{name}"),
                revision: revision.clone(),
                path: path.join("/"),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hub() -> Url {
        Url::parse("https://huggingface.co").unwrap()
    }

    #[test]
    fn encodes_as_hf_hub_url() {
        // The expected URLs are Python's: `quote(revision, safe="")` and `quote(path)`, as
        // hf_hub_url("acme/speech", "a b/c#d?e%f.txt", repo_type="dataset", revision="refs/pr/1").
        assert_eq!(
            resolve_url(
                &hub(),
                "datasets/acme/speech",
                "refs/pr/1",
                "a b/c#d?e%f.txt"
            )
            .as_str(),
            "https://huggingface.co/datasets/acme/speech/resolve/refs%2Fpr%2F1/a%20b/c%23d%3Fe%25f.txt"
        );
        // Unreserved characters stay; UTF-8 is escaped byte by byte; `+`, `:`, `@`, `&`,
        // `=`, `;` and `'` are escaped as quote() escapes them.
        assert_eq!(
            resolve_url(
                &hub(),
                "datasets/a-b/c_d.e~f",
                "v1.0",
                "données/x+y:z@w&q=1;'.csv"
            )
            .as_str(),
            "https://huggingface.co/datasets/a-b/c_d.e~f/resolve/v1.0/donn%C3%A9es/x%2By%3Az%40w%26q%3D1%3B%27.csv"
        );
        assert_eq!(
            resolve_url(&hub(), "datasets/a/b", "main", "日本.txt").as_str(),
            "https://huggingface.co/datasets/a/b/resolve/main/%E6%97%A5%E6%9C%AC.txt"
        );
    }

    #[test]
    fn keeps_the_endpoints_path_and_drops_its_query() {
        for endpoint in ["http://127.0.0.1:9/hub", "http://127.0.0.1:9/hub/?x=1#y"] {
            let endpoint = Url::parse(endpoint).unwrap();
            assert_eq!(
                resolve_url(&endpoint, "datasets/a/b", "main", "x.parquet").as_str(),
                "http://127.0.0.1:9/hub/datasets/a/b/resolve/main/x.parquet"
            );
        }
    }

    #[test]
    fn no_value_escapes_its_segment() {
        let url = resolve_url(&hub(), "datasets/a/b", "../../x?y#z", "?q=1#f");
        assert_eq!(url.query(), None);
        assert_eq!(url.fragment(), None);
        assert_eq!(url.host_str(), Some("huggingface.co"));
        assert!(
            url.path()
                .starts_with("/datasets/a/b/resolve/..%2F..%2Fx%3Fy%23z/")
        );
    }

    #[test]
    fn reads_back_what_it_builds() {
        let revisions = ["main", "refs/convert/parquet", "v 1#2?%", "é/ü"];
        let paths = ["README.md", "a b/c#d.txt", "dir/sub/ä?%.json"];
        for endpoint in ["https://huggingface.co", "http://127.0.0.1:9/hub/"] {
            for revision in revisions {
                for path in paths {
                    let url = resolve_url(
                        &Url::parse(endpoint).unwrap(),
                        "datasets/acme/speech",
                        revision,
                        path,
                    );
                    assert_eq!(
                        parse_dataset_file_url(&url),
                        Some(DatasetFile {
                            id: "acme/speech".into(),
                            revision: revision.into(),
                            path: path.into(),
                        }),
                        "{url}"
                    );
                }
            }
        }
    }

    #[test]
    fn reads_only_dataset_file_urls() {
        for url in [
            "https://example.com/metadata.json",
            "https://huggingface.co/datasets/a/b",
            "https://huggingface.co/datasets/a/b/resolve/main",
            "https://huggingface.co/datasets/a/b/blob/main/x.json",
        ] {
            assert_eq!(
                parse_dataset_file_url(&Url::parse(url).unwrap()),
                None,
                "{url}"
            );
        }
    }
}
