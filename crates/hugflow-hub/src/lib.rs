//! A client for the Hugging Face Hub's dataset API and the dataset viewer.
//!
//! Every call retries what is worth retrying (timeouts, 408, 429, 5xx), honouring the Hub's
//! `RateLimit` and `Retry-After` headers, and turns the rest into a [`HubError`] that says what
//! a user can do about it (not found, gated with the link to ask for access, rate limited until
//! when, offline). The endpoint comes from `HF_ENDPOINT` (or the app's setting) so tests and
//! mirrors work the same way as huggingface.co.

mod card;
mod connection;
mod error;
mod http;
pub mod models;
mod spaces;
mod viewer;

use std::time::Duration;

use hugflow_core::config::Secret;
use hugflow_core::selection::Sha256Hex;
use url::Url;

pub use card::strip_front_matter;
pub use connection::{Whoami, check_endpoint};
pub use error::{HubError, NotFoundKind, ViewerRefusal};
use hugflow_core::units::human_count;
pub use hugflow_http::RetryPolicy;
use hugflow_http::{Bucket, Budget, Pacer, encode_path, encode_segment};
use models::RawTreeEntry;
pub use models::*;
pub use spaces::{Commit, SpaceRuntime};
pub use viewer::{Asked, viewer_refusal};

/// A tree listing waits at most this long for the `api` window to reset (the Hub's is 5 min);
/// a reset announced further away is not believed, and 429 handling takes over.
const TREE_PATIENCE: Duration = Duration::from_secs(600);

/// The Hub's public endpoint.
pub const DEFAULT_ENDPOINT: &str = hugflow_core::config::DEFAULT_HF_ENDPOINT;
/// The dataset viewer's public endpoint.
pub const DEFAULT_VIEWER_ENDPOINT: &str = hugflow_core::config::DEFAULT_VIEWER_ENDPOINT;

/// Where and how to reach the Hub: its origin and its dataset viewer's, the two origins the
/// token goes to.
#[derive(Debug, Clone)]
pub struct HubConfig {
    pub endpoint: String,
    /// The dataset viewer; `None`: [`hugflow_core::config::default_viewer_endpoint`] of
    /// `endpoint` (datasets-server.huggingface.co for huggingface.co, else `endpoint`).
    pub viewer_endpoint: Option<String>,
    /// Sent to the Hub's origin only.
    pub token: Option<Secret>,
    /// Sent to the viewer's origin only. [`HubConfig::with_token`] sets both; a token bound
    /// to other origins (the keyring's) is set with [`HubConfig::with_viewer_token`] after.
    pub viewer_token: Option<Secret>,
    pub retry: RetryPolicy,
    pub timeout: Duration,
}

impl HubConfig {
    pub fn new(endpoint: impl Into<String>) -> Self {
        Self {
            endpoint: endpoint.into(),
            viewer_endpoint: None,
            token: None,
            viewer_token: None,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(30),
        }
    }

    /// The token for the Hub and its viewer (an environment token: the user's own choice).
    pub fn with_token(mut self, token: Option<Secret>) -> Self {
        self.viewer_token = token.clone();
        self.token = token;
        self
    }

    /// The token for the viewer alone (a keyring token saved for another viewer: `None`).
    pub fn with_viewer_token(mut self, token: Option<Secret>) -> Self {
        self.viewer_token = token;
        self
    }

    /// The viewer's endpoint; `None` or blank: the Hub's default viewer.
    pub fn with_viewer_endpoint(mut self, endpoint: Option<String>) -> Self {
        self.viewer_endpoint = endpoint.filter(|e| !e.trim().is_empty());
        self
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }
}

/// The client. Cheap to clone; clones share one connection pool.
#[derive(Debug, Clone)]
pub struct HubClient {
    http: http::Http,
    endpoint: Url,
    viewer: viewer::ViewerHttp,
}

/// Filters and order for [`HubClient::list_datasets`], named as the Hub names them.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub search: Option<String>,
    pub author: Option<String>,
    /// Tags such as `task_categories:automatic-speech-recognition`, all required.
    pub filter: Vec<String>,
    /// `downloads`, `likes`, `lastModified` or `createdAt`; descending.
    pub sort: Option<String>,
    /// Page size (the Hub caps it at 1000).
    pub limit: Option<u32>,
    /// Include `cardData` and `siblings`.
    pub full: bool,
    /// Only these fields (besides `id`), e.g. `cardData` without `siblings`; the Hub refuses
    /// `expand` together with `full`.
    pub expand: Vec<String>,
}

