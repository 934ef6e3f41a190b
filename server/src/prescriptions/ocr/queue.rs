//! The OCR job queue, persisted in the database so jobs survive a restart.
//!
//! A worker claims a job by leasing it and renews the lease while it works; a job whose
//! lease ran out (its worker died mid-way) is claimed again. After [`MAX_ATTEMPTS`] the job
//! fails and the prescription is marked "OCR failed" (the member can still type the fields).
use api::prescriptions::RxFields;

use crate::http::error::Result;
use crate::prescriptions;
use crate::store::{backend, now, Backend, Db};

/// A lease lasts this long unless renewed.
pub const LEASE_SECS: i64 = 30;
/// Tries before a job is given up.
pub const MAX_ATTEMPTS: i64 = 3;

/// A claimed job.
#[derive(Debug, Clone)]
pub struct Job {
    pub prescription_id: String,
    pub attempt: i64,
}

/// Claims the oldest runnable job, if any, in one UPDATE. On PostgreSQL the candidate row is
/// locked with `FOR UPDATE SKIP LOCKED`, so concurrent workers each take a different job
/// instead of queueing on one; the outer condition is re-checked on the locked row, so a job
/// is never claimed twice. SQLite runs one writer at a time, which gives the same.
pub async fn claim(db: &Db) -> Result<Option<Job>> {
    let t = now();
    let lock = if backend(db) == Backend::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
    let runnable = "(state = 'queued' OR (state = 'running' AND lease_until < $2))";
    let sql = format!(
        "UPDATE ocr_jobs SET state = 'running', attempts = attempts + 1, lease_until = $1
         WHERE {runnable} AND prescription_id = (
             SELECT prescription_id FROM ocr_jobs WHERE {runnable} ORDER BY created_at LIMIT 1{lock})
         RETURNING prescription_id, attempts"
    );
    let claimed: Option<(String, i64)> = sqlx::query_as(&sql).bind(t + LEASE_SECS).bind(t).fetch_optional(db).await?;
    Ok(claimed.map(|(prescription_id, attempt)| Job { prescription_id, attempt }))
}

/// Extends the lease of a job this worker still holds (the attempt number fences it: a
/// worker whose lease ran out and was taken over cannot extend the new holder's).
pub async fn renew(db: &Db, job: &Job) -> Result<()> {
    sqlx::query(
        "UPDATE ocr_jobs SET lease_until = $1 WHERE prescription_id = $2 AND attempts = $3 AND state = 'running'",
    )
    .bind(now() + LEASE_SECS)
    .bind(&job.prescription_id)
    .bind(job.attempt)
    .execute(db)
    .await?;
    Ok(())
}

/// Records what OCR read and finishes the job, in one transaction, if this worker still
/// holds it. False when another worker took it over (this one stalled past its lease): its
/// result is dropped, so every job's result is recorded exactly once.
pub async fn complete(db: &Db, job: &Job, fields: &RxFields) -> Result<bool> {
    let mut tx = db.begin().await?;
    let ours = sqlx::query(
        "UPDATE ocr_jobs SET state = 'done', lease_until = NULL
         WHERE prescription_id = $1 AND attempts = $2 AND state = 'running'",
    )
    .bind(&job.prescription_id)
    .bind(job.attempt)
    .execute(&mut *tx)
    .await?;
    if ours.rows_affected() == 0 {
        return Ok(false);
    }
    prescriptions::recognised(&mut tx, &job.prescription_id, fields).await?;
    tx.commit().await?;
    Ok(true)
}

/// Hands a job this worker holds back to the queue, not counted as an attempt (the worker is
/// stopping, the page did nothing wrong). Called only after the work on it was dropped, so
/// the attempt number it frees is never used by this worker again.
pub async fn release(db: &Db, job: &Job) -> Result<()> {
    sqlx::query(
        "UPDATE ocr_jobs SET state = 'queued', lease_until = NULL, attempts = attempts - 1
         WHERE prescription_id = $1 AND attempts = $2 AND state = 'running'",
    )
    .bind(&job.prescription_id)
    .bind(job.attempt)
    .execute(db)
    .await?;
    Ok(())
}

/// Records a failed attempt: back to the queue, or failed for good after the last try.
/// Returns true when the job is given up (false too when the job is no longer ours).
pub async fn failed(db: &Db, job: &Job, error: &str) -> Result<bool> {
    let give_up = job.attempt >= MAX_ATTEMPTS;
    let ours = sqlx::query(
        "UPDATE ocr_jobs SET state = $1, lease_until = NULL, last_error = $2
         WHERE prescription_id = $3 AND attempts = $4 AND state = 'running'",
    )
    .bind(if give_up { "failed" } else { "queued" })
    .bind(error.chars().take(500).collect::<String>())
    .bind(&job.prescription_id)
    .bind(job.attempt)
    .execute(db)
    .await?;
    Ok(give_up && ours.rows_affected() == 1)
}
