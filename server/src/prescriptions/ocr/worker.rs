//! The OCR worker: takes jobs from the queue, reads every page and parses the text; and,
//! in dev mode, the automatic pharmacist review.
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use api::prescriptions::crosscheck::{self, Known};
use api::prescriptions::{review, OcrLine, PrescriptionStatus, RxFields};
use api::schedule::expand::local_date;

use super::queue::{self, Job, LEASE_SECS};
use super::{preprocess, OcrEngine};
use crate::store::{now, Db};
use crate::{prescriptions, schedule, store::uploads};

/// What the worker needs: the database, where pages live, the engine and a wake-up bell.
#[derive(Clone)]
pub struct Worker {
    pub db: Db,
    pub data_dir: PathBuf,
    /// Stored pages (decrypted when uploads are encrypted at rest).
    pub uploads: uploads::Uploads,
    pub engine: Arc<dyn OcrEngine>,
    pub wake: Arc<tokio::sync::Notify>,
    /// Dev mode: decide prescriptions in review after this many seconds.
    pub auto_review_after: Option<Duration>,
}

/// How often the queue is looked at without a wake-up (expired leases, a missed notification).
const POLL: Duration = Duration::from_secs(2);

impl Worker {
    /// Runs until `stop` turns true: jobs as they come, automatic reviews when due. A job in
    /// hand when told to stop is handed back to the queue at once (a rolling restart does not
    /// leave it waiting out its lease); Tesseract is killed with it.
    pub async fn run(self, mut stop: tokio::sync::watch::Receiver<bool>) {
        while !*stop.borrow() {
            match queue::claim(&self.db).await {
                Ok(Some(job)) => {
                    tokio::select! {
                        _ = self.process(job.clone()) => continue,
                        _ = stop.changed() => {}
                    }
                    match queue::release(&self.db, &job).await {
                        Ok(()) => tracing::info!("stopping: an OCR job went back to the queue"),
                        Err(e) => tracing::warn!(error = ?e, "handing back an OCR job (its lease will run out)"),
                    }
                    return;
                }
                Ok(None) => {}
                Err(e) => tracing::error!(error = ?e, "claiming an OCR job"),
            }
            if let Err(e) = self.auto_review().await {
                tracing::error!(error = ?e, "automatic review");
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
                _ = stop.changed() => {}
            }
        }
    }

    async fn process(&self, job: Job) {
        let id = job.prescription_id.clone();
        let _ =
            prescriptions::transition(&self.db, &id, &[PrescriptionStatus::Uploaded], PrescriptionStatus::Recognising)
                .await;
        // Renew the lease while working, so a long page is not taken over by another worker.
        let heartbeat = async {
            let mut every = tokio::time::interval(Duration::from_secs(LEASE_SECS as u64 / 3));
            loop {
                every.tick().await;
                if let Err(e) = queue::renew(&self.db, &job).await {
                    tracing::warn!(error = ?e, "renewing an OCR lease");
                }
            }
        };
        let result = tokio::select! {
            r = self.read_pages(&id) => r,
            _ = heartbeat => unreachable!("the heartbeat never ends"),
        };
        // A parser bug on one page fails that attempt; it must not take the worker down
        // with it (every later upload would wait for a restart).
        let result = result.and_then(|lines| {
            std::panic::catch_unwind(|| api::prescriptions::parse(&lines))
                .map_err(|_| anyhow::anyhow!("the prescription text parser panicked"))
        });
        let result = match result {
            Ok(mut fields) => self.cross_check(&id, &mut fields).await.map(|()| fields),
            Err(e) => Err(e),
        };
        let outcome = match result {
            Ok(fields) => match queue::complete(&self.db, &job, &fields).await {
                Ok(true) => Ok(()),
                Ok(false) => {
                    tracing::warn!(attempt = job.attempt, "OCR result dropped: the lease had passed to another worker");
                    Ok(())
                }
                Err(e) => Err(e),
            },
            Err(e) => {
                // The cause is logged (no personal data: it is about the engine); the member sees "OCR failed".
                tracing::warn!(error = %e, attempt = job.attempt, "OCR attempt failed");
                match queue::failed(&self.db, &job, &e.to_string()).await {
                    Ok(true) => prescriptions::transition(
                        &self.db,
                        &id,
                        &[PrescriptionStatus::Recognising, PrescriptionStatus::Uploaded],
                        PrescriptionStatus::OcrFailed,
                    )
                    .await
                    .map(|_| ()),
                    Ok(false) => Ok(()),
                    Err(e) => Err(e),
                }
            }
        };
        if let Err(e) = outcome {
            tracing::error!(error = ?e, "recording an OCR result");
        }
    }

