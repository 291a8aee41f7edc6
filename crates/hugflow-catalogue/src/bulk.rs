//! A full crawl writes the whole listing, so it loads in bulk: the sort indexes are dropped
//! while it runs and built again, sorted, at its end, and FTS5 does not merge its segments
//! until the crawl's closing `optimize` merges them all at once.
//!
//! Measured on 500k listing entries (`cargo bench -p hugflow-catalogue`): the sort indexes
//! (downloads and likes arrive in random order) made every batch descend into them at random
//! places, and incremental merging rewrote the growing index again and again; the writer
//! took 40.8 s against 22.4 s without both, with 0.9 s to build the indexes after. Meanwhile
//! a browse sorted by downloads scans the table (0.1 s at 500k rows); text and one-letter
//! searches keep their indexes.
//!
//! Its commits also copy the write-ahead log into the database less often (every 128 MiB, not
//! every 4 MiB): the checkpoints' writes and fsyncs took 9.4 s of a 500k crawl's commits, 5.6 s
//! after.
//!
//! A crawl that stops in any way (cancelled, failed, the app killed) leaves a mark in
//! `crawl_state`; whoever opens the catalogue next puts the indexes and the merge settings back.

use crate::{Catalogue, CatalogueError};

/// The `crawl_state` key set while a bulk load runs.
const BULK_KEY: &str = "bulk_load";

/// The indexes a bulk load drops: name, then how it is built (the same as schema step 1).
const SORT_INDEXES: [(&str, &str); 3] = [
    ("datasets_downloads", "ON datasets(downloads DESC)"),
    ("datasets_likes", "ON datasets(likes DESC)"),
    ("datasets_modified", "ON datasets(last_modified DESC)"),
];

/// FTS5's merge settings during a bulk load and after it (FTS5's defaults): no incremental
/// merges, and no "crisis" merge before a level holds 1,000 segments (a 500k crawl writes
/// about a hundred).
const NO_MERGES: [(&str, i64); 2] = [("automerge", 0), ("crisismerge", 1000)];
const MERGES: [(&str, i64); 2] = [("automerge", 4), ("crisismerge", 16)];

/// Pages the write-ahead log may hold before a commit copies them into the database: during a
/// bulk load 32,768 (128 MiB at 4 KiB pages), else SQLite's default 1,000.
const BULK_CHECKPOINT_PAGES: i64 = 32_768;
const DEFAULT_CHECKPOINT_PAGES: i64 = 1_000;

impl Catalogue {
    /// Starts a bulk load: marks it, drops the sort indexes and stops merging.
    pub(crate) fn begin_bulk_load(&self) -> Result<(), CatalogueError> {
        Ok(self.db.with(|c| {
            let tx = c.unchecked_transaction()?;
            set_bulk_mark(&tx, true)?;
            for (name, _) in SORT_INDEXES {
                tx.execute_batch(&format!("DROP INDEX IF EXISTS {name}"))?;
            }
            set_merges(&tx, &NO_MERGES)?;
            tx.commit()?;
            c.pragma_update(None, "wal_autocheckpoint", BULK_CHECKPOINT_PAGES)?;
            Ok(())
        })?)
    }

    /// Ends a bulk load (or what is left of one a crash interrupted): builds the missing sort
    /// indexes, restores merging and clears the mark. Cheap when there is nothing to do.
    pub(crate) fn end_bulk_load(&self) -> Result<(), CatalogueError> {
        Ok(self.db.with(|c| {
            let marked: bool = c.query_row(
                "SELECT count(*) > 0 FROM crawl_state WHERE key = ?1",
                [BULK_KEY],
                |r| r.get(0),
            )?;
            if !marked {
                return Ok(());
            }
            let tx = c.unchecked_transaction()?;
            for (name, definition) in SORT_INDEXES {
                tx.execute_batch(&format!("CREATE INDEX IF NOT EXISTS {name} {definition}"))?;
            }
            set_merges(&tx, &MERGES)?;
            set_bulk_mark(&tx, false)?;
            tx.commit()?;
            c.pragma_update(None, "wal_autocheckpoint", DEFAULT_CHECKPOINT_PAGES)?;
            Ok(())
        })?)
    }
}

fn set_bulk_mark(tx: &rusqlite::Transaction<'_>, on: bool) -> rusqlite::Result<()> {
    if on {
        tx.execute(
            "INSERT OR REPLACE INTO crawl_state (key, value) VALUES (?1, '1')",
            [BULK_KEY],
        )?;
    } else {
        tx.execute("DELETE FROM crawl_state WHERE key = ?1", [BULK_KEY])?;
    }
    Ok(())
}

fn set_merges(tx: &rusqlite::Transaction<'_>, settings: &[(&str, i64)]) -> rusqlite::Result<()> {
    for (name, value) in settings {
        tx.execute(
            "INSERT INTO datasets_search(datasets_search, rank) VALUES (?1, ?2)",
            rusqlite::params![name, value],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indexes(catalogue: &Catalogue) -> Vec<String> {
        catalogue
            .db
            .with(|c| {
                Ok(c.prepare(
                    "SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN
                     ('datasets_downloads', 'datasets_likes', 'datasets_modified') ORDER BY name",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?)
            })
            .unwrap()
    }

    fn merge_settings(catalogue: &Catalogue) -> Vec<(String, i64)> {
        catalogue
            .db
            .with(|c| {
                Ok(c.prepare(
                    "SELECT k, v FROM datasets_search_config
                     WHERE k IN ('automerge', 'crisismerge') ORDER BY k",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?)
            })
            .unwrap()
    }

    const ALL: [&str; 3] = ["datasets_downloads", "datasets_likes", "datasets_modified"];

    #[test]
    fn a_bulk_load_drops_the_sort_indexes_and_its_end_puts_them_back() {
        let dir = tempfile::tempdir().unwrap();
        let catalogue = Catalogue::open(&dir.path().join("c.sqlite")).unwrap();
        assert_eq!(indexes(&catalogue), ALL);
        let checkpoint = || -> i64 {
            catalogue
                .db
                .with(|c| Ok(c.pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0))?))
                .unwrap()
        };
        catalogue.begin_bulk_load().unwrap();
        assert!(indexes(&catalogue).is_empty());
        assert_eq!(
            merge_settings(&catalogue),
            [("automerge".into(), 0), ("crisismerge".into(), 1000)]
        );
        assert_eq!(checkpoint(), BULK_CHECKPOINT_PAGES);
        catalogue.end_bulk_load().unwrap();
        assert_eq!(indexes(&catalogue), ALL);
        assert_eq!(
            merge_settings(&catalogue),
            [("automerge".into(), 4), ("crisismerge".into(), 16)]
        );
        assert_eq!(checkpoint(), DEFAULT_CHECKPOINT_PAGES);
    }

    #[test]
    fn a_bulk_load_a_crash_interrupted_is_ended_when_the_catalogue_opens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite");
        Catalogue::open(&path).unwrap().begin_bulk_load().unwrap();
        // The app died mid-crawl: the next start finds the indexes back.
        let reopened = Catalogue::open(&path).unwrap();
        assert_eq!(indexes(&reopened), ALL);
        assert_eq!(merge_settings(&reopened)[0], ("automerge".into(), 4));
    }
}
