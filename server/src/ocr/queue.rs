//! The OCR job queue, persisted in the database so jobs survive a restart.
//!
//! A worker claims a job by leasing it and renews the lease while it works; a job whose
//! lease ran out (its worker died mid-way) is claimed again. After [`MAX_ATTEMPTS`] the job
//! fails and the prescription is marked "OCR failed" (the member can still type the fields).
use crate::error::Result;
use crate::store::{now, Db};

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

/// Claims the oldest runnable job, if any. The claim is one conditional UPDATE, so two
/// workers never hold the same job.
pub async fn claim(db: &Db) -> Result<Option<Job>> {
    let t = now();
    loop {
        let candidate: Option<(String, i64)> = sqlx::query_as(
            "SELECT prescription_id, attempts FROM ocr_jobs
             WHERE state = 'queued' OR (state = 'running' AND lease_until < $1)
             ORDER BY created_at LIMIT 1",
        )
        .bind(t)
        .fetch_optional(db)
        .await?;
        let Some((id, attempts)) = candidate else { return Ok(None) };
        let won = sqlx::query(
            "UPDATE ocr_jobs SET state = 'running', attempts = attempts + 1, lease_until = $1
             WHERE prescription_id = $2 AND attempts = $3 AND (state = 'queued' OR (state = 'running' AND lease_until < $4))",
        )
        .bind(t + LEASE_SECS)
        .bind(&id)
        .bind(attempts)
        .bind(t)
        .execute(db)
        .await?;
        if won.rows_affected() == 1 {
            return Ok(Some(Job { prescription_id: id, attempt: attempts + 1 }));
        }
    }
}

/// Extends the lease of a job still being worked on.
pub async fn renew(db: &Db, job: &Job) -> Result<()> {
    sqlx::query("UPDATE ocr_jobs SET lease_until = $1 WHERE prescription_id = $2 AND state = 'running'")
        .bind(now() + LEASE_SECS)
        .bind(&job.prescription_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Marks a job finished.
pub async fn done(db: &Db, job: &Job) -> Result<()> {
    sqlx::query("UPDATE ocr_jobs SET state = 'done', lease_until = NULL WHERE prescription_id = $1")
        .bind(&job.prescription_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Records a failed attempt: back to the queue, or failed for good after the last try.
/// Returns true when the job is given up.
pub async fn failed(db: &Db, job: &Job, error: &str) -> Result<bool> {
    let give_up = job.attempt >= MAX_ATTEMPTS;
    sqlx::query("UPDATE ocr_jobs SET state = $1, lease_until = NULL, last_error = $2 WHERE prescription_id = $3")
        .bind(if give_up { "failed" } else { "queued" })
        .bind(error.chars().take(500).collect::<String>())
        .bind(&job.prescription_id)
        .execute(db)
        .await?;
    Ok(give_up)
}
