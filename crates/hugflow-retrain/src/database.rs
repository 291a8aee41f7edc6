//! The database the counts come from, by URL: PostgreSQL (`postgresql://`, `postgres://`, or
//! SQLAlchemy's `postgresql+psycopg2://`) or SQLite (SQLAlchemy's `sqlite:////absolute/path`
//! or `sqlite:///relative/path`). The URL holds a password: errors name the host and database,
//! never the URL.
//!
//! On PostgreSQL the connection also holds a session advisory lock for the whole run, so runs
//! on different machines (GitHub-hosted runners) cannot overlap either.

use std::path::PathBuf;

use hugflow_core::config::Secret;

/// The advisory lock key: the bytes of "hugflow-retrain" folded into an i64.
const ADVISORY_LOCK_KEY: i64 = 0x6875_6766_6c6f_7772;

#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error(
        "DATABASE_URL is not a database URL Hugflow knows ({0}); use postgresql://user:password@host:port/database or sqlite:////absolute/path/to/file.db"
    )]
    Url(String),
    #[error(
        "cannot connect to {target}: {message}; check DATABASE_URL, the network and the credentials"
    )]
    Connect { target: String, message: String },
    #[error(
        "the count query for label {label} failed on {target}: {message}; check the table and columns it names (or the label's count_query)"
    )]
    Query {
        label: String,
        target: String,
        message: String,
    },
}

enum Connection {
    Postgres(tokio_postgres::Client),
    Sqlite(PathBuf),
}

/// An open connection to the counts' database.
pub struct Database {
    connection: Connection,
    /// `host:port/database` or the SQLite path: what errors may name.
    target: String,
}

/// TLS for `sslmode=prefer|require`: rustls with the system's roots, as the HTTP clients use,
/// and the provider named rather than the process default (two providers may be linked in).
fn postgres_tls() -> Result<tokio_postgres_rustls::MakeRustlsConnect, rustls::Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_platform_verifier()?
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

impl Database {
    pub async fn connect(url: &Secret) -> Result<Self, DatabaseError> {
        let url = url.expose();
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| DatabaseError::Url("no scheme".into()))?;
        let driver = scheme.split('+').next().unwrap_or(scheme);
        match driver {
            "postgresql" | "postgres" => {
                let plain = format!("postgresql://{rest}");
                let target = postgres_target(&plain);
                let connect = |message: String| DatabaseError::Connect {
                    target: target.clone(),
                    message,
                };
                let tls = postgres_tls().map_err(|e| connect(e.to_string()))?;
                let (client, connection) = tokio_postgres::connect(&plain, tls)
                    .await
                    .map_err(|e| connect(postgres_message(&e)))?;
                tokio::spawn(async move {
                    if let Err(error) = connection.await {
                        tracing::warn!(%error, "the database connection ended");
                    }
                });
                Ok(Self {
                    connection: Connection::Postgres(client),
                    target,
                })
            }
            "sqlite" => {
                // SQLAlchemy's rule: `sqlite:///relative.db`, `sqlite:////absolute.db`.
                let path = PathBuf::from(rest.strip_prefix('/').unwrap_or(rest));
                if !path.exists() {
                    return Err(DatabaseError::Connect {
                        target: path.display().to_string(),
                        message: "no such file".into(),
                    });
                }
                Ok(Self {
                    target: path.display().to_string(),
                    connection: Connection::Sqlite(path),
                })
            }
            other => Err(DatabaseError::Url(format!("scheme `{other}`"))),
        }
    }

    /// `host:port/database` or the SQLite file.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Takes the run lock shared by every machine using this database; `false` when another
    /// run holds it. SQLite databases are local: the state dir's lock file is enough.
    pub async fn try_lock(&self) -> Result<bool, DatabaseError> {
        match &self.connection {
            Connection::Postgres(client) => {
                let row = client
                    .query_one("SELECT pg_try_advisory_lock($1)", &[&ADVISORY_LOCK_KEY])
                    .await
                    .map_err(|e| DatabaseError::Connect {
                        target: self.target.clone(),
                        message: postgres_message(&e),
                    })?;
                Ok(row.get(0))
            }
            Connection::Sqlite(_) => Ok(true),
        }
    }

    /// Runs a count query with `$1` bound to `model_type`.
    pub async fn count(
        &self,
        label: &str,
        query: &str,
        model_type: &str,
    ) -> Result<u64, DatabaseError> {
        let failed = |message: String| DatabaseError::Query {
            label: label.to_string(),
            target: self.target.clone(),
            message,
        };
        let binds_label = query.contains("$1");
        let count: i64 = match &self.connection {
            Connection::Postgres(client) => {
                let row = if binds_label {
                    client.query_one(query, &[&model_type]).await
                } else {
                    client.query_one(query, &[]).await
                }
                .map_err(|e| failed(postgres_message(&e)))?;
                row.try_get::<_, i64>(0)
                    .or_else(|_| row.try_get::<_, i32>(0).map(i64::from))
                    .map_err(|e| failed(format!("the first column is not a count ({e})")))?
            }
            Connection::Sqlite(path) => {
                let path = path.clone();
                let query = query.to_string();
                let model_type = model_type.to_string();
                tokio::task::spawn_blocking(move || -> rusqlite::Result<i64> {
                    let connection = rusqlite::Connection::open_with_flags(
                        &path,
                        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                    )?;
                    let mut statement = connection.prepare(&query)?;
                    if binds_label {
                        statement.query_row([model_type], |row| row.get(0))
                    } else {
                        statement.query_row([], |row| row.get(0))
                    }
                })
                .await
                .map_err(|e| failed(e.to_string()))?
                .map_err(|e| failed(e.to_string()))?
            }
        };
        u64::try_from(count).map_err(|_| failed(format!("it returned {count}")))
    }
}

/// `host:port/database` of a PostgreSQL URL, without user or password.
fn postgres_target(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) => format!(
            "{}:{}{}",
            parsed.host_str().unwrap_or("localhost"),
            parsed.port().unwrap_or(5432),
            parsed.path()
        ),
        Err(_) => "the PostgreSQL server".into(),
    }
}

/// The server's own message when there is one (tokio-postgres's Display says only "db error").
fn postgres_message(error: &tokio_postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => db.message().to_string(),
        None => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                message = format!("{message}: {cause}");
                source = cause.source();
            }
            message
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_never_carry_the_password() {
        let target =
            postgres_target("postgresql://demo_user:demo_pass@db.example.com:5433/project_db");
        assert_eq!(target, "db.example.com:5433/project_db");
    }

    #[tokio::test]
    async fn unknown_schemes_and_missing_files_are_explained() {
        let error = Database::connect(&Secret::new("mysql://u:p@h/db"))
            .await
            .err()
            .unwrap();
        assert!(
            error.to_string().contains("mysql") && !error.to_string().contains("u:p"),
            "{error}"
        );
        let error = Database::connect(&Secret::new("sqlite:////nowhere/x.db"))
            .await
            .err()
            .unwrap();
        assert!(error.to_string().contains("/nowhere/x.db"), "{error}");
    }
}
