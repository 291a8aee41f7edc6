//! Giving memory back once the database has sat idle.
//!
//! Each connection may cache up to 64 MiB of pages (see `connect`), filled as queries read
//! them and kept for the connection's life: after a few searches a desktop left open all day
//! would hold it all. The app asks for it back when nobody has used the database for a while;
//! the next query reads its pages again from the OS's file cache.

use std::time::Instant;

use rusqlite::{Connection, ffi};

use crate::Database;

impl Database {
    /// When the last borrowed connection came back; `None` while one is lent out.
    pub fn last_used(&self) -> Option<Instant> {
        let pool = self.pool.lock().expect("pool lock");
        (pool.busy == 0).then_some(pool.last_used)
    }

    /// Empties the page caches of the idle connections (a lent-out one keeps its own) and
    /// returns how many bytes they held.
    pub fn release_memory(&self) -> usize {
        let pool = self.pool.lock().expect("pool lock");
        pool.idle
            .iter()
            .map(|conn| {
                let held = cache_bytes(conn);
                if let Err(error) = conn.release_memory() {
                    tracing::debug!(%error, "a connection kept its page cache");
                }
                held
            })
            .sum()
    }
}

/// The heap memory `conn`'s page cache holds (`SQLITE_DBSTATUS_CACHE_USED`).
pub(crate) fn cache_bytes(conn: &Connection) -> usize {
    let (mut current, mut highest) = (0, 0);
    // SAFETY: the handle is the open connection's own, used on this thread while `conn` is
    // borrowed; sqlite3_db_status only writes the two integers it is given.
    let status = unsafe {
        ffi::sqlite3_db_status(
            conn.handle(),
            ffi::SQLITE_DBSTATUS_CACHE_USED,
            &mut current,
            &mut highest,
            0,
        )
    };
    if status == ffi::SQLITE_OK {
        usize::try_from(current).unwrap_or(0)
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of about 8 MiB.
    fn fill(db: &Database) {
        db.with(|c| {
            c.execute_batch(
                "CREATE TABLE big (id INTEGER PRIMARY KEY, body BLOB);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000)
                 INSERT INTO big (body) SELECT randomblob(1000) FROM n;",
            )?;
            Ok(())
        })
        .unwrap();
    }

    /// Reads the whole table, so its pages sit in the connection's cache.
    fn read_all(db: &Database) {
        let total: i64 = db
            .with(|c| Ok(c.query_row("SELECT sum(length(body)) FROM big", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(total, 8_000_000);
    }

    #[test]
    fn an_idle_pool_gives_its_page_caches_back() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("app.sqlite")).unwrap();
        fill(&db);
        read_all(&db);
        let before = db.with(|c| Ok(cache_bytes(c))).unwrap();
        assert!(
            before > 4_000_000,
            "the read filled the cache: {before} bytes"
        );

        let released = db.release_memory();
        assert!(released >= before, "released {released} of {before} bytes");
        let after = db.with(|c| Ok(cache_bytes(c))).unwrap();
        assert!(after < 100_000, "{after} bytes still cached");
        // Still a working database: the pages come back from the file.
        read_all(&db);
    }

    #[test]
    fn last_used_is_none_while_a_connection_is_lent_out() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("app.sqlite")).unwrap();
        let opened = db.last_used().expect("idle after opening");
        db.with(|_| {
            assert_eq!(db.last_used(), None);
            Ok(())
        })
        .unwrap();
        assert!(db.last_used().unwrap() > opened);
    }
}
