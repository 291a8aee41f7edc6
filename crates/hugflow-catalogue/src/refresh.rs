//! Bringing the catalogue up to date from the Hub.
//!
//! [`refresh`] reads the listing newest-change first and stops at the first page holding a
//! dataset it already has unchanged: everything older is known. An empty catalogue gets a
//! [`full_crawl`], which reads every page, reports progress, can be cancelled between pages,
//! and, when it reaches the end, drops datasets the Hub no longer lists.

use hugflow_core::progress::{Cancel, Progress, ProgressSink, ProgressUnit};
use hugflow_hub::{HubClient, ListQuery, Page};

use crate::ingest::IngestCount;
use crate::{Catalogue, CatalogueError, ListedDataset};

/// Datasets per listing page (the Hub's maximum).
pub const PAGE_SIZE: u32 = 1000;

/// Datasets a crawl writes per transaction: fewer, larger transactions rewrite the indexes'
/// hot pages less often.
const CRAWL_BATCH: usize = 5_000;

/// A write of listing entries running on the blocking pool.
type Writing = tokio::task::JoinHandle<Result<IngestCount, CatalogueError>>;

const CRAWL_KEY: &str = "crawl_generation";
const REFRESHED_KEY: &str = "refreshed_at";

#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RefreshReport {
    pub pages: u32,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Datasets dropped because a complete crawl no longer saw them.
    pub pruned: usize,
    pub full_crawl: bool,
    pub cancelled: bool,
}

/// Incremental refresh, or a full crawl when the catalogue is empty.
pub async fn refresh(
    catalogue: &Catalogue,
    hub: &HubClient,
    page_size: u32,
    sink: &dyn ProgressSink,
    cancel: &Cancel,
) -> Result<RefreshReport, CatalogueError> {
    if catalogue.is_empty()? {
        return full_crawl(catalogue, hub, page_size, sink, cancel).await;
    }
    let walk = Walk {
        catalogue,
        hub,
        page_size,
        sink,
        cancel,
        mostly_new: false,
    };
    let report = walk.run(generation(catalogue)?, false).await?;
    catalogue.set_state(REFRESHED_KEY, &now())?;
    Ok(report)
}

/// Reads every page of the listing.
pub async fn full_crawl(
    catalogue: &Catalogue,
    hub: &HubClient,
    page_size: u32,
    sink: &dyn ProgressSink,
    cancel: &Cancel,
) -> Result<RefreshReport, CatalogueError> {
    let generation = generation(catalogue)? + 1;
    let walk = Walk {
        catalogue,
        hub,
        page_size,
        sink,
        cancel,
        mostly_new: catalogue.is_empty()?,
    };
    on_blocking_pool(catalogue, Catalogue::begin_bulk_load).await?;
    let walked = walk.run(generation, true).await;
    // Cancelled or failed too: the indexes come back before anyone searches.
    on_blocking_pool(catalogue, Catalogue::end_bulk_load).await?;
    let mut report = walked?;
    if !report.cancelled {
        report.pruned = catalogue.prune_before(generation)?;
        // The crawl wrote the index in a segment per batch and merged none (`bulk`): one
        // merge makes searches read one segment instead of a hundred.
        on_blocking_pool(catalogue, Catalogue::optimize_search).await?;
        catalogue.set_state(CRAWL_KEY, &generation.to_string())?;
        catalogue.set_state(REFRESHED_KEY, &now())?;
    }
    Ok(report)
}

/// Runs a long write on the blocking pool, so the runtime goes on meanwhile; a panic in it
/// is raised again here.
async fn on_blocking_pool(
    catalogue: &Catalogue,
    work: fn(&Catalogue) -> Result<(), CatalogueError>,
) -> Result<(), CatalogueError> {
    let catalogue = catalogue.clone();
    tokio::task::spawn_blocking(move || work(&catalogue))
        .await
        .unwrap_or_else(|failed| std::panic::resume_unwind(failed.into_panic()))
}