    /// Doubts what contradicts the account: a date not dispensable on the upload day, a patient
    /// named nobody the member manages or cares for.
    async fn cross_check(&self, id: &str, fields: &mut RxFields) -> anyhow::Result<()> {
        let member = prescriptions::owner(&self.db, id).await?;
        let people = prescriptions::likely_patients(&self.db, &member).await?;
        let (_, tz) = schedule::home_zone(&self.db, &member).await?;
        let uploaded_on = local_date(&tz, now()).to_string();
        crosscheck::cross_check(fields, Known { uploaded_on: &uploaded_on, people: &people });
        Ok(())
    }

    async fn read_pages(&self, id: &str) -> anyhow::Result<Vec<OcrLine>> {
        let files: Vec<String> =
            sqlx::query_scalar("SELECT file FROM prescription_pages WHERE prescription_id = $1 ORDER BY n")
                .bind(id)
                .fetch_all(&self.db)
                .await?;
        let scratch = tempfile_dir(&self.data_dir).await?;
        // Decrypted pages live here only while Tesseract reads them, whatever the outcome.
        let result = self.recognise_all(&files, &scratch).await;
        let _ = tokio::fs::remove_dir_all(&scratch).await;
        result
    }

    async fn recognise_all(&self, files: &[String], scratch: &std::path::Path) -> anyhow::Result<Vec<OcrLine>> {
        let mut lines = Vec::new();
        for (n, file) in files.iter().enumerate() {
            let bytes = self.uploads.read(file).await?;
            let page = scratch.join(format!("{n}.png"));
            let target = page.clone();
            tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
                let img = image::load_from_memory(&bytes)?;
                preprocess::for_ocr(&img).save(&target)?;
                Ok(())
            })
            .await??;
            let read = self.engine.recognise(&page).await;
            let _ = tokio::fs::remove_file(&page).await;
            lines.extend(read?);
        }
        Ok(lines)
    }

    /// Dev mode's pharmacist: decides prescriptions that have waited long enough, unless a
    /// real pharmacist has the console open (then the queue is theirs).
    async fn auto_review(&self) -> crate::http::error::Result<()> {
        let Some(after) = self.auto_review_after else { return Ok(()) };
        if pharmacist_on_duty(&self.db).await? {
            return Ok(());
        }
        for (id, member, fields) in prescriptions::awaiting_review(&self.db, after.as_secs() as i64).await? {
            let (_, tz) = schedule::home_zone(&self.db, &member).await?;
            let today = local_date(&tz, now()).to_string();
            let decision = review::auto_review(&fields, &today);
            match prescriptions::decide(&self.db, &id, &decision, crate::store::audit::Actor::AutoReview).await {
                Ok(()) | Err(crate::Error::Conflict { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// A scratch directory for one job's preprocessed pages (removed afterwards).
async fn tempfile_dir(data_dir: &std::path::Path) -> anyhow::Result<PathBuf> {
    let dir = data_dir.join("scratch").join(crate::store::new_id());
    tokio::fs::create_dir_all(&dir).await?;
    Ok(dir)
}

/// A pharmacist whose console polled the queue this recently is on duty.
const ON_DUTY_SECS: i64 = 60;

/// Whether a signed-in pharmacist's console polled the queue within [`ON_DUTY_SECS`] (dev
/// mode's automatic pharmacist then stands aside).
async fn pharmacist_on_duty(db: &Db) -> crate::http::error::Result<bool> {
    let t = crate::store::now();
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id
         WHERE s.role = $1 AND s.disabled_at IS NULL AND ss.revoked_at IS NULL AND ss.expires_at > $2 AND ss.seen_at > $3",
    )
    .bind(api::staff::Role::Pharmacist.as_str())
    .bind(t)
    .bind(t - ON_DUTY_SECS)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}
