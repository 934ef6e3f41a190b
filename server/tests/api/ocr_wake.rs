//! An upload on one process wakes OCR workers in another (PostgreSQL LISTEN/NOTIFY), so a
//! separate `ocr-worker` starts on the page at once rather than at its next poll. Runs where
//! `PORTAL_TEST_PG` names a PostgreSQL server (SQLite has one process: its `Notify` is enough).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

#[tokio::test]
async fn a_job_queued_by_one_process_wakes_workers_listening_in_another() {
    let Some(url) = crate::helpers::fresh_pg_database().await else {
        eprintln!("no PORTAL_TEST_PG: the SQLite pass has no other process to wake");
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let db = server::store::open(Some(&url), data.path()).await.unwrap();
    let theirs = Arc::new(Notify::new());
    let listener = tokio::spawn(server::prescriptions::ocr::wake::listen(url, theirs.clone()));
    let woken = theirs.notified();
    tokio::pin!(woken);
    // LISTEN takes effect once the listener has connected: ring until it hears (bounded, so a
    // listener that never hears fails the test instead of hanging it).
    let mine = Notify::new();
    let mut heard = false;
    for _ in 0..100 {
        server::prescriptions::ocr::wake::ring(&db, &mine).await;
        if tokio::time::timeout(Duration::from_millis(100), &mut woken).await.is_ok() {
            heard = true;
            break;
        }
    }
    listener.abort();
    assert!(heard, "the other process's workers were woken");
}
