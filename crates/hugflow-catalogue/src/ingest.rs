//! Writing Hub listing entries into the catalogue, a page (or a crawl batch) per transaction.
//!
//! The writers keep the search index in step themselves (there are no triggers): a changed
//! row leaves the index when it is rewritten, and the rows a transaction wrote enter it
//! together, in search-key order, when it ends ([`SearchRows`]). Facet tag rows are written
//! sorted at the end too.

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

pub(crate) fn gated_name(gated: Gated) -> &'static str {
    match gated {
        Gated::No => "no",
        Gated::Auto => "auto",
        Gated::Manual => "manual",
    }
}

/// A one-line description: the card's, else the listing's, without Markdown noise.
pub(crate) fn summary(info: &ListedDataset) -> String {
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

/// A row's key in the search index: its popularity bucket, then its rowid (schema step 2).
pub(crate) fn search_key(popularity: i64, rowid: i64) -> i64 {
    ((255 - popularity) << 32) | rowid
}

/// The search key of a `datasets` row, in SQL.
pub(crate) const SEARCH_KEY_SQL: &str = "((255 - popularity) << 32) | rowid";

/// A row's text as the search index holds it.
struct SearchRow {
    key: i64,
    id: String,
    author: String,
    title: String,
    description: String,
    keywords: String,
}

/// The rows one transaction adds to the search index, written together in key order when it
/// ends. FTS5 starts a new segment whenever a key is lower than the one before, so rows
/// indexed one at a time in listing order (as triggers did) cost a segment each; in key
/// order a transaction's rows make one segment (or one per `hashsize` bytes).
#[derive(Default)]
struct SearchRows {
    rows: Vec<SearchRow>,
    /// Datasets rowid to its place in `rows`, for a dataset written twice in one transaction.
    pending: std::collections::HashMap<i64, usize>,
}

impl SearchRows {
    /// Takes `rowid` out of the index (its key was `key`) before it is written again.
    fn remove(
        &mut self,
        tx: &rusqlite::Transaction<'_>,
        rowid: i64,
        key: i64,
    ) -> rusqlite::Result<()> {
        if self.pending.contains_key(&rowid) {
            // Not in the index yet: the new version replaces it in `add`.
            return Ok(());
        }
        tx.prepare_cached("DELETE FROM datasets_search WHERE rowid = ?1")?
            .execute([key])?;
        Ok(())
    }

    fn add(&mut self, rowid: i64, row: SearchRow) {
        match self.pending.get(&rowid) {
            Some(&at) => self.rows[at] = row,
            None => {
                self.pending.insert(rowid, self.rows.len());
                self.rows.push(row);
            }
        }
    }

    /// Writes the rows into the index in key order.
    fn write(mut self, tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
        self.rows.sort_unstable_by_key(|row| row.key);
        let mut insert = tx.prepare_cached(
            "INSERT INTO datasets_search(rowid, id, author, title, description, keywords)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for row in &self.rows {
            insert.execute(params![
                row.key,
                row.id,
                row.author,
                row.title,
                row.description,
                row.keywords
            ])?;
        }
        Ok(())
    }
}

/// Facet tag rows to add, written sorted when the transaction ends (each tag's rows are then
/// appended where that tag's range ends, instead of one B-tree descent per row at random).
#[derive(Default)]
struct TagRows(Vec<(String, i64)>);

impl TagRows {
    fn write(mut self, tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
        self.0.sort_unstable();
        self.0.dedup();
        let mut add = tx.prepare_cached(
            "INSERT OR IGNORE INTO dataset_tags (tag, dataset_rowid) VALUES (?1, ?2)",
        )?;
        for (tag, rowid) in &self.0 {
            add.execute(params![tag, rowid])?;
        }
        Ok(())
    }
}

/// A dataset row's columns that are not in its [`SearchRow`].
struct RestOfRow<'a> {
    modified: &'a str,
    tags: String,
    gated: &'static str,
    downloads: i64,
    likes: i64,
    crawl: i64,
    popularity: i64,
}

