//! Stored files that no committed row owns: an upload in progress (recorded before its file
//! is written, removed in the transaction that writes the rows naming it) or a deleted
//! account's files (recorded in the deleting transaction, removed once the files are gone).
//! Whatever a crash leaves listed here is swept: the file is removed unless a row names it.
//! So at any crash point a file is either owned by a row, or listed here and later removed;
//! a row never names a file that was not written first.
use sqlx::AnyConnection;

use crate::http::error::Result;
use crate::store::uploads::Uploads;
use crate::store::{now, Db};

/// Records `file` as about to be written (committed at once, before the file exists).
pub async fn claim(db: &Db, file: &str) -> Result<()> {
    sqlx::query("INSERT INTO pending_files (file, created_at) VALUES ($1, $2)")
        .bind(file)
        .bind(now())
        .execute(db)
        .await?;
    Ok(())
}

/// In the transaction that writes the rows naming `files`: they are owned from its commit.
pub async fn adopt(conn: &mut AnyConnection, files: &[&str]) -> Result<()> {
    for file in files {
        sqlx::query("DELETE FROM pending_files WHERE file = $1").bind(file).execute(&mut *conn).await?;
    }
    Ok(())
}

/// In the transaction that deletes the rows naming `files`: from its commit they are to be
/// removed (by the caller right after, or by the sweep if it crashes first).
pub async fn release(conn: &mut AnyConnection, files: &[String]) -> Result<()> {
    for file in files {
        sqlx::query("INSERT INTO pending_files (file, created_at) VALUES ($1, $2) ON CONFLICT (file) DO NOTHING")
            .bind(file)
            .bind(now())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Removes files that are pending and owned by no row: the file first, then its record (a
/// crash in between leaves the record for the next sweep).
pub async fn remove(db: &Db, uploads: &Uploads, files: &[String]) -> Result<()> {
    for file in files {
        if !owned(db, file).await? {
            uploads.remove(file).await;
        }
        sqlx::query("DELETE FROM pending_files WHERE file = $1").bind(file).execute(db).await?;
    }
    Ok(())
}

async fn owned(db: &Db, file: &str) -> Result<bool> {
    // COUNT is BIGINT on both dialects (a bare `SELECT 1` is INT4 on PostgreSQL).
    let rows: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM prescription_pages WHERE file = $1)
              + (SELECT COUNT(*) FROM feedback WHERE photo_path = $1)",
    )
    .bind(file)
    .fetch_one(db)
    .await?;
    Ok(rows > 0)
}

/// Removes what was left pending for longer than `older_than_secs` (an upload still in
/// progress on another instance is younger than that). Returns how many were listed.
pub async fn sweep(db: &Db, uploads: &Uploads, older_than_secs: i64) -> Result<usize> {
    let stale: Vec<String> = sqlx::query_scalar("SELECT file FROM pending_files WHERE created_at <= $1")
        .bind(now() - older_than_secs)
        .fetch_all(db)
        .await?;
    remove(db, uploads, &stale).await?;
    Ok(stale.len())
}