/// One page of a paginated listing and the URL of the next, if any.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Url>,
}

impl HubClient {
    pub fn new(config: HubConfig) -> Result<Self, HubError> {
        let endpoint = parse_endpoint(&config.endpoint)?;
        let viewer = match &config.viewer_endpoint {
            Some(viewer) => parse_endpoint(viewer)?,
            None => parse_endpoint(&hugflow_core::config::default_viewer_endpoint(
                &config.endpoint,
            ))?,
        };
        Ok(Self {
            http: http::Http::new(&config, &endpoint)?,
            viewer: viewer::ViewerHttp::new(&config, viewer, endpoint.clone())?,
            endpoint,
        })
    }

    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    /// The dataset's page on the Hub, for links in the UI and in errors.
    pub fn dataset_url(&self, id: &str) -> String {
        format!("{}datasets/{id}", self.endpoint)
    }

    fn api(&self, path: &str) -> Url {
        self.endpoint
            .join(path)
            .expect("API paths are valid relative URLs")
    }

    /// `{endpoint}/datasets/{id}/resolve/{revision}/{path}`, as `huggingface_hub` builds it.
    fn resolve(&self, id: &str, revision: &str, path: &str) -> Result<Url, HubError> {
        let repo = format!("datasets/{}", repo_path(id)?);
        Ok(hugflow_http::resolve_url(
            &self.endpoint,
            &repo,
            revision,
            path,
        ))
    }

    /// The first page of datasets matching `query`.
    pub async fn list_datasets(&self, query: &ListQuery) -> Result<Page<DatasetSummary>, HubError> {
        self.list_datasets_as(query).await
    }

    /// [`list_datasets`](Self::list_datasets) into the caller's own shape of an entry (a crawl
    /// that keeps a few fields need not build the rest).
    pub async fn list_datasets_as<T: serde::de::DeserializeOwned>(
        &self,
        query: &ListQuery,
    ) -> Result<Page<T>, HubError> {
        let mut url = self.api("api/datasets");
        {
            let mut pairs = url.query_pairs_mut();
            if let Some(search) = &query.search {
                pairs.append_pair("search", search);
            }
            if let Some(author) = &query.author {
                pairs.append_pair("author", author);
            }
            for tag in &query.filter {
                pairs.append_pair("filter", tag);
            }
            if let Some(sort) = &query.sort {
                pairs.append_pair("sort", sort);
                pairs.append_pair("direction", "-1");
            }
            if let Some(limit) = query.limit {
                pairs.append_pair("limit", &limit.to_string());
            }
            if query.full {
                pairs.append_pair("full", "true");
            }
            for field in &query.expand {
                pairs.append_pair("expand", field);
            }
        }
        self.page(url).await
    }

    /// Follows a `next` URL from a previous page. Only URLs on the Hub's own host are followed,
    /// so a tampered header cannot send the token elsewhere.
    pub async fn next_page<T: serde::de::DeserializeOwned>(
        &self,
        next: &Url,
    ) -> Result<Page<T>, HubError> {
        self.check_next(next)?;
        self.page(next.clone()).await
    }

    fn check_next(&self, next: &Url) -> Result<(), HubError> {
        if next.origin() != self.endpoint.origin() {
            return Err(HubError::Malformed {
                endpoint: next.to_string(),
                message: format!("the next page is on another host than {}", self.endpoint),
            });
        }
        Ok(())
    }

    async fn page<T: serde::de::DeserializeOwned>(&self, url: Url) -> Result<Page<T>, HubError> {
        Ok(self.page_budget(url).await?.0)
    }

    /// [`next_page`](Self::next_page) and the rate-limit budget its answer announced.
    async fn next_page_budget<T: serde::de::DeserializeOwned>(
        &self,
        next: &Url,
    ) -> Result<(Page<T>, Option<Budget>), HubError> {
        self.check_next(next)?;
        self.page_budget(next.clone()).await
    }

    async fn page_budget<T: serde::de::DeserializeOwned>(
        &self,
        url: Url,
    ) -> Result<(Page<T>, Option<Budget>), HubError> {
        let response = self.http.get(url.clone(), None).await?;
        let budget = hugflow_http::rate_limit_budget(response.headers());
        let next = hugflow_http::next_url(response.headers(), &url);
        let items = http::json(response, &url).await?;
        Ok((Page { items, next }, budget))
    }