/// The 16 values of an insert or upsert of `datasets`, in its column order.
fn row_values<'a>(
    row: &'a SearchRow,
    info: &'a ListedDataset,
    rest: &'a RestOfRow,
) -> [&'a dyn rusqlite::ToSql; 16] {
    [
        &row.id,
        &row.author,
        &row.title,
        &row.description,
        &info.sha,
        &rest.modified,
        &info.created_at,
        &rest.downloads,
        &rest.likes,
        &info.private,
        &rest.gated,
        &info.disabled,
        &rest.tags,
        &rest.crawl,
        &row.keywords,
        &rest.popularity,
    ]
}

impl Catalogue {
    /// Fills `keywords` and `popularity` of rows written before they existed (schema step 2),
    /// which also puts those rows into the search index.
    pub(crate) fn backfill_search(&self) -> Result<usize, CatalogueError> {
        Ok(self.db.with(|conn| {
            let tx = conn.unchecked_transaction()?;
            let rows: Vec<(i64, String, i64, String, String, String, String)> = tx
                .prepare(
                    "SELECT rowid, tags, downloads, id, author, title, description
                     FROM datasets WHERE keywords IS NULL",
                )?
                .query_map([], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                })?
                .collect::<Result<_, _>>()?;
            let count = rows.len();
            let mut search = SearchRows::default();
            {
                let mut update = tx.prepare(
                    "UPDATE datasets SET keywords = ?2, popularity = ?3 WHERE rowid = ?1",
                )?;
                for (rowid, tags, downloads, id, author, title, description) in rows {
                    let words = keywords(tags.split_whitespace());
                    let popularity = popularity(downloads as u64);
                    update.execute(params![rowid, words, popularity])?;
                    search.add(
                        rowid,
                        SearchRow {
                            key: search_key(popularity, rowid),
                            id,
                            author,
                            title,
                            description,
                            keywords: words,
                        },
                    );
                }
            }
            search.write(&tx)?;
            tx.commit()?;
            Ok(count)
        })?)
    }

    /// Upserts `items`, tagging them with crawl generation `crawl`, and indexes what changed.
    pub(crate) fn ingest(
        &self,
        items: &[ListedDataset],
        crawl: i64,
    ) -> Result<IngestCount, CatalogueError> {
        self.ingest_with(items, crawl, false)
    }

    /// [`Self::ingest`]; with `mostly_new` (a crawl into a catalogue that was empty), each row
    /// is inserted straight away and looked up only when its id is already there (the listing
    /// can repeat an entry across pages), which saves a lookup per row.
    pub(crate) fn ingest_with(
        &self,
        items: &[ListedDataset],
        crawl: i64,
        mostly_new: bool,
    ) -> Result<IngestCount, CatalogueError> {
        Ok(self.db.with(|conn| {
            let tx = conn.unchecked_transaction()?;
            let mut count = IngestCount::default();
            let mut search = SearchRows::default();
            let mut tags = TagRows::default();
            {
                let mut known = tx.prepare_cached(
                    "SELECT rowid, last_modified, tags, popularity FROM datasets WHERE id = ?1",
                )?;
                let mut touch = tx.prepare_cached("UPDATE datasets SET crawl = ?2 WHERE rowid = ?1")?;
                const COLUMNS: &str = "(id, author, title, description, sha, last_modified, created_at,
                        downloads, likes, private, gated, disabled, tags, crawl, keywords, popularity)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
                let mut insert =
                    tx.prepare_cached(&format!("INSERT INTO datasets {COLUMNS} RETURNING rowid"))?;
                let mut upsert = tx.prepare_cached(&format!(
                    "INSERT INTO datasets {COLUMNS}
                     ON CONFLICT(id) DO UPDATE SET author = excluded.author, title = excluded.title,
                        description = excluded.description, sha = excluded.sha,
                        last_modified = excluded.last_modified, created_at = excluded.created_at,
                        downloads = excluded.downloads, likes = excluded.likes, private = excluded.private,
                        gated = excluded.gated, disabled = excluded.disabled, tags = excluded.tags,
                        crawl = excluded.crawl,
                        keywords = excluded.keywords, popularity = excluded.popularity
                     RETURNING rowid"
                ))?;
                let mut drop_tag = tx.prepare_cached("DELETE FROM dataset_tags WHERE tag = ?1 AND dataset_rowid = ?2")?;
                for info in items {
                    let modified = info.last_modified.as_deref().unwrap_or_default();
                    let row = || SearchRow {
                        key: 0,
                        id: info.id.clone(),
                        author: info.author.clone().unwrap_or_default(),
                        title: info.card_data.as_ref().and_then(|c| c.pretty_name.clone()).unwrap_or_default(),
                        description: summary(info),
                        keywords: keywords(info.tags.iter().map(String::as_str)),
                    };
                    let popularity = popularity(info.downloads);
                    let rest = RestOfRow {
                        modified,
                        tags: info.tags.join(" "),
                        gated: gated_name(info.gated),
                        downloads: info.downloads as i64,
                        likes: info.likes as i64,
                        crawl,
                        popularity,
                    };
                    let mut fresh = None;
                    if mostly_new {
                        let row = row();
                        match insert.query_row(&row_values(&row, info, &rest)[..], |r| r.get::<_, i64>(0)) {
                            Ok(rowid) => {
                                search.add(rowid, SearchRow { key: search_key(popularity, rowid), ..row });
                                tags.0.extend(info.tags.iter().filter(|t| is_facet(t)).map(|t| (t.clone(), rowid)));
                                count.inserted += 1;
                                continue;
                            }
                            Err(rusqlite::Error::SqliteFailure(error, _))
                                if error.code == rusqlite::ErrorCode::ConstraintViolation =>
                            {
                                fresh = Some(row);
                            }
                            Err(error) => return Err(error.into()),
                        }
                    }
                    let existing: Option<(i64, String, String, i64)> = known
                        .query_row([&info.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                        .optional()?;
                    if let Some((rowid, last, _, _)) = &existing
                        && *last == modified
                    {
                        touch.execute(params![rowid, crawl])?;
                        count.unchanged += 1;
                        continue;
                    }
                    if let Some((rowid, _, _, popularity)) = &existing {
                        search.remove(&tx, *rowid, search_key(*popularity, *rowid))?;
                    }
                    let row = fresh.unwrap_or_else(row);
                    let rowid: i64 = upsert.query_row(&row_values(&row, info, &rest)[..], |r| r.get(0))?;
                    search.add(rowid, SearchRow { key: search_key(popularity, rowid), ..row });
                    if let Some((_, _, old_tags, _)) = &existing {
                        for tag in old_tags.split_whitespace().filter(|t| is_facet(t)) {
                            drop_tag.execute(params![tag, rowid])?;
                        }
                    }
                    tags.0.extend(info.tags.iter().filter(|t| is_facet(t)).map(|t| (t.clone(), rowid)));
                    if existing.is_some() {
                        count.updated += 1;
                    } else {
                        count.inserted += 1;
                    }
                }
            }
            tags.write(&tx)?;
            search.write(&tx)?;
            tx.commit()?;
            Ok(count)
        })?)
    }

    /// Drops datasets a complete crawl did not see again (deleted or made private on the Hub).
    pub(crate) fn prune_before(&self, crawl: i64) -> Result<usize, CatalogueError> {
        Ok(self.db.with(|c| {
            let tx = c.unchecked_transaction()?;
            let keys: Vec<i64> = tx
                .prepare(&format!(
                    "SELECT {SEARCH_KEY_SQL} FROM datasets WHERE crawl < ?1"
                ))?
                .query_map([crawl], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            {
                let mut unindex =
                    tx.prepare_cached("DELETE FROM datasets_search WHERE rowid = ?1")?;
                for key in keys {
                    unindex.execute([key])?;
                }
            }
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

    /// Merges the search index into one segment (after a full crawl wrote it in many).
    pub(crate) fn optimize_search(&self) -> Result<(), CatalogueError> {
        Ok(self.db.with(|c| {
            c.execute(
                "INSERT INTO datasets_search(datasets_search) VALUES ('optimize')",
                [],
            )?;
            Ok(())
        })?)
    }
}
