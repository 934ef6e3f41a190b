//! The storage layer: opening the database (SQLite or PostgreSQL) and running migrations.
//!
//! Every query goes through one `sqlx::AnyPool`, so both backends run the same statements:
//! TEXT ids made by the app, BIGINT unix seconds, `$n` placeholders in order, flags as
//! INTEGER 0/1 (never SQL booleans: SQLite has none), sums cast to BIGINT (PostgreSQL's
//! SUM of a BIGINT is NUMERIC). The few places the dialects differ ask [`backend`].

pub mod at_rest;
pub mod audit;
pub mod backup;
pub mod files;
pub mod keyed_hash;
pub mod pending_files;
pub mod uploads;
use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};

/// The connection pool every handler shares.
pub type Db = AnyPool;

/// Which database a pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The backend behind `db` (from its URL scheme).
pub fn backend(db: &Db) -> Backend {
    backend_of(db.connect_options().database_url.as_str())
}

fn backend_of(url: &str) -> Backend {
    if url.starts_with("postgres") {
        Backend::Postgres
    } else {
        Backend::Sqlite
    }
}

/// The SQLite file used when no `DATABASE_URL` is configured.
pub fn sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("portal.db").display())
}

/// Opens `database_url` (or `<data_dir>/portal.db`, created if needed) and applies pending
/// migrations. Migrations run under the backend's own lock, so instances starting together
/// do not race.
pub async fn open(database_url: Option<&str>, data_dir: &Path) -> anyhow::Result<Db> {
    sqlx::any::install_default_drivers();
    let url = match database_url {
        Some(url) => url.to_string(),
        None => {
            std::fs::create_dir_all(data_dir)
                .with_context(|| format!("creating data directory {}", data_dir.display()))?;
            sqlite_url(data_dir)
        }
    };
    let backend = backend_of(&url);
    let options = match backend {
        Backend::Sqlite => AnyPoolOptions::new().max_connections(8).after_connect(|conn, _| {
            // sqlx's SQLite defaults already give foreign keys and a 5 s busy timeout.
            Box::pin(async move {
                conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL").await?;
                Ok(())
            })
        }),
        Backend::Postgres => AnyPoolOptions::new().max_connections(16),
    };
    let pool =
        options.acquire_timeout(Duration::from_secs(10)).connect(&url).await.context("connecting to the database")?;
    migrator(backend).run(&pool).await.context("running migrations")?;
    Ok(pool)
}

fn migrator(backend: Backend) -> sqlx::migrate::Migrator {
    match backend {
        Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
        Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
    }
}

/// Migrations this build knows that the database has not applied (readiness).
pub async fn pending_migrations(db: &Db) -> sqlx::Result<usize> {
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations").fetch_one(db).await?;
    Ok(migrator(backend(db)).iter().count().saturating_sub(applied as usize))
}

/// The advisory lock an instance holds while it seeds (dev) and runs housekeeping.
pub const LOCK_HOUSEKEEPING: i64 = 0x5052_5458_0001;

/// Runs `work` while holding the database-wide lock `key`, so instances sharing a
/// PostgreSQL database take turns (SQLite has one writer at a time already).
pub async fn one_at_a_time<T>(
    db: &Db,
    key: i64,
    work: impl std::future::Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<T> {
    if backend(db) == Backend::Sqlite {
        return work.await;
    }
    // A session lock on a connection of its own, closed rather than returned to the pool
    // if this is cut short (a pooled connection must never keep the lock); released with
    // the connection if the process dies.
    let mut conn = db.acquire().await?;
    conn.close_on_drop();
    sqlx::query("SELECT 1 FROM pg_advisory_lock($1)").bind(key).execute(&mut *conn).await?;
    let result = work.await;
    sqlx::query("SELECT 1 FROM pg_advisory_unlock($1)").bind(key).execute(&mut *conn).await?;
    result
}

/// The platform's business zone (China Standard Time): where a year or a day of reports starts.
pub const CHINA: time::UtcOffset = match time::UtcOffset::from_hms(8, 0, 0) {
    Ok(o) => o,
    Err(_) => panic!("valid offset"),
};

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A random 128-bit id as 32 hex characters.
pub fn new_id() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

/// Builds a statement with `$n` placeholders for whichever backend runs it (sqlx's
/// `QueryBuilder` writes `?` through the Any driver, which PostgreSQL rejects).
#[derive(Default)]
pub struct SqlBuilder {
    pub sql: String,
    pub args: sqlx::any::AnyArguments<'static>,
}

impl SqlBuilder {
    pub fn new(sql: &str) -> Self {
        Self { sql: sql.to_string(), args: Default::default() }
    }

    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Appends the next placeholder and binds `value` to it.
    pub fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: sqlx::Encode<'static, sqlx::Any> + sqlx::Type<sqlx::Any> + Send + 'static,
    {
        use sqlx::Arguments;
        self.args.add(value).expect("encoding a bound value");
        self.sql.push_str(&format!("${}", self.args.len()));
        self
    }
}
