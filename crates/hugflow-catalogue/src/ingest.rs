//! Writing Hub listing entries into the catalogue, a page per transaction.

use hugflow_hub::{DatasetInfo, Gated};
use rusqlite::{OptionalExtension, params};

use crate::{Catalogue, CatalogueError};

/// What an ingest of one page found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct IngestCount {
    pub inserted: usize,
    pub updated: usize,
    /// Already present with the same `lastModified`.
    pub unchanged: usize,
}

fn gated_name(gated: Gated) -> &'static str {
    match gated {
        Gated::No => "no",
        Gated::Auto => "auto",
        Gated::Manual => "manual",
    }
}

/// A one-line description: the card's, else the listing's, without Markdown noise.
fn summary(info: &DatasetInfo) -> String {
    let text = info
        .card_data
        .as_ref()
        .and_then(|c| c.get("description"))
        .and_then(|d| d.as_str())
        .or(info.description.as_deref())
        .unwrap_or_default();
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(600)
        .collect()
}

impl Catalogue {
    /// Upserts `items`, tagging them with crawl generation `crawl`.
    pub(crate) fn ingest(
        &self,
        items: &[DatasetInfo],
        crawl: i64,
    ) -> Result<IngestCount, CatalogueError> {
        Ok(self.db.with(|conn| {
            let tx = conn.unchecked_transaction()?;
            let mut count = IngestCount::default();
            {
                let mut known = tx.prepare_cached("SELECT rowid, last_modified FROM datasets WHERE id = ?1")?;
                let mut touch = tx.prepare_cached("UPDATE datasets SET crawl = ?2 WHERE rowid = ?1")?;
                let mut upsert = tx.prepare_cached(
                    "INSERT INTO datasets (id, author, title, description, sha, last_modified, created_at,
                        downloads, likes, private, gated, disabled, tags, card_data, crawl)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                     ON CONFLICT(id) DO UPDATE SET author = excluded.author, title = excluded.title,
                        description = excluded.description, sha = excluded.sha,
                        last_modified = excluded.last_modified, created_at = excluded.created_at,
                        downloads = excluded.downloads, likes = excluded.likes, private = excluded.private,
                        gated = excluded.gated, disabled = excluded.disabled, tags = excluded.tags,
                        card_data = excluded.card_data, crawl = excluded.crawl
                     RETURNING rowid",
                )?;
                let mut clear_tags = tx.prepare_cached("DELETE FROM dataset_tags WHERE dataset_rowid = ?1")?;
                let mut add_tag = tx.prepare_cached("INSERT OR IGNORE INTO dataset_tags (tag, dataset_rowid) VALUES (?1, ?2)")?;
                for info in items {
                    let modified = info.last_modified.clone().unwrap_or_default();
                    let existing: Option<(i64, String)> =
                        known.query_row([&info.id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
                    if let Some((rowid, last)) = &existing
                        && *last == modified
                    {
                        touch.execute(params![rowid, crawl])?;
                        count.unchanged += 1;
                        continue;
                    }
                    let card = info.card_data.as_ref().map(|c| serde_json::to_string(c).unwrap_or_default());
                    let rowid: i64 = upsert.query_row(
                        params![
                            info.id,
                            info.author.clone().unwrap_or_default(),
                            info.pretty_name().unwrap_or_default(),
                            summary(info),
                            info.sha,
                            modified,
                            info.created_at,
                            info.downloads as i64,
                            info.likes as i64,
                            info.private,
                            gated_name(info.gated),
                            info.disabled,
                            info.tags.join(" "),
                            card,
                            crawl,
                        ],
                        |r| r.get(0),
                    )?;
                    clear_tags.execute([rowid])?;
                    for tag in &info.tags {
                        add_tag.execute(params![tag, rowid])?;
                    }
                    if existing.is_some() {
                        count.updated += 1;
                    } else {
                        count.inserted += 1;
                    }
                }
            }
            tx.commit()?;
            Ok(count)
        })?)
    }

    /// Drops datasets a complete crawl did not see again (deleted or made private on the Hub).
    pub(crate) fn prune_before(&self, crawl: i64) -> Result<usize, CatalogueError> {
        Ok(self
            .db
            .with(|c| Ok(c.execute("DELETE FROM datasets WHERE crawl < ?1", [crawl])?))?)
    }
}
