//! Favourites and recently viewed datasets.

use crate::{Catalogue, CatalogueError};

/// How many recently viewed datasets are kept.
const RECENT_LIMIT: i64 = 50;

impl Catalogue {
    pub fn set_favourite(&self, id: &str, favourite: bool) -> Result<(), CatalogueError> {
        Ok(self.db.with(|c| {
            if favourite {
                c.execute("INSERT OR IGNORE INTO favourites (id) VALUES (?1)", [id])?;
            } else {
                c.execute("DELETE FROM favourites WHERE id = ?1", [id])?;
            }
            Ok(())
        })?)
    }

    pub fn favourites(&self) -> Result<Vec<String>, CatalogueError> {
        self.ids("SELECT id FROM favourites ORDER BY added_at DESC, id")
    }

    /// Records that `id` was opened now.
    pub fn viewed(&self, id: &str) -> Result<(), CatalogueError> {
        Ok(self.db.with(|c| {
            c.execute(
                "INSERT INTO recent (id, viewed_at, seq)
                 VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT coalesce(max(seq), 0) + 1 FROM recent))
                 ON CONFLICT(id) DO UPDATE SET viewed_at = excluded.viewed_at, seq = excluded.seq",
                [id],
            )?;
            c.execute(
                "DELETE FROM recent WHERE id NOT IN (SELECT id FROM recent ORDER BY seq DESC LIMIT ?1)",
                [RECENT_LIMIT],
            )?;
            Ok(())
        })?)
    }

    pub fn recent(&self) -> Result<Vec<String>, CatalogueError> {
        self.ids("SELECT id FROM recent ORDER BY seq DESC")
    }

    fn ids(&self, sql: &str) -> Result<Vec<String>, CatalogueError> {
        Ok(self.db.with(|c| {
            let mut statement = c.prepare_cached(sql)?;
            let ids = statement
                .query_map([], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(ids)
        })?)
    }
}
