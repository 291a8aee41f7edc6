//! Key/value settings of the desktop app.

use rusqlite::OptionalExtension;

use crate::{Database, DbError};

/// The Hugflow checkout shown on the Local datasets page.
pub const LOCAL_CHECKOUT: &str = "local_checkout";

impl Database {
    pub fn setting(&self, key: &str) -> Result<Option<String>, DbError> {
        self.with(|c| {
            Ok(
                c.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?,
            )
        })
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), DbError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value,
                   updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                [key, value],
            )?;
            Ok(())
        })
    }

    pub fn delete_setting(&self, key: &str) -> Result<(), DbError> {
        self.with(|c| {
            c.execute("DELETE FROM settings WHERE key = ?1", [key])?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::Database;

    #[test]
    fn settings_round_trip_and_persist() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.sqlite");
        let db = Database::open(&path).unwrap();
        assert_eq!(db.setting("k").unwrap(), None);
        db.set_setting("k", "one").unwrap();
        db.set_setting("k", "two").unwrap();
        drop(db);
        let db = Database::open(&path).unwrap();
        assert_eq!(db.setting("k").unwrap().as_deref(), Some("two"));
        db.delete_setting("k").unwrap();
        assert_eq!(db.setting("k").unwrap(), None);
    }
}
