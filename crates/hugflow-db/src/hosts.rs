//! The hosts the desktop watches: how to reach each (its ssh target) and where its datasets
//! and GitOps checkout are. Never credentials: ssh keeps those.

use rusqlite::{OptionalExtension, params};

use crate::{Database, DbError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostRecord {
    /// The ssh target as the user gave it: a Host name from ~/.ssh/config or user@host:port.
    pub name: String,
    /// The host's STORAGE_ROOT, whose disk the Hosts page shows.
    pub storage_root: Option<String>,
    /// The GitOps checkout on the host (for `hugflow status` and syncs).
    pub checkout: Option<String>,
    pub added_at: String,
}

impl Database {
    /// Every host, oldest first.
    pub fn hosts(&self) -> Result<Vec<HostRecord>, DbError> {
        self.with(|c| {
            let mut statement = c.prepare_cached(
                "SELECT name, storage_root, checkout, added_at FROM hosts ORDER BY added_at, name",
            )?;
            let rows = statement.query_map([], row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    pub fn host(&self, name: &str) -> Result<Option<HostRecord>, DbError> {
        self.with(|c| {
            Ok(c.query_row(
                "SELECT name, storage_root, checkout, added_at FROM hosts WHERE name = ?1",
                [name],
                row,
            )
            .optional()?)
        })
    }

    /// Adds `name`, or updates its paths when it is already there.
    pub fn save_host(
        &self,
        name: &str,
        storage_root: Option<&str>,
        checkout: Option<&str>,
    ) -> Result<HostRecord, DbError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO hosts (name, storage_root, checkout) VALUES (?1, ?2, ?3)
                 ON CONFLICT(name) DO UPDATE SET storage_root = excluded.storage_root,
                   checkout = excluded.checkout",
                params![name, storage_root, checkout],
            )?;
            Ok(())
        })?;
        Ok(self.host(name)?.expect("the host was just saved"))
    }

    /// Forgets `name`; `false` when it was not there.
    pub fn remove_host(&self, name: &str) -> Result<bool, DbError> {
        self.with(|c| Ok(c.execute("DELETE FROM hosts WHERE name = ?1", [name])? > 0))
    }
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<HostRecord> {
    Ok(HostRecord {
        name: r.get(0)?,
        storage_root: r.get(1)?,
        checkout: r.get(2)?,
        added_at: r.get(3)?,
    })
}

#[cfg(test)]
mod tests {
    use crate::Database;

    #[test]
    fn hosts_are_saved_updated_listed_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.sqlite");
        let db = Database::open(&path).unwrap();
        db.save_host("hgx-a", Some("/data/datasets"), None).unwrap();
        db.save_host("ml@10.0.0.5:2222", None, None).unwrap();
        let updated = db
            .save_host("hgx-a", Some("/raid/datasets"), Some("~/hugflow-gitops"))
            .unwrap();
        assert_eq!(updated.storage_root.as_deref(), Some("/raid/datasets"));
        drop(db);
        let db = Database::open(&path).unwrap();
        let names: Vec<String> = db.hosts().unwrap().into_iter().map(|h| h.name).collect();
        assert_eq!(names, ["hgx-a", "ml@10.0.0.5:2222"]);
        assert!(db.remove_host("hgx-a").unwrap());
        assert!(!db.remove_host("hgx-a").unwrap());
        assert_eq!(db.hosts().unwrap().len(), 1);
    }
}
