//! Online backup and restore: `server backup --to DIR`, `server restore --from DIR`, for
//! either backend.
//!
//! SQLite: `VACUUM INTO` writes a consistent snapshot while the server keeps serving.
//! PostgreSQL: a REPEATABLE READ transaction exports its snapshot and `pg_dump` dumps exactly
//! that snapshot. Either way the stored files are then copied as the *snapshot* names them,
//! so the backup holds exactly the files its database points to. A manifest records each
//! file's SHA-256; restore checks them all before it writes anything.
use std::path::{Path, PathBuf};

use anyhow::{bail, ensure, Context};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::Connection;

use crate::store::{backend, Backend, Db};
use crate::{store::uploads, Config};

const SQLITE_FILE: &str = "portal.db";
const POSTGRES_FILE: &str = "portal.pgdump";
const MANIFEST: &str = "manifest.json";

/// What a backup holds.
#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub created_at: i64,
    /// `sqlite` (`portal.db`) or `postgres` (`portal.pgdump`, pg_dump's custom format).
    #[serde(default = "sqlite")]
    pub backend: String,
    /// SHA-256 of the database snapshot.
    pub database_sha256: String,
    /// Stored file name → SHA-256.
    pub files: std::collections::BTreeMap<String, String>,
    /// Files the snapshot names that were deleted before they could be copied (an account
    /// deleted during the backup); their rows are in the snapshot.
    pub missing: Vec<String>,
}

fn sqlite() -> String {
    "sqlite".into() // backups from before PostgreSQL was supported
}

/// Writes a backup of the live database and its files into `dest` (a new or empty directory).
pub async fn backup(db: &Db, config: &Config, dest: &Path) -> anyhow::Result<Manifest> {
    let uploads_dir = config.uploads_dir();
    if dest.exists() {
        ensure!(std::fs::read_dir(dest)?.next().is_none(), "{} is not empty", dest.display());
    }
    std::fs::create_dir_all(dest.join("uploads"))?;
    let (kind, snapshot, names) = match backend(db) {
        Backend::Sqlite => {
            let snapshot = dest.join(SQLITE_FILE);
            sqlx::query("VACUUM INTO $1")
                .bind(snapshot.to_str().context("backup path is not UTF-8")?.to_string())
                .execute(db)
                .await
                .context("VACUUM INTO")?;
            let url = format!("sqlite://{}?mode=ro", snapshot.display());
            let names = stored_files(&mut sqlx::AnyConnection::connect(&url).await?).await?;
            ("sqlite", snapshot, names)
        }
        Backend::Postgres => {
            let snapshot = dest.join(POSTGRES_FILE);
            let url = config.database_url.as_deref().context("no database URL")?;
            let names = dump_postgres(db, url, &snapshot).await?;
            ("postgres", snapshot, names)
        }
    };
    let mut manifest = Manifest {
        format: "pharmacy-portal-backup/1".into(),
        created_at: crate::store::now(),
        backend: kind.into(),
        database_sha256: sha256_file(&snapshot)?,
        files: Default::default(),
        missing: Vec::new(),
    };
    for name in names {
        let from = uploads_dir.join(&name);
        match std::fs::copy(&from, dest.join("uploads").join(&name)) {
            Ok(_) => {
                manifest.files.insert(name.clone(), sha256_file(&dest.join("uploads").join(&name))?);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => manifest.missing.push(name),
            Err(e) => return Err(e).with_context(|| format!("copying {}", from.display())),
        }
    }
    std::fs::write(dest.join(MANIFEST), serde_json::to_vec_pretty(&manifest)?)?;
    Ok(manifest)
}

/// `pg_dump` of one exported snapshot, and the stored files that same snapshot names.
async fn dump_postgres(db: &Db, url: &str, out: &Path) -> anyhow::Result<Vec<String>> {
    let mut tx = db.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
    let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()").fetch_one(&mut *tx).await?;
    let names = stored_files(&mut tx).await?;
    let mut dump = pg_tool("pg_dump", url);
    dump.args(["--format=custom", "--no-owner", "--snapshot", &snapshot, "--file"]).arg(out);
    run(dump, "pg_dump").await?;
    tx.rollback().await?; // the snapshot was needed only while pg_dump read it
    Ok(names)
}

/// Restores a backup (stop the servers first). SQLite: into `--data-dir`, which must not hold
/// a database yet. PostgreSQL: into `--database-url`, which must have no tables yet. `force`
/// replaces what is there. Every checksum is verified before anything is written; files go
/// first, the database last, so a cut-off restore leaves no rows pointing at missing files.
pub async fn restore(src: &Path, config: &Config, force: bool) -> anyhow::Result<Manifest> {
    let manifest: Manifest = serde_json::from_slice(&std::fs::read(src.join(MANIFEST)).context("reading manifest")?)?;
    ensure!(manifest.format == "pharmacy-portal-backup/1", "unknown backup format {}", manifest.format);
    let postgres = match (manifest.backend.as_str(), config.database_url.is_some()) {
        ("sqlite", false) => false,
        ("postgres", true) => true,
        ("sqlite", true) => bail!("this is a backup of a SQLite database: restore it without --database-url"),
        ("postgres", false) => bail!("this is a backup of a PostgreSQL database: pass --database-url"),
        (other, _) => bail!("unknown database kind {other}"),
    };
    let db_file = src.join(if postgres { POSTGRES_FILE } else { SQLITE_FILE });
    ensure!(sha256_file(&db_file)? == manifest.database_sha256, "the database snapshot is damaged");
    for (name, sum) in &manifest.files {
        ensure!(&sha256_file(&src.join("uploads").join(name))? == sum, "stored file {name} is damaged");
    }
    let (data_dir, uploads_dir) = (config.data_dir.as_path(), config.uploads_dir());
    let target = data_dir.join(SQLITE_FILE);
    if let Some(url) = config.database_url.as_deref() {
        sqlx::any::install_default_drivers();
        let mut conn = sqlx::AnyConnection::connect(url).await.context("connecting to --database-url")?;
        let tables: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'members'",
        )
        .fetch_one(&mut conn)
        .await?;
        if tables > 0 && !force {
            bail!("the database already holds the portal's tables; stop the servers and pass --force to replace them");
        }
    } else if target.exists() && !force {
        bail!("{} exists; stop the server and pass --force to replace it", target.display());
    }
    std::fs::create_dir_all(&uploads_dir)?;
    for name in manifest.files.keys() {
        std::fs::copy(src.join("uploads").join(name), uploads_dir.join(name))?;
    }
    if let Some(url) = config.database_url.as_deref() {
        // One transaction: the database is replaced entirely or not at all.
        let mut load = pg_tool("pg_restore", url);
        load.args(["--clean", "--if-exists", "--no-owner", "--single-transaction"]).arg(&db_file);
        run(load, "pg_restore").await?;
        return Ok(manifest);
    }
    // SQLite: under a temporary name, then renamed.
    for stale in ["portal.db-wal", "portal.db-shm"] {
        let _ = std::fs::remove_file(data_dir.join(stale));
    }
    let partial: PathBuf = data_dir.join("portal.db.restoring");
    std::fs::copy(&db_file, &partial)?;
    std::fs::rename(&partial, &target)?;
    Ok(manifest)
}

