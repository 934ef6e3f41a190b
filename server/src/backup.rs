//! Online backup and restore: `server backup --to DIR`, `server restore --from DIR`.
//! SQLite only: a PostgreSQL deployment backs up with `pg_dump` (or its provider's
//! snapshots) plus a copy of `--uploads-dir`.
//!
//! The database is copied with `VACUUM INTO`, a consistent snapshot taken while the server
//! keeps serving (readers and writers are not blocked for long in WAL mode). Stored files
//! are then copied as the *snapshot* names them, so the backup holds exactly the files its
//! database points to. A manifest records each file's SHA-256; restore checks them all
//! before it writes anything.
use std::path::{Path, PathBuf};

use anyhow::{bail, ensure, Context};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::ConnectOptions;

use crate::store::{backend, Backend, Db};
use crate::{uploads, Config};

const POSTGRES: &str = "backup and restore work on the SQLite database; back PostgreSQL up with pg_dump and copy --uploads-dir";

const DB_FILE: &str = "portal.db";
const MANIFEST: &str = "manifest.json";

/// What a backup holds.
#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub created_at: i64,
    /// SHA-256 of the database snapshot.
    pub database_sha256: String,
    /// Stored file name → SHA-256.
    pub files: std::collections::BTreeMap<String, String>,
    /// Files the snapshot names that were deleted before they could be copied (an account
    /// deleted during the backup); their rows are in the snapshot.
    pub missing: Vec<String>,
}

/// Writes a backup of the live database and its files into `dest` (a new or empty directory).
pub async fn backup(db: &Db, config: &Config, dest: &Path) -> anyhow::Result<Manifest> {
    ensure!(backend(db) == Backend::Sqlite, "{POSTGRES}");
    let uploads_dir = config.uploads_dir();
    if dest.exists() {
        ensure!(std::fs::read_dir(dest)?.next().is_none(), "{} is not empty", dest.display());
    }
    std::fs::create_dir_all(dest.join("uploads"))?;
    let snapshot = dest.join(DB_FILE);
    sqlx::query("VACUUM INTO $1")
        .bind(snapshot.to_str().context("backup path is not UTF-8")?)
        .execute(db)
        .await
        .context("VACUUM INTO")?;
    let mut manifest = Manifest {
        format: "pharmacy-portal-backup/1".into(),
        created_at: crate::store::now(),
        database_sha256: sha256_file(&snapshot)?,
        files: Default::default(),
        missing: Vec::new(),
    };
    for name in stored_files(&snapshot).await? {
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

/// Restores a backup into `data_dir`, which must not hold a database yet (`force` replaces
/// one; the server must be stopped). Every checksum is verified before anything is written.
pub fn restore(src: &Path, config: &Config, force: bool) -> anyhow::Result<Manifest> {
    ensure!(config.database_url.is_none(), "{POSTGRES}");
    let (data_dir, uploads_dir) = (config.data_dir.as_path(), config.uploads_dir());
    let manifest: Manifest = serde_json::from_slice(&std::fs::read(src.join(MANIFEST)).context("reading manifest")?)?;
    ensure!(manifest.format == "pharmacy-portal-backup/1", "unknown backup format {}", manifest.format);
    ensure!(sha256_file(&src.join(DB_FILE))? == manifest.database_sha256, "the database snapshot is damaged");
    for (name, sum) in &manifest.files {
        ensure!(&sha256_file(&src.join("uploads").join(name))? == sum, "stored file {name} is damaged");
    }
    let target = data_dir.join(DB_FILE);
    if target.exists() && !force {
        bail!("{} exists; stop the server and pass --force to replace it", target.display());
    }
    std::fs::create_dir_all(&uploads_dir)?;
    for name in manifest.files.keys() {
        std::fs::copy(src.join("uploads").join(name), uploads_dir.join(name))?;
    }
    // The database last, under a temporary name then renamed: a restore cut off half-way
    // leaves no database that points at files not yet copied.
    for stale in ["portal.db-wal", "portal.db-shm"] {
        let _ = std::fs::remove_file(data_dir.join(stale));
    }
    let partial: PathBuf = data_dir.join("portal.db.restoring");
    std::fs::copy(src.join(DB_FILE), &partial)?;
    std::fs::rename(&partial, &target)?;
    Ok(manifest)
}

/// Every stored file the database at `path` names (prescription pages, feedback photos).
async fn stored_files(path: &Path) -> anyhow::Result<Vec<String>> {
    let mut conn = SqliteConnectOptions::new().filename(path).read_only(true).connect().await?;
    let mut names: Vec<String> = sqlx::query_scalar("SELECT file FROM prescription_pages").fetch_all(&mut conn).await?;
    names.extend(
        sqlx::query_scalar::<_, String>("SELECT photo_path FROM feedback WHERE photo_path IS NOT NULL")
            .fetch_all(&mut conn)
            .await?,
    );
    // Names come from a file on disk: only names the server could have made are copied.
    names.retain(|n| uploads::valid_name(n));
    Ok(names)
}

fn sha256_file(path: &Path) -> anyhow::Result<String> {
    let mut hasher = Sha256::new();
    let mut file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    std::io::copy(&mut file, &mut hasher)?;
    Ok(hex::encode(hasher.finalize()))
}
