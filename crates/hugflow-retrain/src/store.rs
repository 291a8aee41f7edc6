//! Every run, recorded in SQLite under the state dir (`retrain.sqlite`): written when it
//! starts and after every step, so a run killed half-way still shows how far it got.
//! A run is one JSON document (the shape in `hugflow_core::retrain`) plus the columns the
//! history is listed by.

use std::path::{Path, PathBuf};

use hugflow_core::retrain::{RetrainRun, RunOutcome};
use rusqlite::{Connection, OptionalExtension, params};

pub const STORE_FILE: &str = "retrain.sqlite";

#[derive(Debug, thiserror::Error)]
#[error("the retrain history {path} cannot be {doing}: {message}")]
pub struct StoreError {
    path: PathBuf,
    doing: &'static str,
    message: String,
}

pub struct RunStore {
    connection: Connection,
    path: PathBuf,
}

impl RunStore {
    /// Opens (creating it and the state dir) `state_dir/retrain.sqlite`.
    pub fn open(state_dir: &Path) -> Result<Self, StoreError> {
        let path = state_dir.join(STORE_FILE);
        let error = |doing, e: &dyn std::fmt::Display| StoreError {
            path: path.clone(),
            doing,
            message: e.to_string(),
        };
        std::fs::create_dir_all(state_dir).map_err(|e| error("created", &e))?;
        let connection = Connection::open(&path).map_err(|e| error("opened", &e))?;
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA busy_timeout = 5000;
                 CREATE TABLE IF NOT EXISTS runs (
                     id INTEGER PRIMARY KEY AUTOINCREMENT,
                     started_at TEXT NOT NULL,
                     outcome TEXT NOT NULL,
                     document TEXT NOT NULL
                 );",
            )
            .map_err(|e| error("opened", &e))?;
        Ok(Self { connection, path })
    }

    /// Opens the history only if it exists (readers never create one).
    pub fn open_existing(state_dir: &Path) -> Result<Option<Self>, StoreError> {
        if state_dir.join(STORE_FILE).exists() {
            Self::open(state_dir).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Records a new run and gives it its id.
    pub fn insert(&self, run: &mut RetrainRun) -> Result<(), StoreError> {
        self.connection
            .execute(
                "INSERT INTO runs (started_at, outcome, document) VALUES (?1, ?2, '{}')",
                params![run.started_at, outcome_name(run.outcome)],
            )
            .map_err(|e| self.error("written", &e))?;
        run.id = self.connection.last_insert_rowid();
        self.save(run)
    }

    /// Replaces a run's record with its current state.
    pub fn save(&self, run: &RetrainRun) -> Result<(), StoreError> {
        let document = serde_json::to_string(run).map_err(|e| self.error("written", &e))?;
        self.connection
            .execute(
                "UPDATE runs SET outcome = ?2, document = ?3 WHERE id = ?1",
                params![run.id, outcome_name(run.outcome), document],
            )
            .map_err(|e| self.error("written", &e))?;
        Ok(())
    }

    /// The newest `limit` runs, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<RetrainRun>, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT document FROM runs ORDER BY id DESC LIMIT ?1")
            .map_err(|e| self.error("read", &e))?;
        let documents = statement
            .query_map([limit as i64], |row| row.get::<_, String>(0))
            .and_then(Iterator::collect::<Result<Vec<_>, _>>)
            .map_err(|e| self.error("read", &e))?;
        documents
            .iter()
            .map(|d| serde_json::from_str(d).map_err(|e| self.error("read", &e)))
            .collect()
    }

    pub fn run(&self, id: i64) -> Result<Option<RetrainRun>, StoreError> {
        let document: Option<String> = self
            .connection
            .query_row("SELECT document FROM runs WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()
            .map_err(|e| self.error("read", &e))?;
        document
            .map(|d| serde_json::from_str(&d).map_err(|e| self.error("read", &e)))
            .transpose()
    }

    fn error(&self, doing: &'static str, e: &dyn std::fmt::Display) -> StoreError {
        StoreError {
            path: self.path.clone(),
            doing,
            message: e.to_string(),
        }
    }
}

fn outcome_name(outcome: RunOutcome) -> &'static str {
    match outcome {
        RunOutcome::Running => "running",
        RunOutcome::Completed => "completed",
        RunOutcome::Failed => "failed",
        RunOutcome::Skipped => "skipped",
    }
}
