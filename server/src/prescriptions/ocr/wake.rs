//! Wakes OCR workers when a job is queued: in this process through a `Notify`; in other
//! processes sharing a PostgreSQL database (`ocr-worker`s, other instances) through
//! LISTEN/NOTIFY, so a worker elsewhere starts at once rather than at its next poll. A missed
//! notification only costs that poll's delay: the queue in the database is the truth.
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use crate::store::{backend, Backend, Db};

const CHANNEL: &str = "ocr_jobs";

/// Tells a worker (here or in another process) that a job was queued.
pub async fn ring(db: &Db, local: &Notify) {
    local.notify_one();
    if backend(db) == Backend::Postgres {
        if let Err(e) = sqlx::query("NOTIFY ocr_jobs").execute(db).await {
            tracing::warn!(error = %e, "notifying OCR workers (they will poll)");
        }
    }
}

/// Forwards notifications from other processes to `local` for as long as the process runs.
pub async fn listen(database_url: String, local: Arc<Notify>) {
    loop {
        match sqlx::postgres::PgListener::connect(&database_url).await {
            Ok(mut listener) => match listener.listen(CHANNEL).await {
                // `recv` reconnects by itself after a dropped connection.
                Ok(()) => {
                    while listener.recv().await.is_ok() {
                        local.notify_one();
                    }
                }
                Err(e) => tracing::warn!(error = %e, "listening for OCR jobs"),
            },
            Err(e) => tracing::warn!(error = %e, "connecting to listen for OCR jobs"),
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}
