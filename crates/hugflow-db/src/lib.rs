//! The desktop's SQLite database under the OS app-data dir.
//!
//! Opening applies every pending migration in one transaction per step and records the
//! version in `PRAGMA user_version`; a database from a newer Hugflow is refused rather than
//! guessed at. Connections run in WAL mode and come from a small pool: a caller borrows one
//! for the length of a closure, so no lock is ever held across an await. When the pool has sat
//! idle, [`Database::release_memory`] gives the connections' page caches back (`memory`).

pub mod hosts;
mod memory;
mod migrations;
pub mod requests;
pub mod settings;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rusqlite::Connection;

pub use migrations::SCHEMA_VERSION;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open the database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "the database {path} was written by a newer Hugflow (schema {found}, this build knows {known}); upgrade Hugflow Desktop"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("migration to schema {version} failed: {source}")]
    Migration {
        version: i64,
        source: rusqlite::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// How many idle connections the pool keeps.
const POOL_SIZE: usize = 4;

pub struct Database {
    path: PathBuf,
    pool: Mutex<Pool>,
}

struct Pool {
    idle: Vec<Connection>,
    /// Connections lent out right now.
    busy: usize,
    /// When the last one came back.
    last_used: Instant,
}

impl Database {
    /// Opens (creating if needed) and migrates the app database at `path`.
    pub fn open(path: &Path) -> Result<Self, DbError> {
        Self::open_with(path, migrations::APP)
    }

    /// Opens a database with its own list of migration steps (e.g. the catalogue's).
    pub fn open_with(path: &Path, steps: &[&str]) -> Result<Self, DbError> {
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let mut conn = connect(path)?;
        migrations::migrate(&mut conn, path, steps)?;
        Ok(Self {
            path: path.to_path_buf(),
            pool: Mutex::new(Pool {
                idle: vec![conn],
                busy: 0,
                last_used: Instant::now(),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` on a pooled connection.
    pub fn with<T>(
        &self,
        work: impl FnOnce(&Connection) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        let conn = {
            let mut pool = self.pool.lock().expect("pool lock");
            pool.busy += 1;
            pool.idle.pop()
        };
        let conn = match conn.map_or_else(|| connect(&self.path), Ok) {
            Ok(conn) => conn,
            Err(error) => {
                self.give_back(None);
                return Err(error);
            }
        };
        let result = work(&conn);
        self.give_back(Some(conn));
        result
    }

    fn give_back(&self, conn: Option<Connection>) {
        let mut pool = self.pool.lock().expect("pool lock");
        pool.busy -= 1;
        pool.last_used = Instant::now();
        if let Some(conn) = conn.filter(|_| pool.idle.len() < POOL_SIZE) {
            pool.idle.push(conn);
        }
    }
}

fn connect(path: &Path) -> Result<Connection, DbError> {
    let open = |path: &Path| -> rusqlite::Result<Connection> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Up to 64 MiB of page cache (the default is 2 MiB), used only as pages are read: a
        // catalogue crawl inserts at random places in its indexes (tens of MiB at 500k
        // datasets), and with a small cache every insert reads its pages back from the file.
        conn.pragma_update(None, "cache_size", -65_536)?;
        Ok(conn)
    };
    open(path).map_err(|source| DbError::Open {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_migrates_and_uses_wal() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("app.sqlite")).unwrap();
        let (mode, version): (String, i64) = db
            .with(|c| {
                let mode = c.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
                let version = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
                Ok((mode, version))
            })
            .unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(version, SCHEMA_VERSION);
        // Reopening is a no-op migration.
        drop(db);
        Database::open(&dir.path().join("app.sqlite")).unwrap();
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.sqlite");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 999)
            .unwrap();
        let error = Database::open(&path).err().unwrap().to_string();
        assert!(
            error.contains("newer Hugflow") && error.contains("999"),
            "{error}"
        );
    }
}