    /// Up to `max` datasets, following pages.
    pub async fn list_all(
        &self,
        query: &ListQuery,
        max: usize,
    ) -> Result<Vec<DatasetSummary>, HubError> {
        let mut page = self.list_datasets(query).await?;
        let mut all = std::mem::take(&mut page.items);
        while all.len() < max {
            let Some(next) = page.next.take() else { break };
            page = self.next_page(&next).await?;
            all.append(&mut page.items);
        }
        all.truncate(max);
        Ok(all)
    }

    /// A dataset's info, at `revision` (a branch, tag, ref or commit sha) or the default branch.
    pub async fn dataset_info(
        &self,
        id: &str,
        revision: Option<&str>,
    ) -> Result<DatasetInfo, HubError> {
        let path = match revision {
            Some(revision) => format!(
                "api/datasets/{}/revision/{}",
                repo_path(id)?,
                encode_segment(revision)
            ),
            None => format!("api/datasets/{}", repo_path(id)?),
        };
        let url = self.api(&path);
        let response = self.http.get(url.clone(), Some(id)).await?;
        http::json(response, &url).await
    }

    /// Branches, tags and conversion refs (`refs/convert/parquet`).
    pub async fn refs(&self, id: &str) -> Result<Refs, HubError> {
        let url = self.api(&format!("api/datasets/{}/refs", repo_path(id)?));
        let response = self.http.get(url.clone(), Some(id)).await?;
        http::json(response, &url).await
    }

    /// Bytes and file count of the whole repository at `revision`.
    pub async fn totals(&self, id: &str, revision: &str) -> Result<(u64, u64), HubError> {
        let entries = self.tree(id, revision, "").await?;
        Ok(TreeEntry::totals(&entries))
    }

    /// Every entry below `path` at `revision`, recursively, following pages.
    pub async fn tree(
        &self,
        id: &str,
        revision: &str,
        path: &str,
    ) -> Result<Vec<TreeEntry>, HubError> {
        self.tree_noting(id, revision, path, None, &|note| tracing::info!("{note}"))
            .await
    }

    /// [`tree`](Self::tree), its pages paced inside the Hub's `api` budget (each page is one
    /// `/api/` call, `RateLimit: "api";r=489;t=189` on its answer): when `files` (the count
    /// the dataset's info lists, for the estimate) needs more pages than the window has left,
    /// the pages are spread over it and `notes` hears how long the listing takes ("listing
    /// 300,000 files: 300 pages at 1,000 per 5 min: about …"); without a count, a page waits
    /// only when the window has nothing left. Either way a page waits rather than draws a 429.
    pub async fn tree_noting(
        &self,
        id: &str,
        revision: &str,
        path: &str,
        files: Option<u64>,
        notes: &(dyn Fn(&str) + Sync),
    ) -> Result<Vec<TreeEntry>, HubError> {
        let mut url = self.api(&format!(
            "api/datasets/{}/tree/{}/{}",
            repo_path(id)?,
            encode_segment(revision),
            encode_path(path)
        ));
        url.query_pairs_mut()
            .append_pair("recursive", "true")
            .append_pair("expand", "false");
        let pacer = Pacer::new(Bucket::Api, 1, 1, TREE_PATIENCE);
        let pacer = std::sync::Mutex::new(match files {
            Some(files) => pacer.with_subject(format!("listing {} files", human_count(files))),
            None => pacer.without_estimate(),
        });
        let mut raw: Vec<RawTreeEntry> = Vec::new();
        let mut page_size = None;
        let mut next = Some(url.clone());
        while let Some(page) = next.take() {
            hugflow_http::wait_turn(&pacer, || None).await;
            let (items, following, budget): (Vec<RawTreeEntry>, _, _) = if page_size.is_none() {
                let response = self.http.get(url.clone(), Some(id)).await?;
                let budget = hugflow_http::rate_limit_budget(response.headers());
                let following = hugflow_http::next_url(response.headers(), &url);
                (http::json(response, &url).await?, following, budget)
            } else {
                let (page, budget) = self.next_page_budget(&page).await?;
                (page.items, page.next, budget)
            };
            let size = *page_size.get_or_insert(items.len().max(1) as u64);
            raw.extend(items);
            next = following;
            // Pages still to fetch: what the file count leaves at this page size (entries
            // include folders, so at least one while a next page is linked), or just the next.
            let left = match (files, &next) {
                (_, None) => 0,
                (Some(files), Some(_)) => (files.saturating_sub(raw.len() as u64))
                    .div_ceil(size)
                    .max(1),
                (None, Some(_)) => 1,
            };
            let mut pacer = pacer.lock().unwrap_or_else(|e| e.into_inner());
            pacer.set_calls_left(left);
            if let Some(budget) = budget {
                pacer.observe(&budget, std::time::Instant::now());
            }
            pacer.take_notes().iter().for_each(|note| notes(note));
        }
        // Every entry is checked here, before any caller can join a path or name a part file.
        raw.into_iter()
            .map(|raw| {
                let entry = raw.path.clone();
                TreeEntry::try_from(raw).map_err(|problem| {
                    error::unsafe_entry(id, http::endpoint_name(&url), &entry, &problem)
                })
            })
            .collect()
    }
}

