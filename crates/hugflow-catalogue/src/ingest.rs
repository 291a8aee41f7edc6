//! Writing Hub listing entries into the catalogue, a page per transaction.

use hugflow_hub::{DatasetInfo, Gated};
use rusqlite::{OptionalExtension, params};
use serde::Deserialize;

use crate::search::FACETS;
use crate::{Catalogue, CatalogueError};

/// What an ingest of one page found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct IngestCount {
    pub inserted: usize,
    pub updated: usize,
    /// Already present with the same `lastModified`.
    pub unchanged: usize,
}

/// The listing fields a crawl asks for (`expand`): everything the catalogue keeps, and not the
/// file list (`siblings`) that `full=true` would add to every entry.
pub const LISTED_FIELDS: [&str; 12] = [
    "author",
    "cardData",
    "createdAt",
    "description",
    "disabled",
    "downloads",
    "gated",
    "lastModified",
    "likes",
    "private",
    "sha",
    "tags",
];

/// A listing entry as the catalogue keeps it. The card is read for two fields only, so a
/// crawl does not build every card's JSON tree.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListedDataset {
    pub id: String,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub sha: Option<String>,
    #[serde(default)]
    pub last_modified: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub private: bool,
    #[serde(default)]
    pub gated: Gated,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub downloads: u64,
    #[serde(default)]
    pub likes: u64,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub card_data: Option<CardSummary>,
}

/// What the catalogue reads of a card. Cards are hand-written YAML: a field of another type
/// than text is ignored rather than failing the whole page.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CardSummary {
    #[serde(default, deserialize_with = "text_or_nothing")]
    pub pretty_name: Option<String>,
    #[serde(default, deserialize_with = "text_or_nothing")]
    pub description: Option<String>,
}

fn text_or_nothing<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(text) => Some(text),
        _ => None,
    })
}

impl From<&DatasetInfo> for ListedDataset {
    fn from(info: &DatasetInfo) -> Self {
        let card_text = |key: &str| {
            let value = info.card_data.as_ref()?.get(key)?;
            value.as_str().map(str::to_string)
        };
        Self {
            id: info.id.clone(),
            author: info.author.clone(),
            sha: info.sha.clone(),
            last_modified: info.last_modified.clone(),
            created_at: info.created_at.clone(),
            private: info.private,
            gated: info.gated,
            disabled: info.disabled,
            downloads: info.downloads,
            likes: info.likes,
            tags: info.tags.clone(),
            description: info.description.clone(),
            card_data: info.card_data.as_ref().map(|_| CardSummary {
                pretty_name: card_text("pretty_name"),
                description: card_text("description"),
            }),
        }
    }
}

fn gated_name(gated: Gated) -> &'static str {
    match gated {
        Gated::No => "no",
        Gated::Auto => "auto",
        Gated::Manual => "manual",
    }
}

/// A one-line description: the card's, else the listing's, without Markdown noise.
fn summary(info: &ListedDataset) -> String {
    let text = info
        .card_data
        .as_ref()
        .and_then(|c| c.description.as_deref())
        .or(info.description.as_deref())
        .unwrap_or_default();
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(600)
        .collect()
}

/// Tag prefixes whose values are words a user searches for ("automatic-speech-recognition",
/// "en", "audio"); the rest (`library:`, `region:`, `format:`, `arxiv:`) would match most rows.
const SEARCHED_TAGS: [&str; 4] = ["task_categories:", "task_ids:", "language:", "modality:"];

