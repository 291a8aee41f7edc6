//! A world for orchestrator runs: the fake Hub with a prepare Space, a retrain Space and a
//! metadata repo, a counts database (real PostgreSQL or SQLite) and a state dir.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use hugflow_retrain::{RetrainConfig, RunLog};
use hugflow_testkit::hub::{Corpus, FakeHub, Files};
use hugflow_testkit::postgres::Postgres;
use tempfile::TempDir;

pub const PREPARE: &str = "acme/prepare-dataset";
pub const RETRAIN: &str = "acme/retrain-urgency";
pub const METADATA_REPO: &str = "acme/urgency-dataset";

/// Reviewed misclassifications seeded for `urgency`, and noise that must not count.
pub struct Rows {
    pub misclassified: u32,
}

pub enum Db {
    Postgres(Postgres),
    /// Holds the SQLite file.
    Sqlite(#[allow(dead_code)] TempDir),
}

pub struct World {
    pub hub: FakeHub,
    pub state: TempDir,
    pub db: Db,
    pub env: HashMap<String, String>,
}

pub fn metadata(version: &str, samples: u64) -> Files {
    let json = serde_json::json!({
        "dataset_name": METADATA_REPO,
        "version_tag": version,
        "num_samples": samples,
        "splits": {"train": samples * 8 / 10},
        "created_at": "2026-11-20T10:00:00+00:00",
    });
    vec![(
        "dataset_metadata.json".into(),
        json.to_string().into_bytes(),
    )]
}

impl World {
    /// Threshold 30; each misclassified row adds 1.5 rows to the dataset (ratio 0.5).
    pub async fn postgres(rows: Rows) -> Self {
        let pg = Postgres::start();
        seed_postgres(&pg.url(), &rows).await;
        let url = pg.url();
        Self::with(Db::Postgres(pg), url)
    }

    pub fn sqlite(rows: Rows) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("reviews.db");
        seed_sqlite(&file, &rows);
        let url = format!("sqlite:///{}", file.display());
        Self::with(Db::Sqlite(dir), url)
    }

    fn with(db: Db, database_url: String) -> Self {
        let hub = FakeHub::start(Corpus::new());
        hub.spaces().add(PREPARE, "RUNNING");
        hub.spaces().add(RETRAIN, "PAUSED");
        hub.live()
            .commit(METADATA_REPO, "v1", metadata("v20261101_000000", 20));
        let env = [
            ("HF_TOKEN", hub.token().to_string()),
            ("HF_ENDPOINT", hub.url().to_string()),
            ("PREPARE_DATASET_REPO", PREPARE.into()),
            ("RETRAIN_URGENCY_REPO", RETRAIN.into()),
            (
                "HF_HUB_METADATA_URGENCY",
                format!(
                    "{}/datasets/{METADATA_REPO}/resolve/main/dataset_metadata.json",
                    hub.url()
                ),
            ),
            ("THRESHOLD_URGENCY", "30".into()),
            ("DATABASE_URL", database_url),
            ("POLL_INTERVAL", "0.05".into()),
            ("POLL_TIMEOUT", "5".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        Self {
            hub,
            state: tempfile::tempdir().unwrap(),
            db,
            env,
        }
    }

    pub fn set(&mut self, key: &str, value: &str) {
        self.env.insert(key.into(), value.into());
    }

    pub fn config(&self) -> RetrainConfig {
        RetrainConfig::load(&self.env, None).unwrap()
    }

    /// One run; returns it and the lines it printed.
    pub async fn run(&self) -> (hugflow_core::retrain::RetrainRun, Vec<String>) {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        let log = RunLog::new(true, move |line| {
            sink.lock().unwrap().push(line.to_string())
        });
        let run = hugflow_retrain::run(&self.config(), self.state.path(), log)
            .await
            .unwrap();
        let lines = lines.lock().unwrap().clone();
        (run, lines)
    }

    /// `space/action` for every restart and pause the Hub saw.
    pub fn space_calls(&self) -> Vec<String> {
        self.hub
            .spaces()
            .calls()
            .into_iter()
            .map(|c| format!("{}/{}", c.space, c.action))
            .collect()
    }
}

const SCHEMA: &str = "CREATE TABLE misclassified_complaints (
    id INTEGER PRIMARY KEY,
    model_type TEXT NOT NULL,
    predicted_label TEXT NOT NULL,
    corrected_label TEXT,
    reviewed BOOLEAN NOT NULL
)";

/// `(model_type, predicted, corrected, reviewed)` rows: the misclassified ones, then noise
/// the seed's count leaves out.
fn row_values(rows: &Rows) -> Vec<(&'static str, &'static str, Option<&'static str>, bool)> {
    let mut values = vec![("urgency", "low", Some("high"), true); rows.misclassified as usize];
    values.extend([
        ("urgency", "low", Some("high"), false),
        ("urgency", "low", Some("low"), true),
        ("urgency", "low", None, true),
        ("department", "roads", Some("water"), true),
    ]);
    values
}

async fn seed_postgres(url: &str, rows: &Rows) {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client.batch_execute(SCHEMA).await.unwrap();
    for (id, (model, predicted, corrected, reviewed)) in row_values(rows).into_iter().enumerate() {
        client
            .execute(
                "INSERT INTO misclassified_complaints VALUES ($1, $2, $3, $4, $5)",
                &[&(id as i32), &model, &predicted, &corrected, &reviewed],
            )
            .await
            .unwrap();
    }
}

fn seed_sqlite(file: &Path, rows: &Rows) {
    let connection = rusqlite::Connection::open(file).unwrap();
    connection.execute_batch(SCHEMA).unwrap();
    for (id, (model, predicted, corrected, reviewed)) in row_values(rows).into_iter().enumerate() {
        connection
            .execute(
                "INSERT INTO misclassified_complaints VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![id as i64, model, predicted, corrected, reviewed],
            )
            .unwrap();
    }
}