/// What the Hub says about one file before downloading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMetadata {
    /// The commit the revision resolved to (`X-Repo-Commit`).
    pub commit: String,
    /// The content's id: the LFS sha256, or the git blob id for small files (quotes removed).
    pub etag: String,
    pub size: u64,
    /// Where the bytes are served from when that is not the `/resolve/` URL itself: the Hub's
    /// resolve cache for small files (same origin), the CDN or the Xet bridge for LFS files.
    pub location: Option<Url>,
    /// `X-Xet-Hash`, for files stored with Xet (checked: 64 lowercase hex digits).
    pub xet_hash: Option<Sha256Hex>,
}

impl HubClient {
    /// `HEAD /datasets/{id}/resolve/{revision}/{path}`: size, content id and commit of a file.
    ///
    /// Redirects on the Hub's own origin are followed (with the token), as `huggingface_hub`
    /// does: huggingface.co answers a small file with a relative `307` to
    /// `/api/resolve-cache/…` that carries no size, and the metadata is the answer it leads
    /// to. A redirect to another origin (the CDN, the Xet bridge) is not followed: it carries
    /// the metadata itself (`X-Linked-Size`, `X-Linked-Etag`), and the token stays home.
    pub async fn file_metadata(
        &self,
        id: &str,
        revision: &str,
        path: &str,
    ) -> Result<FileMetadata, HubError> {
        let requested = self.resolve(id, revision, path)?;
        let mut url = requested.clone();
        let mut followed = 0;
        let (response, location) = loop {
            let response = self.http.head(url.clone(), Some(id)).await?;
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|l| url.join(l).ok());
            if !response.status().is_redirection() {
                break (response, None);
            }
            let Some(to) = location else {
                return Err(HubError::Malformed {
                    endpoint: http::endpoint_name(&url),
                    message: format!(
                        "HTTP {} for {path} without a usable Location",
                        response.status()
                    ),
                });
            };
            // A caller may fetch from it: only a location a download would follow is handed on.
            hugflow_http::check_redirect(&url, &to, followed)
                .map_err(|reason| error::redirect_refused(http::endpoint_name(&url), &reason))?;
            if to.origin() != self.endpoint.origin() {
                break (response, Some(to));
            }
            url = to;
            followed += 1;
        };
        let endpoint = http::endpoint_name(&url);
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim_matches('"').to_string())
        };
        let malformed = |what: &str| HubError::Malformed {
            endpoint: endpoint.clone(),
            message: format!("no {what} header; is HF_ENDPOINT a Hugging Face Hub?"),
        };
        let commit = header("x-repo-commit").ok_or_else(|| malformed("X-Repo-Commit"))?;
        let etag = header("x-linked-etag")
            .or_else(|| header("etag"))
            .ok_or_else(|| malformed("ETag"))?;
        // A redirect's own length is that of its body ("Found. Redirecting to …"), never the
        // file's: only `X-Linked-Size` says that.
        let length = location
            .is_none()
            .then(|| header("content-length"))
            .flatten();
        let size = header("x-linked-size")
            .or(length)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| malformed("X-Linked-Size (or Content-Length)"))?;
        let xet_hash = header("x-xet-hash")
            .map(|hash| Sha256Hex::parse_named(&hash, "X-Xet-Hash"))
            .transpose()
            .map_err(|problem| HubError::Untrusted {
                endpoint: endpoint.clone(),
                message: format!(
                    "its answer for {path} has an unsafe {problem}; check HF_ENDPOINT"
                ),
            })?;
        Ok(FileMetadata {
            commit,
            etag,
            size,
            location: location.or((url != requested).then_some(url)),
            xet_hash,
        })
    }
}

