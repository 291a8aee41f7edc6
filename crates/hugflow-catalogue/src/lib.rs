//! The dataset catalogue: every dataset the Hub listed, searchable offline in SQLite.
//!
//! An FTS5 index over id, author, title, description and tag keywords, keyed by popularity,
//! answers search-as-you-type (see [`search`]); facet tag rows answer filters (task, language,
//! modality, size category, licence); gated and "on a host" are columns and joins. [`refresh`]
//! brings it up to date from the Hub, newest changes first, stopping at the first dataset it
//! already knows unchanged.
//!
//! Writes keep the index in step without triggers: each transaction (a listing page, or a
//! crawl's batch of five pages written on a blocking thread while the next pages download and
//! parse) adds its rows to the index together, in key order. A full crawl loads in bulk (the
//! `bulk` module: no sort indexes, no merges) and ends with one `optimize`. Schema step 3 moved
//! existing catalogues to this (their index already holds the same terms, so nothing is
//! rebuilt).

mod bulk;
mod hosts;
mod ingest;
mod personal;
mod rank;
pub mod refresh;
mod schema;
pub mod search;
mod text_search;

use std::path::Path;

use hugflow_db::{Database, DbError};

pub use hosts::HostDataset;
pub use ingest::{CardSummary, LISTED_FIELDS, ListedDataset};
pub use search::{CatalogueEntry, Filters, SearchQuery, SearchResults, Sort};

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("the catalogue database failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Hub(#[from] hugflow_hub::HubError),
}

/// Cheap to clone: clones share the connection pool.
#[derive(Clone)]
pub struct Catalogue {
    db: std::sync::Arc<Database>,
}

impl Catalogue {
    /// The catalogue's connection pool: the app empties its caches when idle.
    pub fn database(&self) -> &Database {
        &self.db
    }

    /// Opens (creating and migrating) the catalogue at `path`.
    pub fn open(path: &Path) -> Result<Self, CatalogueError> {
        let catalogue = Self {
            db: std::sync::Arc::new(Database::open_with(path, schema::STEPS)?),
        };
        catalogue.end_bulk_load()?;
        catalogue.backfill_search()?;
        Ok(catalogue)
    }

    /// How many datasets the catalogue holds.
    pub fn len(&self) -> Result<u64, CatalogueError> {
        let count: i64 = self
            .db
            .with(|c| Ok(c.query_row("SELECT count(*) FROM datasets", [], |r| r.get(0))?))?;
        Ok(count as u64)
    }

    pub fn is_empty(&self) -> Result<bool, CatalogueError> {
        Ok(self.len()? == 0)
    }

    /// Keeps datasets found outside a crawl (a live Hub search) in the catalogue.
    pub fn remember(&self, items: &[hugflow_hub::DatasetInfo]) -> Result<(), CatalogueError> {
        let items: Vec<ListedDataset> = items.iter().map(ListedDataset::from).collect();
        self.ingest(&items, refresh::generation(self)?)?;
        Ok(())
    }

    fn state(&self, key: &str) -> Result<Option<String>, CatalogueError> {
        use rusqlite::OptionalExtension;
        Ok(self.db.with(|c| {
            Ok(
                c.query_row("SELECT value FROM crawl_state WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?,
            )
        })?)
    }

    fn set_state(&self, key: &str, value: &str) -> Result<(), CatalogueError> {
        Ok(self.db.with(|c| {
            c.execute(
                "INSERT INTO crawl_state (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )?;
            Ok(())
        })?)
    }
}

#[cfg(test)]
mod tests;
