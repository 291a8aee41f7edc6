//! Memory given back while the app sits idle.
//!
//! The app's database and the catalogue each keep SQLite page caches of up to 64 MiB a
//! connection, filled by searches and kept for the connection's life. Once a database has
//! gone unused for [`QUIET`], its caches are emptied, then the C heap hands its free pages
//! back to the OS (glibc keeps them otherwise). The next query reads its pages again from
//! the OS's file cache: a few milliseconds, once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hugflow_db::Database;

use crate::HugflowApp;

/// How long a database goes unused before its caches are emptied.
pub const QUIET: Duration = Duration::from_secs(10);
const CHECK_EVERY: Duration = Duration::from_secs(5);

/// For each database, the use whose caches were last given back.
#[derive(Default)]
pub(crate) struct Released([Option<Instant>; 2]);

impl HugflowApp {
    /// Runs for the app's life (the shell spawns it once).
    pub async fn release_memory_when_idle(self: Arc<Self>) {
        let mut released = Released::default();
        loop {
            tokio::time::sleep(CHECK_EVERY).await;
            self.release_idle_memory(Instant::now(), &mut released);
        }
    }

    /// Empties the caches of each database quiet since before `now - QUIET` and used since
    /// its last release; returns the bytes they held.
    pub(crate) fn release_idle_memory(&self, now: Instant, released: &mut Released) -> usize {
        let databases: [&Database; 2] = [&self.db, self.catalogue.database()];
        let mut freed = 0;
        for (db, last) in databases.into_iter().zip(released.0.iter_mut()) {
            if let Some(used) = db.last_used()
                && due(used, now, *last)
            {
                freed += db.release_memory();
                *last = Some(used);
            }
        }
        if freed > 0 {
            trim_heap();
            tracing::debug!(freed, "idle: SQLite page caches given back");
        }
        freed
    }
}

/// Quiet long enough, and used since the caches were last given back.
fn due(last_used: Instant, now: Instant, released_for: Option<Instant>) -> bool {
    now.saturating_duration_since(last_used) >= QUIET && released_for != Some(last_used)
}

/// glibc keeps freed memory in its arenas; `malloc_trim` returns every whole free page.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim_heap() {
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe { libc::malloc_trim(0) };
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim_heap() {}

#[cfg(test)]
mod tests {
    use hugflow_secrets::{MemoryStore, SecretStore, Secrets};

    use super::*;
    use crate::AppPaths;
    use crate::test_support::RecordingHost;

    /// Reads 8 MB through the catalogue's pool, as a long search session would.
    fn search_a_lot(app: &HugflowApp) {
        let total: i64 = app
            .catalogue
            .database()
            .with(|c| {
                c.execute_batch(
                    "CREATE TABLE IF NOT EXISTS scratch (body BLOB);
                     DELETE FROM scratch;
                     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000)
                     INSERT INTO scratch SELECT randomblob(1000) FROM n;",
                )?;
                Ok(c.query_row("SELECT sum(length(body)) FROM scratch", [], |r| r.get(0))?)
            })
            .unwrap();
        assert_eq!(total, 8_000_000);
    }

    #[test]
    fn caches_go_back_once_quiet_and_once_per_use() {
        let data = tempfile::tempdir().unwrap();
        let store: Box<dyn SecretStore> = Box::new(MemoryStore::default());
        let paths = AppPaths {
            data_dir: data.path().join("data"),
            log_dir: data.path().join("logs"),
        };
        let app = HugflowApp::new(
            paths,
            Secrets::new(store),
            Arc::new(RecordingHost::default()),
        )
        .unwrap();
        let mut released = Released::default();
        search_a_lot(&app);

        let now = Instant::now();
        assert_eq!(
            app.release_idle_memory(now, &mut released),
            0,
            "not quiet yet"
        );
        let later = now + QUIET;
        let freed = app.release_idle_memory(later, &mut released);
        assert!(freed > 4_000_000, "gave back {freed} bytes");
        assert_eq!(
            app.release_idle_memory(later, &mut released),
            0,
            "once per use"
        );

        search_a_lot(&app);
        let freed = app.release_idle_memory(Instant::now() + QUIET, &mut released);
        assert!(
            freed > 4_000_000,
            "a new use is released again: {freed} bytes"
        );
    }
}
