//! What each host holds, joined into search results ("on hgx-a").

use hugflow_core::status::StatusReport;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::{Catalogue, CatalogueError};

/// One download of a dataset on one host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HostDataset {
    pub host: String,
    pub storage_name: String,
    pub hf_id: String,
    pub revision: String,
    pub subset: Option<String>,
    pub split: String,
    pub path: Option<String>,
    pub size_bytes: Option<u64>,
    pub file_count: Option<u64>,
    pub added_at: String,
}

impl Catalogue {
    /// Replaces everything recorded for `host` with what its status report lists.
    pub fn set_host_datasets(
        &self,
        host: &str,
        report: &StatusReport,
    ) -> Result<(), CatalogueError> {
        Ok(self.db.with(|conn| {
            let tx = conn.unchecked_transaction()?;
            tx.execute("DELETE FROM host_datasets WHERE host = ?1", [host])?;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT OR REPLACE INTO host_datasets
                     (host, storage_name, hf_id, revision, subset, split, path, size_bytes, file_count, added_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )?;
                for d in &report.datasets {
                    insert.execute(params![
                        host,
                        d.storage_name,
                        d.hf_id,
                        d.revision,
                        d.subset,
                        d.split,
                        d.path,
                        d.size_bytes.map(|v| v as i64),
                        d.file_count.map(|v| v as i64),
                        d.added_at,
                    ])?;
                }
            }
            tx.commit()?;
            Ok(())
        })?)
    }

    /// Forgets everything recorded for `host`.
    pub fn clear_host(&self, host: &str) -> Result<(), CatalogueError> {
        Ok(self.db.with(|c| {
            c.execute("DELETE FROM host_datasets WHERE host = ?1", [host])?;
            Ok(())
        })?)
    }

    /// Where `hf_id` is held, newest first.
    pub fn held_by(&self, hf_id: &str) -> Result<Vec<HostDataset>, CatalogueError> {
        Ok(self.db.with(|conn| {
            let mut statement = conn.prepare_cached(
                "SELECT host, storage_name, hf_id, revision, subset, split, path, size_bytes, file_count, added_at
                 FROM host_datasets WHERE hf_id = ?1 ORDER BY added_at DESC",
            )?;
            let rows = statement.query_map([hf_id], |r| {
                Ok(HostDataset {
                    host: r.get(0)?,
                    storage_name: r.get(1)?,
                    hf_id: r.get(2)?,
                    revision: r.get(3)?,
                    subset: r.get(4)?,
                    split: r.get(5)?,
                    path: r.get(6)?,
                    size_bytes: r.get::<_, Option<i64>>(7)?.map(|v| v as u64),
                    file_count: r.get::<_, Option<i64>>(8)?.map(|v| v as u64),
                    added_at: r.get(9)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })?)
    }
}