fn parse_endpoint(text: &str) -> Result<Url, HubError> {
    let mut url = Url::parse(text.trim()).map_err(|error| HubError::Config {
        message: format!("the Hub endpoint `{text}` is not a URL ({error}); set HF_ENDPOINT to e.g. https://huggingface.co"),
    })?;
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// `namespace/name` as a URL path, refusing ids that could change the path's meaning.
fn repo_path(id: &str) -> Result<String, HubError> {
    hugflow_core::hf_id::validate_hf_id(id).map_err(|message| HubError::Config {
        message: format!("the dataset id {message}"),
    })?;
    Ok(id.to_string())
}

#[cfg(test)]
mod resolve_tests;

#[cfg(test)]
mod tree_pacing {
    use std::sync::Mutex;

    use hugflow_testkit::hub::{Corpus, FakeDataset, FakeHub, HubOptions, RateBucket};

    use super::*;

    const ID: &str = "acme/many-entries";
    /// 3,000 files in 30 folders, listed 100 entries a page: 31 pages.
    const FILES: usize = 3_000;
    const PAGE: usize = 100;
    /// The `api` budget: 10 pages per 2 s, so the listing spans at least three windows.
    const QUOTA: u64 = 10;
    const WINDOW: Duration = Duration::from_secs(2);

    fn hub() -> FakeHub {
        let mut builder = FakeDataset::builder(ID);
        for i in 0..FILES {
            builder = builder.file(&format!("shard-{:02}/{i:05}.txt", i % 30), i.to_string());
        }
        let mut corpus = Corpus::new();
        corpus.insert(builder.build());
        let options = HubOptions {
            tree_page_size: PAGE,
            ..HubOptions::default()
        };
        let hub = FakeHub::start_with(corpus, options);
        hub.faults().budget(RateBucket::Api, QUOTA, WINDOW);
        hub
    }

    /// Lists the tree with `files` as the count for the estimate; the entries and the notes.
    fn list(hub: &FakeHub, files: Option<u64>) -> (Vec<TreeEntry>, Vec<String>) {
        let client = HubClient::new(HubConfig::new(hub.url())).unwrap();
        let notes = Mutex::new(Vec::new());
        let entries = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(client.tree_noting(ID, "main", "", files, &|note| {
                notes.lock().unwrap().push(note.to_string())
            }))
            .unwrap();
        (entries, notes.into_inner().unwrap())
    }

    /// Checks the whole tree came, in more pages than two windows allow, with no 429 storm.
    fn check_listing(hub: &FakeHub, entries: &[TreeEntry]) {
        let files = entries.iter().filter(|e| e.kind == EntryKind::File).count();
        assert_eq!(files, FILES);
        let pages = hub
            .requests()
            .iter()
            .filter(|r| r.path.contains("/tree/") && r.status != 429)
            .count() as u64;
        assert!(
            pages > 2 * QUOTA,
            "{pages} pages: more than two windows' worth"
        );
        let refused = hub.too_many_requests();
        assert!(refused <= 2, "{refused} tree pages were refused with 429");
    }

    #[test]
    fn a_many_page_tree_is_paced_inside_the_api_budget_and_says_how_long_it_takes() {
        let hub = hub();
        let (entries, notes) = list(&hub, Some(FILES as u64));
        check_listing(&hub, &entries);
        let estimate = format!(
            "listing 3,000 files: {} pages at {QUOTA} per {} s: about",
            FILES.div_ceil(PAGE),
            WINDOW.as_secs()
        );
        let estimates = notes
            .iter()
            .filter(|n| n.starts_with(&estimate) && n.ends_with("of api budget"))
            .count();
        assert_eq!(estimates, 1, "one estimate like {estimate:?} in {notes:?}");
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("pacing: ") && n.contains(" api ")),
            "the pacing shows: {notes:?}"
        );
    }

    #[test]
    fn without_a_file_count_a_tree_waits_for_the_reset_instead_of_drawing_429s() {
        let hub = hub();
        let (entries, notes) = list(&hub, None);
        check_listing(&hub, &entries);
        assert!(
            !notes.iter().any(|n| n.starts_with("listing ")),
            "no estimate without a count: {notes:?}"
        );
    }
}
