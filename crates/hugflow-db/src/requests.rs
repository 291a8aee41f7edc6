//! What the Requests page last saw, per GitOps repository, and which request events were
//! already notified: so after a restart the app shows the last known states at once and says
//! only what is new. Items are stored as the JSON the caller gives (this crate does not know
//! their shape).

use rusqlite::{OptionalExtension, params};

use crate::{Database, DbError};

/// A repository's last poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSnapshot {
    pub login: Option<String>,
    pub polled_at: String,
    /// `(number, item JSON)`, by number.
    pub items: Vec<(u64, String)>,
}

impl Database {
    /// Replaces the repository's snapshot in one transaction.
    pub fn save_request_snapshot(
        &self,
        repo: &str,
        snapshot: &RequestSnapshot,
    ) -> Result<(), DbError> {
        self.with(|conn| {
            let tx = conn.unchecked_transaction()?;
            tx.execute("DELETE FROM request_items WHERE repo = ?1", [repo])?;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO request_items (repo, number, item) VALUES (?1, ?2, ?3)",
                )?;
                for (number, item) in &snapshot.items {
                    insert.execute(params![repo, *number as i64, item])?;
                }
            }
            tx.execute(
                "INSERT INTO request_polls (repo, login, polled_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(repo) DO UPDATE SET login = excluded.login, polled_at = excluded.polled_at",
                params![repo, snapshot.login, snapshot.polled_at],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    /// The repository's last snapshot; `None` before its first poll.
    pub fn request_snapshot(&self, repo: &str) -> Result<Option<RequestSnapshot>, DbError> {
        self.with(|conn| {
            let poll: Option<(Option<String>, String)> = conn
                .query_row(
                    "SELECT login, polled_at FROM request_polls WHERE repo = ?1",
                    [repo],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((login, polled_at)) = poll else {
                return Ok(None);
            };
            let mut statement = conn.prepare_cached(
                "SELECT number, item FROM request_items WHERE repo = ?1 ORDER BY number",
            )?;
            let items = statement
                .query_map([repo], |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(RequestSnapshot {
                login,
                polled_at,
                items,
            }))
        })
    }

    /// Records an event; `true` the first time it is seen (so: notify), `false` after.
    pub fn record_request_event(
        &self,
        repo: &str,
        number: u64,
        key: &str,
    ) -> Result<bool, DbError> {
        self.with(|conn| {
            let inserted = conn.execute(
                "INSERT OR IGNORE INTO notified_events (repo, number, key) VALUES (?1, ?2, ?3)",
                params![repo, number as i64, key],
            )?;
            Ok(inserted == 1)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_replace_and_events_are_seen_once_across_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.sqlite");
        let db = Database::open(&path).unwrap();
        assert_eq!(db.request_snapshot("t/g").unwrap(), None);
        let first = RequestSnapshot {
            login: Some("me".into()),
            polled_at: "2026-01-01T00:00:00Z".into(),
            items: vec![(1, "{\"a\":1}".into()), (2, "{}".into())],
        };
        db.save_request_snapshot("t/g", &first).unwrap();
        let second = RequestSnapshot {
            items: vec![(2, "{\"b\":2}".into())],
            ..first.clone()
        };
        db.save_request_snapshot("t/g", &second).unwrap();
        assert!(db.record_request_event("t/g", 2, "complete:9").unwrap());
        assert!(!db.record_request_event("t/g", 2, "complete:9").unwrap());
        assert!(db.record_request_event("t/g", 3, "complete:9").unwrap());
        drop(db);
        let db = Database::open(&path).unwrap();
        assert_eq!(db.request_snapshot("t/g").unwrap(), Some(second));
        assert_eq!(db.request_snapshot("other/x").unwrap(), None);
        assert!(!db.record_request_event("t/g", 2, "complete:9").unwrap());
    }
}