/// Every stored file a database names (prescription pages, feedback photos).
async fn stored_files(conn: &mut sqlx::AnyConnection) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = sqlx::query_scalar(
        "SELECT file FROM prescription_pages UNION ALL SELECT photo_path FROM feedback WHERE photo_path IS NOT NULL",
    )
    .fetch_all(conn)
    .await?;
    // Names come from a database file on disk: only names the server could have made are copied.
    names.retain(|n| uploads::valid_name(n));
    Ok(names)
}

/// A PostgreSQL client tool for `url`. The password goes in PGPASSWORD, never on the command
/// line (where `ps` would show it).
fn pg_tool(tool: &str, url: &str) -> tokio::process::Command {
    let (url, password) = split_password(url);
    let mut cmd = tokio::process::Command::new(tool);
    cmd.arg("--dbname").arg(url);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    cmd
}

async fn run(mut cmd: tokio::process::Command, tool: &str) -> anyhow::Result<()> {
    let out = cmd.output().await.with_context(|| format!("running {tool} (Debian package: postgresql-client)"))?;
    ensure!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr).trim());
    Ok(())
}

/// `postgres://user:secret@host/db` → (`postgres://user@host/db`, `secret` percent-decoded).
fn split_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else { return (url.to_string(), None) };
    let Some((auth, host)) = rest.rsplit_once('@') else { return (url.to_string(), None) };
    let Some((user, secret)) = auth.split_once(':') else { return (url.to_string(), None) };
    (format!("{scheme}://{user}@{host}"), Some(percent_decode(secret)))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn sha256_file(path: &Path) -> anyhow::Result<String> {
    let mut hasher = Sha256::new();
    let mut file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    std::io::copy(&mut file, &mut hasher)?;
    Ok(hex::encode(hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url_for_the_environment() {
        assert_eq!(
            split_password("postgres://portal:s%40cr%3At@db.internal:5432/portal"),
            ("postgres://portal@db.internal:5432/portal".to_string(), Some("s@cr:t".to_string()))
        );
        assert_eq!(split_password("postgres://portal@127.0.0.1:5/x"), ("postgres://portal@127.0.0.1:5/x".into(), None));
        assert_eq!(split_password("postgres:///portal"), ("postgres:///portal".into(), None));
    }
}