/// When the catalogue last finished a refresh (RFC 3339), if ever.
pub fn refreshed_at(catalogue: &Catalogue) -> Result<Option<String>, CatalogueError> {
    catalogue.state(REFRESHED_KEY)
}

pub(crate) fn generation(catalogue: &Catalogue) -> Result<i64, CatalogueError> {
    Ok(catalogue
        .state(CRAWL_KEY)?
        .and_then(|g| g.parse().ok())
        .unwrap_or(0))
}

fn now() -> String {
    hugflow_core::timestamp::NaiveTimestamp::now().to_string()
}

/// One pass over the Hub's listing, newest change first, into the catalogue.
struct Walk<'a> {
    catalogue: &'a Catalogue,
    hub: &'a HubClient,
    page_size: u32,
    sink: &'a dyn ProgressSink,
    cancel: &'a Cancel,
    /// The catalogue was empty when the walk began: rows are inserted without a lookup first.
    mostly_new: bool,
}

impl Walk<'_> {
    /// Starts writing `items` on the blocking pool, so the runtime keeps fetching meanwhile.
    fn write(&self, items: Vec<ListedDataset>, generation: i64) -> Writing {
        let catalogue = self.catalogue.clone();
        let mostly_new = self.mostly_new;
        tokio::task::spawn_blocking(move || catalogue.ingest_with(&items, generation, mostly_new))
    }

    /// Waits for a write and adds what it did to `report`.
    async fn finish(
        writing: Writing,
        report: &mut RefreshReport,
    ) -> Result<IngestCount, CatalogueError> {
        let count = match writing.await {
            Ok(count) => count?,
            Err(failed) => std::panic::resume_unwind(failed.into_panic()),
        };
        report.inserted += count.inserted;
        report.updated += count.updated;
        report.unchanged += count.unchanged;
        Ok(count)
    }

    /// Reads pages, tagging rows with `generation`; an incremental walk (`full` false) stops
    /// after the first page that holds a dataset it already had unchanged.
    async fn run(&self, generation: i64, full: bool) -> Result<RefreshReport, CatalogueError> {
        let mut report = RefreshReport {
            full_crawl: full,
            ..Default::default()
        };
        let query = ListQuery {
            sort: Some("lastModified".into()),
            limit: Some(self.page_size.clamp(1, PAGE_SIZE)),
            expand: crate::LISTED_FIELDS.map(String::from).to_vec(),
            ..Default::default()
        };
        // A crawl writes several pages per transaction while the next pages download; an
        // incremental walk writes each page before deciding whether to read the next.
        let batch_size = if full { CRAWL_BATCH } else { 1 };
        let task = if full {
            "Crawling the Hub's datasets"
        } else {
            "Refreshing the catalogue"
        };
        let mut page: Page<ListedDataset> = self.hub.list_datasets_as(&query).await?;
        let (mut batch, mut read) = (Vec::new(), 0);
        let mut writing: Option<Writing> = None;
        loop {
            report.pages += 1;
            read += page.items.len();
            self.sink.report(&Progress {
                task: task.into(),
                done: read as u64,
                total: None,
                unit: ProgressUnit::Items,
                message: page.items.last().map(|d| d.id.clone()),
                files: None,
                rate: None,
                eta_seconds: None,
                connections: None,
            });
            batch.append(&mut page.items);
            let next = page.next.take();
            let cancelled = self.cancel.is_cancelled();
            if batch.len() >= batch_size || next.is_none() || cancelled {
                if let Some(previous) = writing.take() {
                    Self::finish(previous, &mut report).await?;
                }
                let started = self.write(std::mem::take(&mut batch), generation);
                if cancelled {
                    // What was read is kept.
                    Self::finish(started, &mut report).await?;
                    report.cancelled = true;
                    return Ok(report);
                }
                if full {
                    writing = Some(started);
                } else if Self::finish(started, &mut report).await?.unchanged > 0 {
                    return Ok(report);
                }
            }
            match next {
                Some(next) => page = self.hub.next_page(&next).await?,
                None => break,
            }
        }
        if let Some(previous) = writing.take() {
            Self::finish(previous, &mut report).await?;
        }
        Ok(report)
    }
}
