//! Versioned schema changes. A database's steps are a list; append a step, never edit one that
//! has shipped. `PRAGMA user_version` records how many have run.

use std::path::Path;

use rusqlite::Connection;

use crate::DbError;

/// The desktop app's own database (`hugflow.sqlite`).
pub const APP: &[&str] = &[
    // 1: key/value settings (never secrets: those live in the OS keyring).
    "CREATE TABLE settings (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );",
    // 2: the Requests page's last poll, and the request events already notified.
    "CREATE TABLE request_polls (
        repo TEXT PRIMARY KEY NOT NULL,
        login TEXT,
        polled_at TEXT NOT NULL
    );
    CREATE TABLE request_items (
        repo TEXT NOT NULL,
        number INTEGER NOT NULL,
        item TEXT NOT NULL,
        PRIMARY KEY (repo, number)
    );
    CREATE TABLE notified_events (
        repo TEXT NOT NULL,
        number INTEGER NOT NULL,
        key TEXT NOT NULL,
        notified_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (repo, number, key)
    );",
    // 3: the HGX hosts the Hosts page watches, in the order they were added.
    "CREATE TABLE hosts (
        name TEXT PRIMARY KEY NOT NULL,
        storage_root TEXT,
        checkout TEXT,
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );",
];

pub const SCHEMA_VERSION: i64 = APP.len() as i64;

pub(crate) fn migrate(conn: &mut Connection, path: &Path, steps: &[&str]) -> Result<(), DbError> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let known = steps.len() as i64;
    if current > known {
        return Err(DbError::TooNew {
            path: path.to_path_buf(),
            found: current,
            known,
        });
    }
    for (index, sql) in steps.iter().enumerate().skip(current as usize) {
        let version = index as i64 + 1;
        let step = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()
        };
        step(conn).map_err(|source| DbError::Migration { version, source })?;
        tracing::info!(version, "database migrated");
    }
    Ok(())
}
