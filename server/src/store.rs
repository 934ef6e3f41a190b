//! The storage layer: opening the database and running migrations.
//!
//! SQL elsewhere stays portable (TEXT ids made by the app, BIGINT unix seconds, `$n`
//! placeholders in order), so a PostgreSQL backend can run the same statements.
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

/// The connection pool every handler shares.
pub type Db = SqlitePool;

/// Opens (creating if needed) `<data_dir>/portal.db` and applies pending migrations.
pub async fn open(data_dir: &Path) -> anyhow::Result<Db> {
    std::fs::create_dir_all(data_dir).with_context(|| format!("creating data directory {}", data_dir.display()))?;
    let path = data_dir.join("portal.db");
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
    sqlx::migrate!("./migrations").run(&pool).await.context("running migrations")?;
    Ok(pool)
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A random 128-bit id as 32 hex characters.
pub fn new_id() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}
