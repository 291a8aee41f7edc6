//! Search as you type: FTS5 prefix matching, tag filters that combine (OR within a facet, AND
//! across facets), and sorts, answered in a few milliseconds over half a million datasets.
//!
//! Ranking every match of a two-letter prefix would take hundreds of milliseconds, so the
//! index is keyed by popularity (see schema step 2) and a text search reads matches most
//! downloaded first: exact id or name matches come first, then the first [`RANKED_WINDOW`]
//! matches ordered by bm25 (or the chosen sort), then the remaining matches in popularity
//! order. Totals are counted up to [`COUNT_CAP`].

use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use crate::rank::words;
use crate::text_search::text_search;
use crate::{Catalogue, CatalogueError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first (by downloads when there is no text).
    #[default]
    Relevance,
    Downloads,
    Likes,
    Updated,
}

/// Facets; values are tag values as the Hub writes them (`automatic-speech-recognition`, `en`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Filters {
    #[serde(default)]
    pub tasks: Vec<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub modalities: Vec<String>,
    #[serde(default)]
    pub size_categories: Vec<String>,
    #[serde(default)]
    pub licenses: Vec<String>,
    /// `Some(true)`: only gated datasets; `Some(false)`: only open ones.
    #[serde(default)]
    pub gated: Option<bool>,
    /// Only datasets some host already holds.
    #[serde(default)]
    pub on_host: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchQuery {
    pub text: String,
    #[serde(default)]
    pub filters: Filters,
    #[serde(default)]
    pub sort: Sort,
    pub limit: u32,
    #[serde(default)]
    pub offset: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CatalogueEntry {
    pub id: String,
    pub author: String,
    pub title: String,
    pub description: String,
    pub last_modified: String,
    pub downloads: u64,
    pub likes: u64,
    pub gated: String,
    pub private: bool,
    /// The Hub disabled it (`"disabled": true` in its listing): it cannot be downloaded.
    pub disabled: bool,
    pub tags: Vec<String>,
    /// Hosts that hold some download of it.
    pub hosts: Vec<String>,
    pub favourite: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchResults {
    /// All matches, not only this page (at most [`COUNT_CAP`]).
    pub total: u64,
    /// There are more than `total` matches: show "1,000+".
    pub total_capped: bool,
    pub items: Vec<CatalogueEntry>,
}

/// How many of the most popular text matches are ranked by relevance or the chosen sort.
pub const RANKED_WINDOW: usize = 200;

/// Matches are counted up to this many.
pub const COUNT_CAP: u64 = 1_000;

/// The search key's low 32 bits are the dataset's rowid.
pub(crate) const ROWID_OF_KEY: &str = "(s.rowid & 4294967295)";

/// The FTS5 expression for what the user typed: every word, as a prefix, all required.
/// Quoting each token keeps FTS syntax characters (`"`, `*`, `-`, `:`) in user text inert.
pub fn match_expression(text: &str) -> Option<String> {
    let tokens: Vec<String> = words(text)
        .into_iter()
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!tokens.is_empty()).then(|| tokens.join(" "))
}

/// Tag prefixes of the filter facets, in the order of [`Filters`]' fields.
pub(crate) const FACETS: [&str; 5] = [
    "task_categories:",
    "language:",
    "modality:",
    "size_categories:",
    "license:",
];

/// SQL conditions on `d` (the datasets table) and their parameters.
#[derive(Default)]
pub(crate) struct Conditions {
    clauses: Vec<String>,
    params: Vec<SqlValue>,
}

impl Conditions {
    fn of(filters: &Filters) -> Self {
        let mut conditions = Self::default();
        let f = filters;
        for (prefix, values) in FACETS.iter().zip([
            &f.tasks,
            &f.languages,
            &f.modalities,
            &f.size_categories,
            &f.licenses,
        ]) {
            if values.is_empty() {
                continue;
            }
            let marks = vec!["?"; values.len()].join(", ");
            conditions.clauses.push(format!(
                "EXISTS (SELECT 1 FROM dataset_tags t WHERE t.dataset_rowid = d.rowid AND t.tag IN ({marks}))"
            ));
            conditions.params.extend(
                values
                    .iter()
                    .map(|v| SqlValue::from(format!("{prefix}{v}"))),
            );
        }
        match f.gated {
            Some(true) => conditions.clauses.push("d.gated <> 'no'".into()),
            Some(false) => conditions.clauses.push("d.gated = 'no'".into()),
            None => {}
        }
        if f.on_host {
            conditions
                .clauses
                .push("EXISTS (SELECT 1 FROM host_datasets h WHERE h.hf_id = d.id)".into());
        }
        conditions
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// ` AND c1 AND c2`, or nothing.
    pub(crate) fn and(&self) -> String {
        self.clauses.iter().map(|c| format!(" AND {c}")).collect()
    }

    /// `leading` parameters, then the conditions'.
    pub(crate) fn with(&self, leading: impl IntoIterator<Item = SqlValue>) -> Vec<SqlValue> {
        leading
            .into_iter()
            .chain(self.params.iter().cloned())
            .collect()
    }
}

impl Catalogue {
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults, CatalogueError> {
        let conditions = Conditions::of(&query.filters);
        Ok(self.db.with(|conn| {
            let (rows, total) = match match_expression(&query.text) {
                Some(_) => text_search(conn, query, &conditions)?,
                None => browse(conn, query, &conditions)?,
            };
            Ok(SearchResults {
                total: total.min(COUNT_CAP),
                total_capped: total > COUNT_CAP,
                items: entries(conn, &rows)?,
            })
        })?)
    }

    /// One dataset as the catalogue last saw it.
    pub fn get(&self, id: &str) -> Result<Option<CatalogueEntry>, CatalogueError> {
        use rusqlite::OptionalExtension;
        Ok(self.db.with(|conn| {
            let row: Option<i64> = conn
                .query_row("SELECT rowid FROM datasets WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            Ok(match row {
                Some(row) => entries(conn, &[row])?.pop(),
                None => None,
            })
        })?)
    }
}

/// The rows of a query without text, in the chosen sort, and the (capped) total.
fn browse(
    conn: &rusqlite::Connection,
    query: &SearchQuery,
    conditions: &Conditions,
) -> rusqlite::Result<(Vec<i64>, u64)> {
    let (offset, limit) = page_bounds(query);
    let column = match query.sort {
        Sort::Relevance | Sort::Downloads => "downloads",
        Sort::Likes => "likes",
        Sort::Updated => "last_modified",
    };
    let sql = format!(
        "SELECT d.rowid FROM datasets d WHERE 1{} ORDER BY d.{column} DESC LIMIT {limit} OFFSET {offset}",
        conditions.and()
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(&conditions.params), |r| r.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    let total = count(conn, "datasets d WHERE 1", conditions, [])?;
    Ok((rows, total))
}

pub(crate) fn page_bounds(query: &SearchQuery) -> (usize, usize) {
    (query.offset as usize, query.limit.clamp(1, 1000) as usize)
}

/// How many rows `FROM {from}{conditions}` yields, counting no further than past the cap.
pub(crate) fn count(
    conn: &rusqlite::Connection,
    from: &str,
    conditions: &Conditions,
    leading: impl IntoIterator<Item = SqlValue>,
) -> rusqlite::Result<u64> {
    let sql = format!(
        "SELECT count(*) FROM (SELECT 1 FROM {from}{} LIMIT {})",
        conditions.and(),
        COUNT_CAP + 1
    );
    conn.prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(conditions.with(leading)), |r| {
            r.get::<_, i64>(0)
        })
        .map(|n| n as u64)
}

/// The entries of `rows`, in that order, with their hosts and favourite flag.
fn entries(conn: &rusqlite::Connection, rows: &[i64]) -> rusqlite::Result<Vec<CatalogueEntry>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; rows.len()].join(", ");
    let sql = format!(
        "SELECT d.rowid, d.id, d.author, d.title, d.description, d.last_modified, d.downloads,
                d.likes, d.gated, d.private, d.tags, d.disabled,
                (SELECT group_concat(DISTINCT h.host) FROM host_datasets h WHERE h.hf_id = d.id),
                EXISTS (SELECT 1 FROM favourites fav WHERE fav.id = d.id)
         FROM datasets d WHERE d.rowid IN ({marks})"
    );
    let mut found: std::collections::HashMap<i64, CatalogueEntry> = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(rows), |r| {
            Ok((r.get(0)?, entry_from_row(r)?))
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows.iter().filter_map(|row| found.remove(row)).collect())
}

/// `sql` with its plain `?`s numbered from `first` on (after the caller's own `?1`...).
pub(crate) fn renumbered(sql: &str, first: usize) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut next = first;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && !chars.peek().is_some_and(|d| d.is_ascii_digit()) {
            out.push_str(&format!("?{next}"));
            next += 1;
        } else {
            out.push(c);
        }
    }
    out
}

fn entry_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<CatalogueEntry> {
    let tags: String = row.get(10)?;
    let hosts: Option<String> = row.get(12)?;
    Ok(CatalogueEntry {
        id: row.get(1)?,
        author: row.get(2)?,
        title: row.get(3)?,
        description: row.get(4)?,
        last_modified: row.get(5)?,
        downloads: row.get::<_, i64>(6)? as u64,
        likes: row.get::<_, i64>(7)? as u64,
        gated: row.get(8)?,
        private: row.get(9)?,
        disabled: row.get(11)?,
        tags: tags.split_whitespace().map(str::to_string).collect(),
        hosts: hosts
            .map(|h| h.split(',').map(str::to_string).collect())
            .unwrap_or_default(),
        favourite: row.get(13)?,
    })
}
