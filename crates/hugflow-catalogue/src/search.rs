//! Search as you type: FTS5 prefix matching with bm25 ranking (an exact id match first), tag
//! filters that combine (OR within a facet, AND across facets), and sorts.

use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

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
    pub tags: Vec<String>,
    /// Hosts that hold some download of it.
    pub hosts: Vec<String>,
    pub favourite: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchResults {
    /// All matches, not only this page.
    pub total: u64,
    pub items: Vec<CatalogueEntry>,
}

/// The FTS5 expression for what the user typed: every word, as a prefix, all required.
/// Quoting each token keeps FTS syntax characters (`"`, `*`, `-`, `:`) in user text inert.
pub fn match_expression(text: &str) -> Option<String> {
    let tokens: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| format!("\"{}\"*", t.to_lowercase()))
        .collect();
    (!tokens.is_empty()).then(|| tokens.join(" "))
}

const FACETS: [&str; 5] = [
    "task_categories:",
    "language:",
    "modality:",
    "size_categories:",
    "license:",
];

impl Catalogue {
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults, CatalogueError> {
        self.search_where(query, None)
    }

    /// `search`, optionally narrowed to the dataset with id `only`.
    pub(crate) fn search_where(
        &self,
        query: &SearchQuery,
        only: Option<&str>,
    ) -> Result<SearchResults, CatalogueError> {
        let fts = match_expression(&query.text);
        let mut clauses: Vec<String> = Vec::new();
        let mut params: Vec<SqlValue> = Vec::new();
        if let Some(id) = only {
            clauses.push("d.id = ?".into());
            params.push(id.to_string().into());
        }
        let from = if let Some(expression) = &fts {
            clauses.push("datasets_fts MATCH ?".into());
            params.push(expression.clone().into());
            "datasets_fts JOIN datasets d ON d.rowid = datasets_fts.rowid"
        } else {
            "datasets d"
        };
        let f = &query.filters;
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
            clauses.push(format!(
                "d.rowid IN (SELECT dataset_rowid FROM dataset_tags WHERE tag IN ({marks}))"
            ));
            params.extend(
                values
                    .iter()
                    .map(|v| SqlValue::from(format!("{prefix}{v}"))),
            );
        }
        match f.gated {
            Some(true) => clauses.push("d.gated <> 'no'".into()),
            Some(false) => clauses.push("d.gated = 'no'".into()),
            None => {}
        }
        if f.on_host {
            clauses.push("EXISTS (SELECT 1 FROM host_datasets h WHERE h.hf_id = d.id)".into());
        }
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };

        let exact = query.text.trim().to_string();
        let order = match (query.sort, fts.is_some()) {
            (Sort::Relevance, true) => {
                "exact DESC, bm25(datasets_fts, 10.0, 4.0, 3.0, 1.0, 2.0), d.downloads DESC"
            }
            (Sort::Relevance | Sort::Downloads, _) => "exact DESC, d.downloads DESC",
            (Sort::Likes, _) => "exact DESC, d.likes DESC",
            (Sort::Updated, _) => "exact DESC, d.last_modified DESC",
        };
        let select = format!(
            "SELECT d.id, d.author, d.title, d.description, d.last_modified, d.downloads, d.likes, d.gated,
                    d.private, d.tags,
                    (SELECT group_concat(DISTINCT h.host) FROM host_datasets h WHERE h.hf_id = d.id),
                    EXISTS (SELECT 1 FROM favourites fav WHERE fav.id = d.id),
                    (d.id = ?1 COLLATE NOCASE OR substr(d.id, instr(d.id, '/') + 1) = ?1 COLLATE NOCASE) AS exact
             FROM {from} {filter} ORDER BY {order} LIMIT {} OFFSET {}",
            query.limit.clamp(1, 1000),
            query.offset
        );
        let count_sql = format!("SELECT count(*) FROM {from} {filter}");
        let renumbered = renumber(&select);
        Ok(self.db.with(|conn| {
            let total: i64 =
                conn.query_row(&count_sql, rusqlite::params_from_iter(params.iter()), |r| {
                    r.get(0)
                })?;
            let total = total as u64;
            let mut all = vec![SqlValue::from(exact.clone())];
            all.extend(params.iter().cloned());
            let mut statement = conn.prepare_cached(&renumbered)?;
            let items = statement
                .query_map(rusqlite::params_from_iter(all.iter()), entry_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(SearchResults { total, items })
        })?)
    }
}

/// The select binds `?1` for the exact-match text first; the filter's plain `?`s follow it.
fn renumber(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut next = 2;
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
    let tags: String = row.get(9)?;
    let hosts: Option<String> = row.get(10)?;
    Ok(CatalogueEntry {
        id: row.get(0)?,
        author: row.get(1)?,
        title: row.get(2)?,
        description: row.get(3)?,
        last_modified: row.get(4)?,
        downloads: row.get::<_, i64>(5)? as u64,
        likes: row.get::<_, i64>(6)? as u64,
        gated: row.get(7)?,
        private: row.get(8)?,
        tags: tags.split_whitespace().map(str::to_string).collect(),
        hosts: hosts
            .map(|h| h.split(',').map(str::to_string).collect())
            .unwrap_or_default(),
        favourite: row.get(11)?,
    })
}