/// The searchable words of `tags`: values of [`SEARCHED_TAGS`] and plain tags without a prefix.
pub(crate) fn keywords<'a>(tags: impl IntoIterator<Item = &'a str>) -> String {
    tags.into_iter()
        .filter_map(|tag| match tag.split_once(':') {
            None => Some(tag),
            Some(_) => SEARCHED_TAGS
                .iter()
                .find_map(|prefix| tag.strip_prefix(prefix)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The popularity bucket in the search key: four steps per doubling of downloads, 0..=255.
pub(crate) fn popularity(downloads: u64) -> i64 {
    ((downloads as f64 + 1.0).log2() * 4.0)
        .floor()
        .clamp(0.0, 255.0) as i64
}

/// Whether a filter can ask for `tag` (only those are kept in `dataset_tags`).
fn is_facet(tag: &str) -> bool {
    FACETS.iter().any(|prefix| tag.starts_with(prefix))
}

impl Catalogue {
    /// Fills `keywords` and `popularity` of rows written before they existed (schema step 2),
    /// which also puts those rows into the search index.
    pub(crate) fn backfill_search(&self) -> Result<usize, CatalogueError> {
        Ok(self.db.with(|conn| {
            let tx = conn.unchecked_transaction()?;
            let rows: Vec<(i64, String, i64)> = tx
                .prepare("SELECT rowid, tags, downloads FROM datasets WHERE keywords IS NULL")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            {
                let mut update = tx.prepare(
                    "UPDATE datasets SET keywords = ?2, popularity = ?3 WHERE rowid = ?1",
                )?;
                for (rowid, tags, downloads) in &rows {
                    let words = keywords(tags.split_whitespace());
                    update.execute(params![rowid, words, popularity(*downloads as u64)])?;
                }
            }
            tx.commit()?;
            Ok(rows.len())
        })?)
    }

    /// Upserts `items`, tagging them with crawl generation `crawl`.
    pub(crate) fn ingest(
        &self,
        items: &[ListedDataset],
        crawl: i64,
    ) -> Result<IngestCount, CatalogueError> {
        Ok(self.db.with(|conn| {
            let tx = conn.unchecked_transaction()?;
            let mut count = IngestCount::default();
            {
                let mut known = tx.prepare_cached("SELECT rowid, last_modified, tags FROM datasets WHERE id = ?1")?;
                let mut touch = tx.prepare_cached("UPDATE datasets SET crawl = ?2 WHERE rowid = ?1")?;
                let mut upsert = tx.prepare_cached(
                    "INSERT INTO datasets (id, author, title, description, sha, last_modified, created_at,
                        downloads, likes, private, gated, disabled, tags, crawl, keywords, popularity)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
                     ON CONFLICT(id) DO UPDATE SET author = excluded.author, title = excluded.title,
                        description = excluded.description, sha = excluded.sha,
                        last_modified = excluded.last_modified, created_at = excluded.created_at,
                        downloads = excluded.downloads, likes = excluded.likes, private = excluded.private,
                        gated = excluded.gated, disabled = excluded.disabled, tags = excluded.tags,
                        crawl = excluded.crawl,
                        keywords = excluded.keywords, popularity = excluded.popularity
                     RETURNING rowid",
                )?;
                let mut drop_tag = tx.prepare_cached("DELETE FROM dataset_tags WHERE tag = ?1 AND dataset_rowid = ?2")?;
                let mut add_tag = tx.prepare_cached("INSERT OR IGNORE INTO dataset_tags (tag, dataset_rowid) VALUES (?1, ?2)")?;
                for info in items {
                    let modified = info.last_modified.clone().unwrap_or_default();
                    let existing: Option<(i64, String, String)> = known
                        .query_row([&info.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                        .optional()?;
                    if let Some((rowid, last, _)) = &existing
                        && *last == modified
                    {
                        touch.execute(params![rowid, crawl])?;
                        count.unchanged += 1;
                        continue;
                    }
                    let rowid: i64 = upsert.query_row(
                        params![
                            info.id,
                            info.author.clone().unwrap_or_default(),
                            info.card_data.as_ref().and_then(|c| c.pretty_name.clone()).unwrap_or_default(),
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
                            crawl,
                            keywords(info.tags.iter().map(String::as_str)),
                            popularity(info.downloads),
                        ],
                        |r| r.get(0),
                    )?;
                    if let Some((_, _, old_tags)) = &existing {
                        for tag in old_tags.split_whitespace().filter(|t| is_facet(t)) {
                            drop_tag.execute(params![tag, rowid])?;
                        }
                    }
                    for tag in info.tags.iter().filter(|t| is_facet(t)) {
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
        Ok(self.db.with(|c| {
            let tx = c.unchecked_transaction()?;
            tx.execute(
                "DELETE FROM dataset_tags WHERE dataset_rowid IN
                        (SELECT rowid FROM datasets WHERE crawl < ?1)",
                [crawl],
            )?;
            let pruned = tx.execute("DELETE FROM datasets WHERE crawl < ?1", [crawl])?;
            tx.commit()?;
            Ok(pruned)
        })?)
    }
}
